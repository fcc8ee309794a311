// What the requester's status page adds after the win: when the counselor marked the request out of
// scope, the other places to turn to that the workspace lists.
import type { HelpRequest, Stores } from '../../db';
import { withDefaults } from '../../domain/policy';
import { html } from '../ui/html';

export async function requesterAftercareCard(stores: Stores, request: HelpRequest) {
  const session = await stores.aftercare.currentSession(request.id);
  if (session?.state !== 'out-of-scope') return html``;
  const workspace = await stores.workspaces.getById(request.workspaceId);
  const alternatives = withDefaults(workspace?.dispatchPolicy).alternatives;
  return html`<div class="card" id="alternatives">
    <h2>Other places to turn to</h2>
    <p>Your counselor found that your request needs more support than peer support can give.</p>
    ${alternatives ? html`<p>${alternatives}</p>` : ''}
  </div>`;
}
