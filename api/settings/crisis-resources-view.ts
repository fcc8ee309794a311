// The crisis resources page: the list requesters see at intake, and the form to add one.
import type { CrisisResource } from '../../db/stores/safety-store';
import { LANGUAGES } from '../../domain/vocabulary';
import { csrfField, errorSummary, fieldError, invalidAttrs, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';

export function crisisResourcesPage(
  token: string,
  resources: CrisisResource[],
  opts: { errors?: Record<string, string>; values?: Record<string, string>; note?: string } = {},
) {
  const errors = opts.errors ?? {};
  const v = (k: string) => opts.values?.[k] ?? '';
  return page(
    { title: 'Crisis resources' },
    html`<h1>Crisis resources</h1>
      ${opts.note ? notice(opts.note) : ''}
      <p>Requesters see these on the request form, and first of all when they say they may be in danger now.</p>
      <table>
        <thead>
          <tr>
            <th>Service</th>
            <th>Phone</th>
            <th>Web</th>
            <th>Language</th>
            <th>Country</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${resources.map(
            (r) =>
              html`<tr>
                <td>${r.name}${r.note ? html`<br /><span class="muted">${r.note}</span>` : ''}</td>
                <td>${r.phone ?? ''}</td>
                <td>${r.url ?? ''}</td>
                <td>${r.language ?? 'any'}</td>
                <td>${r.country ?? 'any'}</td>
                <td>
                  <form method="post" action="/settings/crisis-resources/${r.id}/delete">
                    ${csrfField(token)}<button type="submit" class="link">Remove</button>
                  </form>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>Add a resource</h2>
      ${errorSummary('Please check the form:', Object.values(errors))}
      <form method="post" action="/settings/crisis-resources">
        ${csrfField(token)}
        <label for="name">Service</label>
        <input type="text" id="name" name="name" value="${v('name')}" ${invalidAttrs(errors, 'name')} />
        ${fieldError(errors, 'name')}
        <label for="phone">Phone</label>
        <input type="tel" id="phone" name="phone" value="${v('phone')}" ${invalidAttrs(errors, 'phone')} />
        ${fieldError(errors, 'phone')}
        <label for="url">Web address</label>
        <input type="text" id="url" name="url" value="${v('url')}" ${invalidAttrs(errors, 'url')} />
        ${fieldError(errors, 'url')}
        <label for="language">For requesters speaking <span class="hint">(empty: everyone)</span></label>
        <select id="language" name="language">
          <option value="">Any language</option>
          ${Object.entries(LANGUAGES).map(
            ([code, name]) =>
              html`<option value="${code}" ${v('language') === code ? html` selected` : ''}>${name}</option>`,
          )}
        </select>
        ${fieldError(errors, 'language')}
        <label for="country">Country <span class="hint">(two letters, e.g. EE; empty: any)</span></label>
        <input
          type="text"
          id="country"
          name="country"
          value="${v('country')}"
          maxlength="2"
          ${invalidAttrs(errors, 'country')}
        />
        ${fieldError(errors, 'country')}
        <label for="note">Note <span class="hint">(opening hours, who it is for)</span></label>
        <input type="text" id="note" name="note" value="${v('note')}" ${invalidAttrs(errors, 'note')} />
        ${fieldError(errors, 'note')}
        <label for="position">Order</label>
        <input type="text" id="position" name="position" value="${v('position') || '0'}" inputmode="numeric" />
        <p><button type="submit">Add</button></p>
      </form>`,
  );
}
