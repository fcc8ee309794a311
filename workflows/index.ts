// The workflows the worker registers.
export { requestWorkflow } from './request-workflow';
export { counselorEscalationWorkflow } from './counselor-escalation-workflow';
export { messageNotificationWorkflow } from './message-notification-workflow';
