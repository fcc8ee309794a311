// The notices an action in the app starts as a workflow of their own (a private message, a team-channel post, a
// taken shift swap). The action's row is its own outbox entry: until a notice is marked started, the worker's
// notice outbox reconciler starts it (see workers/notice-outbox-reconciler.ts).
export const NOTICE_KINDS = ['message', 'team-channel-post', 'shift-swap'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
