// The settings page of the board and the requester pages: time-to-help target, page languages, phone country.
import { AVAILABLE_LANGUAGES, LANGUAGE_NAMES } from '../i18n';
import { csrfField, errorSummary, fieldError, invalidAttrs, notice } from '../ui/form-parts';
import { html, page, type PageOptions } from '../ui/html';

export interface BoardSettingsValues {
  targetHours: string;
  phoneCountry: string;
  /** What an empty phone country means for this team (its time zone's country), for the hint. */
  zoneCountry?: string;
  pageLanguages: string[];
}

export function boardSettingsPage(v: {
  user: PageOptions['user'];
  csrf: string;
  /** Just saved (the redirect after a save): says so. */
  saved: boolean;
  values: BoardSettingsValues;
  errors: Record<string, string>;
}): string {
  const invalid = Object.keys(v.errors).length > 0;
  return page(
    { title: 'Board and requester pages', user: v.user, current: 'settings' },
    html`<p><a href="/settings">← Settings</a></p>
      <h1>Board and requester pages</h1>
      ${!invalid && v.saved ? notice('Saved.') : ''} ${errorSummary('Nothing was saved:', Object.values(v.errors))}
      <form method="post" action="/settings/board" novalidate>
        ${csrfField(v.csrf)}
        <label for="targetHours"
          >Time-to-help target, in hours
          <span class="hint">(from a request being sent to a counselor accepting it)</span></label
        >
        <input
          type="text"
          inputmode="decimal"
          id="targetHours"
          name="targetHours"
          value="${v.values.targetHours}"
          ${invalidAttrs(v.errors, 'targetHours')}
        />
        ${fieldError(v.errors, 'targetHours')}
        <fieldset ${invalidAttrs(v.errors, 'pageLanguages')}>
          <legend>Languages of the request form and status page</legend>
          ${AVAILABLE_LANGUAGES.map(
            (code) =>
              html`<label
                ><input
                  type="checkbox"
                  name="pageLanguages"
                  value="${code}"
                  ${v.values.pageLanguages.includes(code) ? html`checked` : ''}
                />
                ${LANGUAGE_NAMES[code] ?? code}</label
              >`,
          )}
        </fieldset>
        ${fieldError(v.errors, 'pageLanguages')}
        <label for="phoneCountry"
          >Country of phone numbers
          <span class="hint"
            >(two letters, like EE: numbers typed without +country code are read as dialled there; empty: the time
            zone's country${v.values.zoneCountry ? `, ${v.values.zoneCountry}` : ''})</span
          ></label
        >
        <input
          type="text"
          id="phoneCountry"
          name="phoneCountry"
          maxlength="2"
          value="${v.values.phoneCountry}"
          ${invalidAttrs(v.errors, 'phoneCountry')}
        />
        ${fieldError(v.errors, 'phoneCountry')}
        <div class="buttons"><button type="submit">Save</button></div>
      </form>`,
  );
}
