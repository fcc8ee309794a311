// What a requester may expect, worked out once for the confirmation page, the JSON answer and the status page.
import type { HelpRequest, Stores, Workspace } from '../../db';
import { criteriaForRequest } from '../../domain/match-criteria';
import type { ExpectedWait } from '../../domain/expected-wait';
import { withDefaults } from '../../domain/policy';

/**
 * The match as dispatch would find it with every widening step of the workspace's policy taken (the widest it
 * can get), so the wait speaks for everyone who could end up being offered the request.
 */
export async function expectedWaitFor(
  stores: Stores,
  request: HelpRequest,
  now = new Date(),
  /** The request's workspace when the caller has read it already (the intake has): one read less. */
  known?: Workspace,
): Promise<ExpectedWait> {
  const workspace = known?.id === request.workspaceId ? known : await stores.workspaces.getById(request.workspaceId);
  const policy = withDefaults(workspace?.dispatchPolicy);
  return stores.matching.expectedWait(criteriaForRequest(request, policy.widening), now);
}
