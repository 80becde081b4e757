import { describe, expect, it } from 'vitest';
import { ApplicationFailure, TypedSearchAttributes } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { isMissingUpdateHandler, legacyResult } from '../../client/operator-commands';
import { listedInvoice } from '../../client/commands/list';
import { SA } from '../../workflows/search-attributes';
import { outcomeFromFlags, planArg } from '../../client/commands/call';
import { CliError } from '../../client/errors';
import { parsePayload } from '../../client/flags';
import { buildListQuery, literal } from '../../client/list-query';
import { startOptionsFor } from '../../client/start-options';
import { CallOutcomeSchema, PaymentReceivedSchema } from '../../domain/invoice/commands';
import { InvoiceSchema } from '../../domain/invoice/schema';
import { BRIEF_DETAILS, sampleInvoice } from '../helpers/fixtures';

describe('list query', () => {
  it('is running dunning workflows by default', () => {
    expect(buildListQuery({})).toBe("WorkflowType = 'dunningWorkflow' AND ExecutionStatus = 'Running'");
  });

  it('turns every filter into a condition on a search attribute', () => {
    expect(buildListQuery({ stage: 'reminding', debtor: 'CUST-1', minDays: 30, minAmountCents: 123_456, openTask: true, assignee: 'collector' })).toBe(
      "WorkflowType = 'dunningWorkflow' AND ExecutionStatus = 'Running' AND DunningStage = 'reminding' AND DunningDebtorId = 'CUST-1'" +
        ' AND DunningDaysPastDue >= 30 AND DunningAmountDue >= 1234.56 AND DunningCallTaskOpen = true AND DunningCallAssignee = \'collector\'',
    );
    // With today's date, --min-days reads the due date (always current), not DaysPastDue (as of the
    // run's last change): 30 days past due on Fri 12 Mar 2027 = due on or before Wed 10 Feb.
    expect(buildListQuery({ minDays: 30, today: '2027-03-12' })).toBe(
      "WorkflowType = 'dunningWorkflow' AND ExecutionStatus = 'Running' AND DunningDueDate <= '2027-02-10T00:00:00Z'",
    );
    // dunning tasks --kind dispute: every run with an open dispute, whatever its stage.
    expect(buildListQuery({ openDispute: true })).toBe("WorkflowType = 'dunningWorkflow' AND ExecutionStatus = 'Running' AND DunningOpenDisputes > 0");
    // An outcome only exists on closed runs.
    expect(buildListQuery({ outcome: 'paid' })).toBe("WorkflowType = 'dunningWorkflow' AND DunningOutcome = 'paid'");
  });

  it('refuses unknown stages and quotes it cannot write', () => {
    expect(() => buildListQuery({ stage: 'late' })).toThrow(CliError);
    expect(literal("O'Neil")).toBe('"O\'Neil"');
    expect(() => literal(`a'b"c`)).toThrow(CliError);
  });
});

