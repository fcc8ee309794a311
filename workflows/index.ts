// The workflows the worker registers.
export { requestWorkflow } from './request-workflow';
