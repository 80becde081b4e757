export { dunningWorkflow } from './dunning';
