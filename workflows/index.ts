// The workflows the worker registers.
export { requestWorkflow } from './request-workflow';
export { counselorEscalationWorkflow } from './counselor-escalation-workflow';
export { retentionPurgeWorkflow } from './retention-purge-workflow';
export { poolMessageWorkflow } from './pool-message-workflow';
export { poolHealthWorkflow } from './pool-health-workflow';
export { messageNotificationWorkflow } from './message-notification-workflow';
export { handoverRemindersWorkflow } from './handover-reminders-workflow';
