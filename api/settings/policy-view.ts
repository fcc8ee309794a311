// The dispatch policy form: one row per wave (a row set to "No wave" is left out), the hold-open windows,
// the widening steps in their fixed order, the SMS link switch and the alternatives text.
import type { User } from '../../db';
import { WAVE_CHANNELS, WIDENING_STEPS, type WideningStep } from '../../domain/policy';
import { MAX_WAVE_ROWS, type CareFormValues, type PolicyFormValues, type WaveRow } from './policy-form';
import { csrfField, errorSummary, fieldError, invalidAttrs, notice } from '../ui/form-parts';
import { html, page, type SafeHtml } from '../ui/html';

const CHANNEL_OPTIONS: Record<string, string> = {
  sms: 'SMS offer',
  email: 'Email offer',
  alert: 'Alert to staff',
};

export const WIDENING_TEXT: Record<WideningStep, string> = {
  'drop-lived-experience': 'First drop the lived experience the requester asked for',
  'general-support': 'Then include counselors trained for general support',
};

/** Labels for the error summary, so a problem reads "Wave 2, wait: …" rather than a field name. */
function fieldLabel(field: string): string {
  const wave = /^wave-(\d+)-(\w+)$/.exec(field);
  if (wave) {
    const what = { channel: 'channel', wait: 'wait', urgentWait: 'urgent wait' }[wave[2]] ?? wave[2];
    return `Wave ${Number(wave[1]) + 1}, ${what}`;
  }
  return (
    {
      waves: 'Waves',
      holdOpen: 'Hold open',
      urgentHoldOpen: 'Urgent hold open',
      widening: 'Widening',
      smsIncludesLink: 'SMS link',
      alternatives: 'Alternatives',
      assignmentRefusalWindow: 'Hand-back window',
      coolDownAfter: 'Cool-down after',
      coolDownWithin: 'Cool-down window',
      coolDownHold: 'Cool-down hold',
      coolDownAlsoHolds: 'Cool-down also holds',
      supervisionOverdueAfter: 'Check-in overdue after',
      firstContactWithin: 'Remind the counselor after',
      requesterCheckAfter: 'Ask the requester after',
      coordinatorAlertAfter: 'Alert the coordinators after',
      headStart: 'Head start',
      holdBackOvercommitted: 'Hold back overcommitting',
    }[field] ?? field
  );
}

