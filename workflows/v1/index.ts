/**
 * The first release's workflow code, frozen: do not edit (see workflows/versions.ts). Only runs
 * started before `core-v2` execute it; the recorded histories in test/histories/v1 replay through it.
 */
import { debtorWorkflow } from './debtor';
import { dunningWorkflow } from './dunning';
import type { DebtorInput, DunningInput } from './messages';

// A v1 run is replaying the input it was started with, which had the v1 shape: it is handed over as such.
export const runInvoiceV1 = (input: unknown) => dunningWorkflow(input as DunningInput);
export const runDebtorV1 = (input: unknown) => debtorWorkflow(input as DebtorInput);
