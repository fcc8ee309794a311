// Which workspace a workflow's payloads are sealed for, from its id. Request workflows (`request-<uuid>`) carry
// the requester's case, so they get their workspace's key; the others (schedules, pool digests, messages) are
// sealed with the ring's own key, which only the deployment's processes hold.
import type { WorkspaceOf } from './payload-codec';

const REQUEST_WORKFLOW = /^request-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const CACHE_LIMIT = 10_000;

/** A WorkspaceOf that can be told an answer it will be asked for (the process that stored the request knows it). */
export type WorkspaceResolver = WorkspaceOf & { remember(requestId: string, workspaceId: string): void };

/** `lookup` answers a request's workspace id from the database; known answers are kept (they never change). */
export function workflowWorkspaceResolver(
  lookup: (requestId: string) => Promise<string | undefined>,
): WorkspaceResolver {
  const known = new Map<string, string>();
  const remember = (requestId: string, workspaceId: string) => {
    if (known.size >= CACHE_LIMIT) known.delete(known.keys().next().value as string);
    known.set(requestId, workspaceId);
  };
  const resolve = async (workflowId: string) => {
    const requestId = REQUEST_WORKFLOW.exec(workflowId)?.[1];
    if (!requestId) return undefined;
    const hit = known.get(requestId);
    if (hit) return hit;
    const workspaceId = await lookup(requestId);
    // An unknown request is not remembered: its row may be committed a moment later.
    if (workspaceId) remember(requestId, workspaceId);
    return workspaceId;
  };
  return Object.assign(resolve, { remember });
}