export function policyPage(opts: {
  user: User;
  values: PolicyFormValues;
  errors: Record<string, string>;
  csrfToken: string;
  saved?: boolean;
  /** False: no Twilio account; SMS waves are not offered, and those kept from before are marked skipped. */
  smsEnabled?: boolean;
  /** The team's topics (built-in and its own words) a cool-down may hold as well, with their labels. */
  topics?: { code: string; label: string }[];
}): string {
  const { values, errors } = opts;
  const smsOn = opts.smsEnabled ?? true;
  const channels = WAVE_CHANNELS.filter((c) => smsOn || c !== 'sms');
  // Always one empty row to add a wave into; "Add a wave row" asks for another without saving.
  const rows: WaveRow[] = [...values.waves];
  if (rows.length < MAX_WAVE_ROWS) rows.push({ channel: '', wait: '', urgentWait: '' });
  const text = (name: string, value: string, hint = '') =>
    html`<input
        type="text"
        id="${name}"
        name="${name}"
        value="${value}"
        autocomplete="off"
        spellcheck="false"
        ${hint ? html`placeholder="${hint}"` : ''}
        ${invalidAttrs(errors, name)}
      />
      ${fieldError(errors, name)}`;

  return page(
    { title: 'Dispatch policy', user: opts.user, current: 'settings' },
    html`<p><a href="/">← Requests</a></p>
      <h1>Dispatch policy</h1>
      ${opts.saved ? notice('Saved. Requests submitted from now on use this policy.') : ''}
      ${errorSummary(
        'Nothing was saved. Please check:',
        Object.entries(errors).map(([field, message]) => `${fieldLabel(field)}: ${message}`),
      )}
      ${
        smsOn
          ? ''
          : html`<p class="card" role="status" data-sms="off">
              SMS is off for this team: no Twilio account is configured. SMS waves are skipped (counselors get the next
              wave, by email) and none can be added.
            </p>`
      }
      <p class="card">
        Each request keeps the policy it started with: saving changes requests submitted <strong>after</strong> you
        save. Requests already being dispatched go on as they began.
      </p>
      <form method="post" action="/settings/policy" novalidate>
        ${csrfField(opts.csrfToken)}
        <fieldset>
          <legend>Waves, in order</legend>
          <p class="hint">
            Durations like 30s, 20m, 1.5h or PT20M. The urgent wait applies to requests marked urgent (leave it empty to
            use the normal wait). SMS and email offer the request to the matched counselors; an alert tells the
            coordinators and the on-call lead. Set a row to “No wave” to remove it.
          </p>
          ${errors.waves ? html`<p class="error" id="waves-error">${errors.waves}</p>` : ''}
          ${rows.map(
            (w, i) =>
              html`<div class="wave-row">
                <p class="wave-title">Wave ${i + 1}</p>
                <div>
                  <label for="wave-${i}-channel">Channel</label>
                  <select id="wave-${i}-channel" name="wave-${i}-channel" ${invalidAttrs(errors, `wave-${i}-channel`)}>
                    <option value="">No wave</option>
                    ${channels.map(
                      (c) =>
                        html`<option value="${c}" ${w.channel === c ? html` selected` : ''}>
                          ${CHANNEL_OPTIONS[c]}
                        </option>`,
                    )}
                    ${
                      !smsOn && w.channel === 'sms'
                        ? html`<option value="sms" selected>SMS offer (skipped: SMS is off)</option>`
                        : ''
                    }
                    ${
                      w.channel && w.channel !== 'sms' && !(WAVE_CHANNELS as readonly string[]).includes(w.channel)
                        ? html`<option value="${w.channel}" selected>${w.channel}</option>`
                        : ''
                    }
                  </select>
                  ${fieldError(errors, `wave-${i}-channel`)}
                </div>
                <div>
                  <label for="wave-${i}-wait">Wait</label>
                  ${text(`wave-${i}-wait`, w.wait, 'e.g. 20m')}
                </div>
                <div>
                  <label for="wave-${i}-urgentWait">Urgent wait</label>
                  ${text(`wave-${i}-urgentWait`, w.urgentWait, 'same as wait')}
                </div>
              </div>`,
          )}
        </fieldset>

        <fieldset>
          <legend>After the last wave</legend>
          <label for="holdOpen">Hold open for assignment by hand</label>
          ${text('holdOpen', values.holdOpen, 'e.g. 24h')}
          <label for="urgentHoldOpen">Hold open, urgent requests <span class="hint">(empty: the same)</span></label>
          ${text('urgentHoldOpen', values.urgentHoldOpen, 'e.g. 4h')}
          <label for="assignmentRefusalWindow">Time a counselor assigned by hand has to hand it back</label>
          ${text('assignmentRefusalWindow', values.assignmentRefusalWindow, 'e.g. 2h')}
        </fieldset>

        <fieldset>
          <legend>Spread the work</legend>
          <label for="headStart"
            >Head start for counselors below their usual load (or gone quiet)
            <span class="hint">(empty: everyone hears the first wave at once)</span></label
          >
          ${text('headStart', values.headStart, 'e.g. 5m')}
          <label
            ><input
              type="checkbox"
              name="holdBackOvercommitted"
              value="1"
              ${values.holdBackOvercommitted ? html`checked` : ''}
            />
            With a head start, hold overcommitting counselors to the next wave</label
          >
        </fieldset>

        ${careFieldset(values.care, text, opts.topics ?? [], errors)}

        <fieldset>
          <legend>After an accept: has the counselor been in touch? (each counted from the accept)</legend>
          <label for="firstContactWithin">Remind the counselor to confirm first contact after</label>
          ${text('firstContactWithin', values.firstContactWithin, 'e.g. 24h')}
          <label for="requesterCheckAfter">Ask the requester "Has a counselor been in touch?" after</label>
          ${text('requesterCheckAfter', values.requesterCheckAfter, 'e.g. 36h')}
          <label for="coordinatorAlertAfter"
            >Alert the coordinators when nobody confirmed it after
            <span class="hint">(a "no" from the requester alerts them at once)</span></label
          >
          ${text('coordinatorAlertAfter', values.coordinatorAlertAfter, 'e.g. 48h')}
        </fieldset>

        <fieldset>
          <legend>When nobody matches (and when you widen by hand), in this order</legend>
          ${WIDENING_STEPS.map(
            (s) =>
              html`<label
                ><input
                  type="checkbox"
                  name="widening"
                  value="${s}"
                  ${values.widening.includes(s) ? html` checked` : ''}
                />
                ${WIDENING_TEXT[s]}</label
              >`,
          )}
          ${fieldError(errors, 'widening')}
        </fieldset>

        <fieldset>
          <legend>SMS</legend>
          <label
            ><input type="checkbox" name="smsIncludesLink" value="1" ${values.smsIncludesLink ? html` checked` : ''} />
            SMS offers carry the accept link</label
          >
          <p class="hint">
            Some carriers filter links: without it the SMS carries only the reply code. Emails always have the link.
          </p>
          ${fieldError(errors, 'smsIncludesLink')}
        </fieldset>

        <label for="alternatives"
          >What a requester is told when nobody could be found
          <span class="hint">(other services, helplines; at most 1000 characters)</span></label
        >
        <textarea id="alternatives" name="alternatives" maxlength="1000" ${invalidAttrs(errors, 'alternatives')}>
${values.alternatives}</textarea>
        ${fieldError(errors, 'alternatives')}

        <p class="buttons">
          <button type="submit" name="action" value="save">Save policy</button>
          <button type="submit" name="action" value="add-wave" class="secondary">Add a wave row</button>
        </p>
      </form>`,
  );
}

