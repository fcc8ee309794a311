// One request as a coordinator or lead sees it: the summary, the live dispatch status with names, the
// timeline in words, and the actions (assign, widen, extend, cancel) as plain forms.
import { hasRole } from '../../domain/roles';
import type { HelpRequest, RequestEvent, User } from '../../db';
import { languageName, LIVED_EXPERIENCE_LABELS, topicLabel } from '../../domain/vocabulary';
import type { DispatchStatus, FirstContactStatus } from '../../workflows/definitions';
import type { WideningStep } from '../../domain/policy';
import type { CoordinatorAction } from './coordinator-action-service';
import { csrfField, errorSummary, fieldError, formatMs, invalidAttrs, notice, utc } from '../ui/form-parts';
import { html, page, type SafeHtml } from '../ui/html';
import { matchExplanationSection } from './match-explanation-view';

export interface ActionError {
  action: CoordinatorAction;
  message: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

export interface RequestPageView {
  user: User;
  request: HelpRequest;
  /** The live status; null when the workflow engine could not be asked (the page still renders). */
  status: DispatchStatus | null;
  /** Names of every counselor and staff member the status and timeline mention, by id. */
  names: Map<string, string>;
  events: RequestEvent[];
  cancelReason: string | null;
  /** Who can be assigned by hand. */
  counselors: User[];
  csrfToken: string;
  temporalUrl?: string;
  done?: string;
  error?: ActionError;
  /** Every counselor against this request: matched or not, and why (absent when it could not be worked out). */
  matchExplanation?: import('../../db').MatchExplanation[];
  /** The workspace's words (built-in and its own), so a team word reads as the team's label. */
  vocabulary?: import('../../db').Vocabulary;
}

export const PHASE_LABELS: Record<string, string> = {
  matching: 'Matching',
  offering: 'Offering',
  assigned: 'Assigned',
  unmatched: 'Unmatched: nobody could take it',
  cancelled: 'Cancelled',
};

const CHANNEL_LABELS: Record<string, string> = {
  sms: 'SMS',
  email: 'email',
  alert: 'alert to coordinators and the on-call lead',
};

const WIDENING_LABELS: Record<WideningStep, string> = {
  'drop-lived-experience': 'without the lived experience asked for',
  'general-support': 'with counselors for general support',
};

const ALERT_REASONS: Record<string, string> = {
  'no-match': 'no counselor matches this request',
  widened: 'the match had to be widened',
  'no-accept': 'nobody has accepted yet',
  'assignment-refused': 'the assigned counselor cannot take it',
  'requester-not-contacted': 'the requester says no counselor has been in touch',
  'first-contact-missing': 'the counselor who accepted has not confirmed first contact',
};

const REPLY_RESULTS: Record<string, string> = {
  won: 'it is theirs',
  taken: 'someone else had taken it',
  expired: 'no longer open',
  'not-offered': 'it was not offered to them',
  declined: 'declined',
  pending: 'waiting for the engine to confirm',
};

/** The confirmations a finished form action redirects to (?done=…): fixed texts, nothing echoed from the URL. */
export const DONE_TEXT: Record<string, string> = {
  assigned: 'Assigned. The counselor has been told, and can hand it back if they cannot take it.',
  widening: 'Widening the match: anyone newly matched is offered the request now.',
  extended: 'Extended: the request stays open for assignment longer.',
  cancelling: 'Cancelling: the request closes in a moment, and everyone who was offered it is told.',
  released: 'Released: the counselor has been told, and the request is being offered again without them.',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * One timeline record in words. Ids become names; unknown types still read as something. `again`: a match (or a
 * widening by the same step) after an earlier one: the workflow's own match when it started late (Temporal down at
 * intake), or a new dispatch after a hand-back, refusal or release; so the timeline does not read as the same line
 * twice.
 */
export function describeEvent(e: RequestEvent, nameOf: (id: unknown) => string, again = false): string {
  const d = e.data ?? {};
  switch (e.type) {
    case 'submitted':
      return 'Request submitted';
    case 'matched':
      return again
        ? `Matched again: ${plural(num(d.count), 'counselor')}`
        : `Matched ${plural(num(d.count), 'counselor')}`;
    case 'widened':
      return `Match widened ${again ? 'again ' : ''}${WIDENING_LABELS[str(d.step) as WideningStep] ?? str(d.step)}: ${plural(num(d.count), 'counselor')}`;
    case 'wave-sent': {
      const failed = Array.isArray(d.failed) ? d.failed.length : num(d.failed);
      const purpose = str(d.purpose);
      const what = purpose.endsWith('-early')
        ? `Email sent at once because an SMS did not arrive`
        : purpose.endsWith('-widened')
          ? `Offers sent to the newly matched by ${CHANNEL_LABELS[str(d.channel)] ?? str(d.channel)}`
          : `Wave ${num(d.wave)} sent by ${CHANNEL_LABELS[str(d.channel)] ?? str(d.channel)}`;
      const parts = [`${num(d.sent)} sent`];
      if (num(d.skipped)) parts.push(`${num(d.skipped)} kept for a later wave (quiet hours, STOP or no address)`);
      if (failed) parts.push(`${failed} failed`);
      return `${what}: ${parts.join(', ')}`;
    }
    case 'escalated':
      return `Coordinators and the on-call lead alerted (${plural(num(d.staff), 'person', 'people')}): ${
        ALERT_REASONS[str(d.reason)] ?? str(d.reason)
      }`;
    case 'declined':
      return `${nameOf(d.counselorId)} declined`;
    case 'accepted':
      return `${nameOf(d.counselorId)} accepted`;
    case 'assigned-by-coordinator':
      return `${nameOf(d.coordinatorId)} assigned it to ${nameOf(d.counselorId)}`;
    case 'assignment-refused':
      return `${nameOf(d.counselorId)} handed the assignment back: dispatch resumed without them`;
    case 'released':
      return `Released from ${nameOf(d.counselorId)} by a coordinator: dispatch resumed without them`;
    case 'first-contact-confirmed':
      return d.by === 'requester'
        ? 'The requester said a counselor has been in touch'
        : 'The counselor confirmed first contact with the requester';
    case 'first-contact-reminded':
      return `${nameOf(d.counselorId)} was reminded to confirm first contact`;
    case 'requester-told-nobody-can-take':
      return 'Nobody in the team could ever take it: the requester was told at once, with the alternatives';
    case 'contact-check-sent':
      return 'The requester was asked whether a counselor has been in touch';
    case 'requester-not-contacted':
      return 'The requester said nobody has been in touch';
    case 'extended':
      return `${nameOf(d.coordinatorId)} extended the hold by ${formatMs(num(d.byMs))}`;
    case 'widen-requested':
      return `${nameOf(d.coordinatorId)} asked to widen the match`;
    case 'after-win-sent':
      return `Confirmation, thank-you and requester messages sent (${plural(num(d.messages), 'message')})`;
    case 'purged':
      return `Contact details and free text removed (kept ${num(d.retentionDays)} days after closing)`;
    case 'unmatched':
      return 'Closed unmatched: nobody could take it in time; the requester was told';
    case 'cancelled':
      return `Cancelled by ${d.by === 'requester' ? 'the requester' : 'a coordinator'}`;
    case 'delivery-failed': {
      // A message with no counselor went to the requester.
      const to = d.counselorId ? nameOf(d.counselorId) : 'the requester';
      const by = d.channel ? ` by ${CHANNEL_LABELS[str(d.channel)] ?? str(d.channel)}` : '';
      const why = [str(d.status), d.errorCode ? `error ${String(d.errorCode)}` : ''].filter(Boolean).join(', ');
      return `A message to ${to} could not be delivered${by}${why ? ` (${why})` : ''}`;
    }
    case 'sms-reply': {
      const verb = d.action === 'decline' ? 'decline' : 'accept';
      const result = str(d.result);
      return `${nameOf(d.counselorId)} replied by SMS to ${verb}${result ? `: ${REPLY_RESULTS[result] ?? result}` : ''}`;
    }
    case 'sms-stopped':
      return `${nameOf(d.counselorId)} texted STOP: no more SMS to them until they text START`;
    case 'sms-started':
      return `${nameOf(d.counselorId)} texted START: SMS resumed`;
    case 'dispatch-start-failed':
      return 'Dispatch could not start: the workflow engine was unavailable';
    default: {
      const words = e.type.replace(/[-_]+/g, ' ');
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
  }
}

const OPEN_PHASES = new Set(['matching', 'offering']);

const FIRST_CONTACT_ALERTS: Record<string, string> = {
  'requester-not-contacted': 'The requester says nobody has been in touch.',
  'first-contact-missing': 'The counselor has not confirmed first contact in time.',
};

/** Where the first contact stands, and the one action that sends the request back to dispatch. */
function releaseForm(v: RequestPageView, fc: FirstContactStatus | undefined): SafeHtml {
  const where = !fc
    ? ''
    : fc.confirmedBy
      ? `First contact confirmed by the ${fc.confirmedBy}.`
      : fc.alerted
        ? FIRST_CONTACT_ALERTS[fc.alerted]
        : fc.requesterAsked
          ? 'No first contact confirmed yet; the requester has been asked.'
          : fc.reminded
            ? 'No first contact confirmed yet; the counselor has been reminded.'
            : 'No first contact confirmed yet.';
  return html`<form method="post" action="/requests/${v.request.id}/release" class="card" id="release">
    ${csrfField(v.csrfToken)}
    <p id="first-contact" data-alerted="${fc?.alerted ?? ''}"><strong>${where}</strong></p>
    <p>
      Release it back to dispatch: the counselor is told it has gone to someone else, and the others are offered it
      again.
    </p>
    ${v.error?.action === 'release' ? html`<p class="error">${v.error.message}</p>` : ''}
    <button type="submit" class="danger">Release to dispatch</button>
  </form>`;
}

/** The timeline in words, in order: each match, and each widening by a step, knows whether it came before. */
export function describeTimeline(
  events: readonly RequestEvent[],
  nameOf: (id: unknown) => string,
): { e: RequestEvent; words: string }[] {
  const seen = new Set<string>();
  return events.map((e) => {
    const what = e.type === 'matched' ? 'matched' : e.type === 'widened' ? `widened:${str(e.data?.step)}` : undefined;
    const words = describeEvent(e, nameOf, what !== undefined && seen.has(what));
    if (what) seen.add(what);
    return { e, words };
  });
}

export function requestPage(v: RequestPageView): string {
  const { request, status } = v;
  const nameOf = (id: unknown) =>
    (typeof id === 'string' && v.names.get(id)) || (id ? 'someone no longer in the team' : 'someone');
  const phase = status?.phase ?? request.phase;
  const open = OPEN_PHASES.has(phase);
  // A winner who has gone silent: the request can go back to dispatch (requests started before the check cannot).
  const releasable = (phase === 'scheduling' || phase === 'scheduled') && !!status?.firstContact;
  const err = v.error;
  const errorsFor = (a: CoordinatorAction) => (err?.action === a ? err.fields : {});
  const valueOf = (a: CoordinatorAction, field: string) => (err?.action === a ? (err.values[field] ?? '') : '');
  const people = (ids: string[] | undefined, empty: string): SafeHtml =>
    ids && ids.length
      ? html`<ul class="names">
          ${ids.map((id) => html`<li>${nameOf(id)}</li>`)}
        </ul>`
      : html`<span class="muted">${empty}</span>`;
  const lived = request.livedExperience
    .map((t) => LIVED_EXPERIENCE_LABELS[t] ?? v.vocabulary?.livedExperience[t] ?? t)
    .join(', ');
  const topic = topicLabel(request.topic, v.vocabulary?.specialisms);

  const body = html`<p><a href="/board">← Live board</a> · <a href="/">All requests</a></p>
    <h1>${topic}${request.urgent ? html` <strong class="error">urgent</strong>` : ''}</h1>
    ${v.done && DONE_TEXT[v.done] ? notice(DONE_TEXT[v.done]) : ''}
    ${
      err
        ? errorSummary(
            err.message,
            Object.values(err.fields).filter((m) => m !== err.message),
          )
        : ''
    }
    <dl class="facts">
      <dt>Topic</dt>
      <dd>${topic}</dd>
      <dt>Language</dt>
      <dd>${languageName(request.language)}</dd>
      <dt>Lived experience</dt>
      <dd>${lived || html`<span class="muted">none asked for</span>`}</dd>
      <dt>Urgent</dt>
      <dd>${request.urgent ? 'Yes: the requester said they may be in danger' : 'No'}</dd>
      <dt>Submitted</dt>
      <dd>${utc(request.createdAt)}</dd>
    </dl>

    <h2>Dispatch</h2>
    ${status ? '' : html`<p class="error">The live status is not available right now; this is what the database says.</p>`}
    <dl class="facts">
      <dt>Phase</dt>
      <dd id="phase" data-phase="${phase}"><strong>${PHASE_LABELS[phase] ?? phase}</strong></dd>
      ${
        status
          ? html`<dt>Wave</dt>
              <dd id="wave">
                ${
                  status.wave > 0
                    ? html`${status.wave}${status.channel ? html` (${CHANNEL_LABELS[status.channel] ?? status.channel})` : ''}`
                    : html`<span class="muted">none yet</span>`
                }
              </dd>
              <dt>Matched</dt>
              <dd>
                ${plural(status.matched, 'counselor')}${
                  status.widened.length
                    ? html` (widened ${status.widened.map((s) => WIDENING_LABELS[s] ?? s).join(', then ')})`
                    : ''
                }
              </dd>
              <dt>Offered to</dt>
              <dd id="offered">${people(status.offered, 'nobody yet')}</dd>
              <dt>Declined</dt>
              <dd id="declined">${people(status.declined, 'nobody')}</dd>
              ${
                status.excluded.length
                  ? html`<dt>Handed back</dt>
                      <dd id="excluded">${people(status.excluded, '')}</dd>`
                  : ''
              }
              <dt>Taken by</dt>
              <dd id="winner">
                ${
                  status.winner
                    ? html`<strong>${nameOf(status.winner)}</strong>${
                          status.assignedBy ? html` (assigned by ${nameOf(status.assignedBy)})` : ''
                        }${status.assignedAt ? html` after ${formatMs(status.assignedAt - status.startedAt)}` : ''}`
                    : html`<span class="muted">nobody yet</span>`
                }
              </dd>
              ${
                status.firstOfferAt
                  ? html`<dt>First offer</dt>
                      <dd>${formatMs(status.firstOfferAt - status.startedAt)} after it was submitted</dd>`
                  : ''
              }
              ${
                status.holdUntil && open
                  ? html`<dt>Open for assignment until</dt>
                      <dd>${utc(status.holdUntil)}</dd>`
                  : ''
              }
              ${
                status.cancelledBy
                  ? html`<dt>Cancelled by</dt>
                      <dd>${status.cancelledBy === 'requester' ? 'the requester' : 'a coordinator'}</dd>`
                  : ''
              }`
          : ''
      }
      ${
        v.cancelReason
          ? html`<dt>Reason given</dt>
              <dd>${v.cancelReason}</dd>`
          : ''
      }
    </dl>
    <p>
      <a href="/requests/${request.id}/contact">Show the requester’s contact details</a> (recorded in the audit log)
    </p>
    ${
      v.temporalUrl
        ? html`<p><a href="${v.temporalUrl}" rel="noopener">Open the workflow in the Temporal UI</a></p>`
        : ''
    }
    ${matchExplanationSection(v.matchExplanation)}

    <h2>Actions</h2>
    ${
      open
        ? html`<div class="actions">
            <form method="post" action="/requests/${request.id}/assign" class="card">
              ${csrfField(v.csrfToken)}
              <label for="counselorId">Assign to a counselor</label>
              ${
                v.counselors.length
                  ? html`<select
                        id="counselorId"
                        name="counselorId"
                        ${invalidAttrs(errorsFor('assign'), 'counselorId')}
                      >
                        <option value="">Choose…</option>
                        ${v.counselors.map(
                          (c) =>
                            html`<option
                              value="${c.id}"
                              ${valueOf('assign', 'counselorId') === c.id ? html` selected` : ''}
                            >
                              ${c.name}
                            </option>`,
                        )}
                      </select>
                      ${fieldError(errorsFor('assign'), 'counselorId')}
                      <p class="hint">They are told at once and can hand it back if they cannot take it.</p>
                      <button type="submit">Assign</button>`
                  : html`<p class="muted">There are no active counselors in this team.</p>`
              }
              ${err?.action === 'assign' && !err.fields.counselorId ? html`<p class="error">${err.message}</p>` : ''}
            </form>

            <form method="post" action="/requests/${request.id}/widen" class="card">
              ${csrfField(v.csrfToken)}
              <p>
                <strong>Widen the match</strong>: take the next widening step of the dispatch policy and offer the
                request to anyone newly matched.
              </p>
              ${err?.action === 'widen' ? html`<p class="error">${err.message}</p>` : ''}
              <button type="submit">Widen the match</button>
            </form>

            <form method="post" action="/requests/${request.id}/extend" class="card">
              ${csrfField(v.csrfToken)}
              <label for="by">Keep it open longer by <span class="hint">(e.g. 30m, 2h)</span></label>
              <input
                type="text"
                id="by"
                name="by"
                inputmode="text"
                autocomplete="off"
                value="${valueOf('extend', 'by')}"
                ${invalidAttrs(errorsFor('extend'), 'by')}
              />
              ${fieldError(errorsFor('extend'), 'by')}
              ${err?.action === 'extend' && !err.fields.by ? html`<p class="error">${err.message}</p>` : ''}
              <p><button type="submit">Extend</button></p>
            </form>

            <form method="post" action="/requests/${request.id}/cancel" class="card">
              ${csrfField(v.csrfToken)}
              <label for="reason"
                >Cancel the request: reason <span class="hint">(kept for the team, never sent)</span></label
              >
              <textarea
                id="reason"
                name="reason"
                required
                maxlength="500"
                ${invalidAttrs(errorsFor('cancel'), 'reason')}
              >
${valueOf('cancel', 'reason')}</textarea>
              ${fieldError(errorsFor('cancel'), 'reason')}
              ${err?.action === 'cancel' && !err.fields.reason ? html`<p class="error">${err.message}</p>` : ''}
              <p class="hint">The requester and every counselor offered it are told it is closed.</p>
              <p><button type="submit" class="danger">Cancel the request</button></p>
            </form>
          </div>`
        : releasable
          ? releaseForm(v, status?.firstContact)
          : html`<p class="muted">
                This request is ${(PHASE_LABELS[phase] ?? phase).toLowerCase()}: there is nothing left to dispatch.
              </p>
              ${err ? html`<p class="error">${err.message}</p>` : ''}`
    }

    <h2>Timeline</h2>
    <ol class="timeline">
      ${describeTimeline(v.events, nameOf).map(
        ({ e, words }) =>
          html`<li data-type="${e.type}"><time datetime="${e.at.toISOString()}">${utc(e.at)}</time> ${words}</li>`,
      )}
    </ol>
    ${
      hasRole(v.user, 'coordinator')
        ? html`<p class="muted"><a href="/api/requests/${request.id}">The same as JSON</a></p>`
        : ''
    }`;

  return page({ title: `Request: ${topic}`, user: v.user, current: 'requests' }, body);
}