describe('call flags', () => {
  it('reads a payment plan, with French amounts too', () => {
    expect(planArg('2026-05-01:600,2026-06-01:317.28')).toEqual([
      { date: '2026-05-01', amountCents: 60_000 },
      { date: '2026-06-01', amountCents: 31_728 },
    ]);
    expect(planArg('2026-05-01:600,50;2026-06-01:1 317,28')).toEqual([
      { date: '2026-05-01', amountCents: 60_050 },
      { date: '2026-06-01', amountCents: 131_728 },
    ]);
    expect(() => planArg('May 1:600')).toThrow(/DATE:AMOUNT/);
  });

  it('builds an outcome the workflow schema accepts; the promise defaults to what is due', () => {
    const o = outcomeFromFlags({ outcome: 'reached', promiseDate: '2026-05-15', reason: 'forgot', notes: 'ok' }, 'call_1-2', 73_456);
    expect(CallOutcomeSchema.parse(o)).toEqual({ taskId: 'call_1-2', reached: true, reason: 'forgot', promise: { date: '2026-05-15', amountCents: 73_456 }, notes: 'ok' });
    const d = outcomeFromFlags({ outcome: 'reached', disputeKind: 'commercial', disputeDetails: 'price' }, 't', 1);
    expect(CallOutcomeSchema.parse(d).dispute).toEqual({ kind: 'commercial', details: 'price' });
  });

  it('refuses a bad outcome before sending, naming the flags', () => {
    const unreachedPromise = outcomeFromFlags({ outcome: 'unreached', promiseDate: '2026-05-15' }, 't', 100);
    expect(() => parsePayload(CallOutcomeSchema, unreachedPromise, { promise: '--promise-date/--promise-amount' }, 'call outcome')).toThrow(
      'invalid call outcome: --promise-date/--promise-amount: promise needs a call where someone was reached',
    );
    const settlement = outcomeFromFlags({ outcome: 'reached', settlementAmount: 100 }, 't', 100);
    expect(() => parsePayload(CallOutcomeSchema, settlement, { 'settlement.approvedBy': '--approved-by', 'settlement.payBy': '--pay-by' })).toThrow(/--approved-by: .*; --pay-by: /);
  });

  it('--confirmed, --call-back [--call-back-time] and --tense become the outcome fields (docs/calls.md)', async () => {
    const o = outcomeFromFlags({ outcome: 'reached', confirmed: true, callBack: '2026-05-18', callBackTime: '14:30', tense: true }, 'call_1-1', 100);
    expect(CallOutcomeSchema.parse(o)).toEqual({ taskId: 'call_1-1', reached: true, confirmedAtTerm: true, callBack: { date: '2026-05-18', time: '14:30' }, tense: true });
    const flags = { callBack: '--call-back', 'callBack.date': '--call-back', 'callBack.time': '--call-back-time', tense: '--tense' };
    expect(() => parsePayload(CallOutcomeSchema, outcomeFromFlags({ outcome: 'unreached', tense: true }, 't', 1), flags, 'call outcome')).toThrow('invalid call outcome: --tense: tense needs a call where someone was reached');
    expect(() => parsePayload(CallOutcomeSchema, outcomeFromFlags({ outcome: 'reached', callBackTime: '14:30' }, 't', 1), flags, 'call outcome')).toThrow('invalid call outcome: --call-back: required');
    const { debtorOutcomeFromFlags } = await import('../../client/commands/call');
    const { DebtorCallOutcomeSchema } = await import('../../domain/invoice/commands');
    expect(DebtorCallOutcomeSchema.parse(debtorOutcomeFromFlags({ outcome: 'reached', callBack: '2026-05-18' }, 'CUST-1-call-1', 'FA-1', 5000))).toEqual({ debtorTaskId: 'CUST-1-call-1', reached: true, callBack: { date: '2026-05-18' }, shares: [] });
  });

  it('names payment flags', () => {
    expect(() => parsePayload(PaymentReceivedSchema, { paymentId: 'P', amountCents: 0 }, { amountCents: '--amount' }, 'payment')).toThrow('invalid payment: --amount: must be more than 0');
  });
});

describe('start options', () => {
  it('makes the run readable at once (summary, memo), leaves the search attributes to its first task, and passes the raw policy', () => {
    const invoice = InvoiceSchema.parse(sampleInvoice(BRIEF_DETAILS));
    const policy = { name: 'raw', steps: [] } as never;
    const o = startOptionsFor(invoice, { taskQueue: 'dunning', policy });
    expect(o.workflowId).toBe('dunning-INV-2027-001');
    expect(o.args[0].policy).toBe(policy);
    expect(o.args[0].coordinated).toBe(true); // one reminder per debtor unless --per-invoice
    expect(startOptionsFor(invoice, { taskQueue: 'dunning', coordinated: false }).args[0].coordinated).toBe(false);
    expect(o.staticSummary).toBe('INV-2027-001 · Acme SARL · 1 234,56\u00a0€ due 2027-02-03');
    const memo = { invoice: { invoiceId: 'INV-2027-001', debtor: 'Acme SARL', amountCents: 123_456, currency: 'EUR', dueDate: '2027-02-03' } };
    // Coordinated (the default): the memo names the debtor's run too.
    expect(o.memo).toEqual({ ...memo, debtorRun: 'debtor-ACME' });
    expect(startOptionsFor(invoice, { taskQueue: 'dunning', coordinated: false }).memo).toEqual(memo);
    // A custom search attribute in the start costs ~15 % of import throughput (bench/start-variants.ts);
    // the run's first task writes them all (test/workflow/visibility.test.ts).
    expect(o.typedSearchAttributes).toBeUndefined();
  });
});

