// Which workspace a workflow's payloads are sealed for, from its id. Request workflows (`request-<uuid>`) carry
// the requester's case, so they get their workspace's key; the others (schedules, pool digests, messages) are
// sealed with the ring's own key, which only the deployment's processes hold.
import type { WorkspaceOf } from './payload-codec';

const REQUEST_WORKFLOW = /^request-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const CACHE_LIMIT = 10_000;

/** `lookup` answers a request's workspace id from the database; known answers are kept (they never change). */
export function workflowWorkspaceResolver(lookup: (requestId: string) => Promise<string | undefined>): WorkspaceOf {
  const known = new Map<string, string>();
  return async (workflowId) => {
    const requestId = REQUEST_WORKFLOW.exec(workflowId)?.[1];
    if (!requestId) return undefined;
    const hit = known.get(requestId);
    if (hit) return hit;
    const workspaceId = await lookup(requestId);
    // An unknown request is not remembered: its row may be committed a moment later.
    if (workspaceId) {
      if (known.size >= CACHE_LIMIT) known.delete(known.keys().next().value as string);
      known.set(requestId, workspaceId);
    }
    return workspaceId;
  };
}
