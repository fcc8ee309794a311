// The coordinators' page of the team's people: roles (several per person), leaving and coming back,
// resetting two-step sign-in. Plain forms, no scripts.
import type { User } from '../../db';
import { ROLES, rolesInWords } from '../../domain/roles';
import { csrfField, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';
import type { Person } from './service';

export function peoplePage(v: {
  user: User;
  people: Person[];
  csrfToken: string;
  /** What the last action did, line by line (a deactivation has several consequences). */
  done?: string[];
  error?: string;
}): string {
  const body = html`<p><a href="/pool">← Pool</a> · <a href="/pool/invite">Invite someone</a></p>
    <h1>People</h1>
    ${v.done?.length ? html`<div id="done">${v.done.map((l) => notice(l))}</div>` : ''}
    ${v.error ? html`<p class="error" role="alert" id="error">${v.error}</p>` : ''}
    <table id="people">
      <thead>
        <tr>
          <th>Name</th>
          <th>Roles</th>
          <th>Two-step</th>
          <th>State</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${v.people.map(
          (p) =>
            html`<tr data-person="${p.id}">
              <td>${p.name}<br /><span class="muted">${p.email}</span></td>
              <td>
                <form method="post" action="/pool/people/${p.id}/roles" class="inline">
                  ${csrfField(v.csrfToken)}
                  ${ROLES.map(
                    (r) =>
                      html`<label
                        ><input type="checkbox" name="roles" value="${r}" ${p.roles.includes(r) ? 'checked' : ''} />
                        ${r}</label
                      >`,
                  )}
                  <button type="submit" class="link">Save roles</button>
                </form>
              </td>
              <td>
                ${p.twoStep ? 'on' : 'off'}
                ${
                  p.twoStep && p.id !== v.user.id
                    ? html`<form method="post" action="/pool/people/${p.id}/reset-two-step" class="inline">
                        ${csrfField(v.csrfToken)}<button type="submit" class="link">Reset</button>
                      </form>`
                    : ''
                }
              </td>
              <td>${p.deactivatedAt ? html`<strong>left</strong>` : 'active'} (${rolesInWords(p.roles)})</td>
              <td>
                ${
                  p.id === v.user.id
                    ? ''
                    : p.deactivatedAt
                      ? html`<form method="post" action="/pool/people/${p.id}/reactivate" class="inline">
                          ${csrfField(v.csrfToken)}<button type="submit">Reactivate</button>
                        </form>`
                      : html`<form method="post" action="/pool/people/${p.id}/deactivate" class="inline">
                          ${csrfField(v.csrfToken)}
                          <button type="submit">Deactivate</button>
                        </form>`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <p class="hint">
      Deactivating someone signs them out at once, withdraws their open offers (the requests go on to the others), makes
      their on-call shifts gaps and gives their open after-care tasks to the coordinators. Reactivating lets them sign
      in again; old offers stay closed.
    </p>`;
  return page({ title: 'People', user: v.user, current: 'people', wide: true }, body);
}