/** The cool-down and the supervision escalation (care for the carers). */
function careFieldset(
  care: CareFormValues | undefined,
  text: (name: string, value: string, hint?: string) => SafeHtml,
  topics: { code: string; label: string }[],
  errors: Record<string, string>,
): SafeHtml {
  const also = care?.coolDownAlsoHolds ?? [];
  const v = care ?? { coolDownAfter: '', coolDownWithin: '', coolDownHold: '', supervisionOverdueAfter: '' };
  return html`<fieldset id="care">
    <legend>Care for the counselors</legend>
    <label for="coolDownAfter">Cool-down after this many hard sessions <span class="hint">(0: never)</span></label>
    ${text('coolDownAfter', v.coolDownAfter, 'e.g. 3')}
    <label for="coolDownWithin">… within</label>
    ${text('coolDownWithin', v.coolDownWithin, 'e.g. 7d')}
    <label for="coolDownHold">Hold offers of those topics for</label>
    ${text('coolDownHold', v.coolDownHold, 'e.g. 3d')}
    ${
      topics.length
        ? html`<fieldset id="coolDownAlsoHolds">
            <legend>
              Also hold these topics during a cool-down
              <span class="hint">(besides those of the hard sessions' categories; your team's own words too)</span>
            </legend>
            ${topics.map(
              (t) =>
                html`<label
                  ><input
                    type="checkbox"
                    name="coolDownAlsoHolds"
                    value="${t.code}"
                    ${also.includes(t.code) ? html`checked` : ''}
                  />
                  ${t.label}</label
                >`,
            )}
            ${fieldError(errors, 'coolDownAlsoHolds')}
          </fieldset>`
        : ''
    }
    <label for="supervisionOverdueAfter">Tell the coordinators when a supervision check-in is this late</label>
    ${text('supervisionOverdueAfter', v.supervisionOverdueAfter, 'e.g. 2d')}
  </fieldset>`;
}
