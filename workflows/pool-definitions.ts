// Names the API and the worker share for the pool's own workflows (ids only in their inputs).
/**
 * 'password-reset': id is the account's id, round the moment it was asked for (one message per ask).
 * 'sign-in-failures': id is the account's id, round the moment its failed sign-ins reached the day's notice count
 * (the throttle answers that once per 24-hour window).
 */
export type PoolMessageKind = 'invite' | 'phone-code' | 'password-reset' | 'sign-in-failures';

export interface PoolMessageInput {
  kind: PoolMessageKind;
  /** The invitation's, the phone verification's or the account's id. */
  id: string;
  /** A resent invitation's round (its new expiry), or the moment an account email was asked for: a workflow of its own. */
  round?: number;
}

export const POOL_MESSAGE_WORKFLOW = 'poolMessageWorkflow';
export const poolMessageWorkflowId = (input: PoolMessageInput): string =>
  `pool-${input.kind}-${input.id}${input.round ? `-${input.round}` : ''}`;

export const POOL_HEALTH_WORKFLOW = 'poolHealthWorkflow';
export const POOL_HEALTH_SCHEDULE_ID = 'pool-health-daily';

export interface PoolHealthInput {
  /** Only these workspaces (a test's own); all of them when left out. */
  workspaceIds?: string[];
}
