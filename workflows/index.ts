export { dunningWorkflow } from './dunning';
export { debtorWorkflow } from './debtor';