describe('merged call flags (one call for several invoices of a debtor)', () => {
  it('gives this invoice its share, or one promise for all with --promise-all', async () => {
    const { debtorOutcomeFromFlags } = await import('../../client/commands/call');
    const { DebtorCallOutcomeSchema } = await import('../../domain/invoice/commands');
    const share = debtorOutcomeFromFlags({ outcome: 'reached', promiseDate: '2026-05-15', reason: 'forgot' }, 'CUST-1-call-1', 'FA-1', 5000);
    expect(DebtorCallOutcomeSchema.parse(share)).toMatchObject({
      debtorTaskId: 'CUST-1-call-1',
      reached: true,
      shares: [{ invoiceId: 'FA-1', reason: 'forgot', promise: { date: '2026-05-15', amountCents: 5000 } }],
    });
    const all = debtorOutcomeFromFlags({ outcome: 'reached', promiseAll: true, promiseDate: '2026-05-15' }, 'CUST-1-call-1', 'FA-1', 5000);
    expect(DebtorCallOutcomeSchema.parse(all)).toMatchObject({ promiseAll: { date: '2026-05-15' }, shares: [] });
    // An unreached call has no share: nothing was agreed.
    const unreached = debtorOutcomeFromFlags({ outcome: 'unreached', reason: 'forgot', notes: 'voicemail' }, 'CUST-1-call-1', 'FA-1', 5000);
    expect(DebtorCallOutcomeSchema.parse(unreached)).toMatchObject({ reached: false, shares: [] });
    expect(() => parsePayload(DebtorCallOutcomeSchema, debtorOutcomeFromFlags({ outcome: 'reached', promiseAll: true }, 'c', 'FA-1', 1), { 'promiseAll.date': '--promise-date' })).toThrow(
      'invalid input: --promise-date: required',
    );
  });
});

describe('list rows', () => {
  it("show a running file's days past due as of today, a closed one's as published", () => {
    const typedSearchAttributes = new TypedSearchAttributes([
      { key: SA.invoiceId, value: 'INV-1' },
      { key: SA.dueDate, value: new Date('2027-02-03T00:00:00Z') },
      { key: SA.daysPastDue, value: 5 }, // published at the run's last change, Mon 8 Feb
    ]);
    const info = (status: string) => ({ workflowId: 'dunning-INV-1', status: { name: status }, typedSearchAttributes });
    expect(listedInvoice(info('RUNNING'), '2027-03-12').daysPastDue).toBe(37);
    expect(listedInvoice(info('COMPLETED'), '2027-03-12').daysPastDue).toBe(5);
    expect(listedInvoice(info('RUNNING')).daysPastDue).toBe(5);
  });
});

describe('operator commands on a first-version run (workflows/v1: signals only)', () => {
  it('recognises the missing update handler, and nothing else, as the cue to send the signal', () => {
    const missing = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.nonRetryable('No registered handler for update: recordPayment'));
    const refused = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.nonRetryable('more than is due', 'Refused:overpayment'));
    expect([isMissingUpdateHandler(missing), isMissingUpdateHandler(refused), isMissingUpdateHandler(new Error('No registered handler for update: x'))]).toEqual([true, false, false]);
  });

  it("answers from the state the signal left: applied, unapplied, stage and outcome", () => {
    const invoice = InvoiceSchema.parse(sampleInvoice({}));
    // 1 234,56 € due, 1 300,00 € paid: 1 234,56 € applied, 65,44 € unapplied, the file closes.
    expect(legacyResult({ amountDueCents: 123_456 }, { stage: 'closed', amountDueCents: 0, outcome: 'paid', invoice }, 130_000)).toEqual({
      stage: 'closed', amountDueCents: 0, currency: 'EUR', outcome: 'paid', appliedCents: 123_456, unappliedCents: 6_544,
    });
    expect(legacyResult({ amountDueCents: 123_456 }, { stage: 'paused', amountDueCents: 123_456, invoice })).toEqual({ stage: 'paused', amountDueCents: 123_456, currency: 'EUR' });
  });
});
