// The session pages after the win: the counselor's (propose times, reschedule, hand back, outcome) and
// the requester's (confirm a time, ask for other times, the calendar file). Plain forms, no JavaScript.
import type { Availability, CounselingSession } from '../../db';
import { slotText } from '../../domain/calendar';
import { localDateTime } from '../../domain/rota';
import { HARD_CATEGORY_OPTIONS } from './labels';
import { html, page, type SafeHtml } from '../ui/html';
import { SESSION_LENGTHS } from './form';
import { MAX_PROPOSED_SLOTS } from '../../workflows/definitions';

const errorBox = (error?: string) => (error ? html`<p class="error" role="alert">${error}</p>` : '');
const noticeBox = (notice?: string) => (notice ? html`<p class="card ok" role="status">${notice}</p>` : '');

function windowsCard(session: CounselingSession, availability: Availability | undefined) {
  if (!availability) {
    return html`<p class="muted">They gave no times. Times below are in ${session.timeZone}.</p>`;
  }
  return html`<div class="card">
    <h2>When they are free</h2>
    <ul>
      ${availability.windows.map((w) => html`<li>${slotText(w.start, w.end, session.timeZone)}</li>`)}
    </ul>
  </div>`;
}

function proposeForm(
  action: string,
  session: CounselingSession,
  availability: Availability | undefined,
  csrf: SafeHtml | string,
) {
  // Prefilled with the start of each window, the usual pick.
  const first = availability?.windows.map((w) => localDateTime(w.start, session.timeZone)) ?? [];
  return html`<form method="post" action="${action}" class="card" id="propose">
    ${csrf}
    <h2>Propose up to ${MAX_PROPOSED_SLOTS} times</h2>
    <p class="hint">Times are in ${session.timeZone} (the requester's time zone).</p>
    ${Array.from({ length: MAX_PROPOSED_SLOTS }, (_, i) => {
      const n = i + 1;
      const v = first[i];
      return html`<fieldset>
        <legend>Time ${n}${n > 1 ? html` <span class="hint">(optional)</span>` : ''}</legend>
        <label for="slot${n}Date">Day</label>
        <input type="date" id="slot${n}Date" name="slot${n}Date" value="${v?.date ?? ''}" />
        <label for="slot${n}Time">Start</label>
        <input type="time" id="slot${n}Time" name="slot${n}Time" value="${v?.time ?? ''}" />
      </fieldset>`;
    })}
    <label for="length">Length</label>
    <select id="length" name="length">
      ${SESSION_LENGTHS.map((m) => html`<option value="${m}" ${m === 60 ? html` selected` : ''}>${m} minutes</option>`)}
    </select>
    <div class="buttons"><button type="submit" class="big">Send these times</button></div>
  </form>`;
}

function outcomeForm(action: string, csrf: SafeHtml | string) {
  return html`<form method="post" action="${action}" class="card" id="outcome">
    ${csrf}
    <h2>How did the session go?</h2>
    <fieldset>
      <legend>The session</legend>
      <label><input type="radio" name="outcome" value="held" /> It was held</label>
      <label><input type="radio" name="outcome" value="no-show" /> They did not come</label>
      <label><input type="radio" name="outcome" value="rescheduled" /> We moved it to another time</label>
    </fieldset>
    <fieldset>
      <legend>Was it a hard session?</legend>
      <label><input type="radio" name="hard" value="no" /> No</label>
      <label><input type="radio" name="hard" value="yes" /> Yes: I would like a debrief</label>
    </fieldset>
    <label for="category">If it was hard, what made it hard?</label>
    <select id="category" name="category">
      <option value="">Choose…</option>
      ${HARD_CATEGORY_OPTIONS.map(([v, label]) => html`<option value="${v}">${label}</option>`)}
    </select>
    <label for="note"
      >A private note to your supervisor <span class="hint">(optional; only staff can read it)</span></label
    >
    <textarea id="note" name="note" maxlength="2000"></textarea>
    <div class="buttons"><button type="submit" class="big">Send the outcome</button></div>
  </form>`;
}

export function counselorSessionPage(opts: {
  base: string;
  /** Signed-in pages carry the session's CSRF token; link pages carry their token in the address. */
  csrf?: string;
  session: CounselingSession;
  availability: Availability | undefined;
  debriefPending: boolean;
  /** Whether someone already confirmed the first contact of this session (the timeline says). */
  contactConfirmed?: boolean;
  error?: string;
  notice?: string;
}): string {
  const { base, session, availability } = opts;
  const csrf = opts.csrf ? html`<input type="hidden" name="_csrf" value="${opts.csrf}" />` : '';
  // One tap, a POST: the first thing on the page until the first contact is confirmed.
  const firstContact = opts.contactConfirmed
    ? ''
    : html`<form method="post" action="${base}/contacted" class="card" id="first-contact">
        ${csrf}
        <p>Once you have been in touch with them (a call, a message, an email), tell us with one tap.</p>
        <button type="submit" class="big">I have been in touch</button>
      </form>`;
  const slot = session.startsAt && session.endsAt ? slotText(session.startsAt, session.endsAt, session.timeZone) : null;
  const handBack = html`<form method="post" action="${base}/hand-back" class="card">
    ${csrf}
    <p>Cannot take this after all? It goes back to dispatch without you, and the coordinator is told.</p>
    <button type="submit" class="danger">Hand the request back</button>
  </form>`;
  const outOfScope = html`<form method="post" action="${base}/out-of-scope" class="card">
    ${csrf}
    <p>
      Does this need clinical or crisis care rather than peer support? The coordinator gets your reason; the requester
      gets other places to turn to.
    </p>
    <label for="reason">Why <span class="hint">(for the coordinator only)</span></label>
    <textarea id="reason" name="reason" maxlength="1000"></textarea>
    <button type="submit" class="secondary">Mark out of scope</button>
  </form>`;
  let body: SafeHtml;
  switch (session.state) {
    case 'scheduling':
      body = html`${firstContact}${
        session.proposed.length
          ? html`<div class="card">
              <p>You proposed these times; the requester has been sent them:</p>
              <ul>
                ${session.proposed.map((p) => html`<li>${slotText(p.start, p.end, session.timeZone)}</li>`)}
              </ul>
              <p class="muted">You can propose other times instead.</p>
            </div>`
          : ''
      }
      ${windowsCard(session, availability)} ${proposeForm(`${base}/propose`, session, availability, csrf)} ${handBack}
      ${outOfScope}`;
      break;
    case 'scheduled':
      body = html`<div class="card ok">
          <h2>Session confirmed</h2>
          <p data-slot>${slot}</p>
        </div>
        <form method="post" action="${base}/reschedule" class="card">
          ${csrf}
          <p>Need another time? The requester is told and you propose new times.</p>
          <button type="submit" class="secondary">Ask to reschedule</button>
        </form>
        ${handBack} ${outOfScope}`;
      break;
    case 'after-care':
      body = session.outcome
        ? html`<p class="card ok">Thank you: the outcome is recorded.</p>`
        : html`<p>Session: ${slot}</p>
            ${outcomeForm(`${base}/outcome`, csrf)}`;
      break;
    default:
      body = html`<p class="card ok">Thank you. This session is closed.</p>
        ${
          opts.debriefPending
            ? html`<p class="card">
                A lead will call you for a debrief. New offers are paused until it is done. Take care of yourself.
              </p>`
            : ''
        }`;
  }
  return page(
    { title: 'Your session' },
    html`<h1>Your session</h1>
      ${noticeBox(opts.notice)} ${errorBox(opts.error)} ${body}`,
  );
}

/** "Has a counselor been in touch?": the link shows the question with the answer preselected; only the button acts. */
export function contactCheckPage(opts: {
  token: string;
  answer: 'yes' | 'no' | null;
  error?: string;
  notice?: string;
  status?: number;
}): string {
  const action = `/s/${opts.token}/contact`;
  const button = (answer: 'yes' | 'no', label: string, cls: string) =>
    html`<form method="post" action="${action}" class="card">
      <input type="hidden" name="answer" value="${answer}" />
      <button type="submit" class="${cls}">${label}</button>
    </form>`;
  const body = opts.notice
    ? ''
    : opts.answer === 'no'
      ? html`${button('no', 'No, nobody has been in touch', 'big')}
          <p class="hint">Tapped the wrong link?</p>
          ${button('yes', 'Yes, someone has been in touch', 'secondary')}`
      : html`${button('yes', 'Yes, someone has been in touch', 'big')}
          <p class="hint">Tapped the wrong link?</p>
          ${button('no', 'No, nobody has been in touch', 'secondary')}`;
  return page(
    { title: 'Has a counselor been in touch?' },
    html`<h1>Has a counselor been in touch?</h1>
      ${noticeBox(opts.notice)} ${errorBox(opts.error)} ${body}
      <p class="hint">If you are in danger right now, please call your local emergency number.</p>`,
  );
}

export function requesterSessionPage(opts: {
  token: string;
  session: CounselingSession;
  error?: string;
  notice?: string;
}): string {
  const { token, session } = opts;
  const base = `/s/${token}`;
  let body: SafeHtml;
  if (session.state === 'scheduling' && session.proposed.length) {
    body = html`<form method="post" action="${base}/confirm" class="card" id="confirm">
        <h2>Choose a time to talk</h2>
        <input type="hidden" name="proposal" value="${session.proposal}" />
        <fieldset>
          <legend>Times your counselor suggested</legend>
          ${session.proposed.map(
            (p, i) =>
              html`<label
                ><input type="radio" name="index" value="${i}" ${i === 0 ? html` checked` : ''} />
                ${slotText(p.start, p.end, session.timeZone)}</label
              >`,
          )}
        </fieldset>
        <button type="submit" class="big">Confirm this time</button>
      </form>
      <form method="post" action="${base}/reschedule" class="card">
        <p>None of these work? Your counselor will suggest other times.</p>
        <button type="submit" class="secondary">None of these times work</button>
      </form>`;
  } else if (session.state === 'scheduling') {
    body = html`<p class="card">Your counselor will suggest times to talk soon. We will send them to you.</p>`;
  } else if (session.state === 'scheduled' && session.startsAt && session.endsAt) {
    body = html`<div class="card ok">
        <h2>Your session is confirmed</h2>
        <p data-slot>${slotText(session.startsAt, session.endsAt, session.timeZone)}</p>
        <p><a href="${base}/session.ics">Add it to your calendar</a></p>
      </div>
      <form method="post" action="${base}/reschedule" class="card">
        <p>Cannot make it? Your counselor will suggest other times.</p>
        <button type="submit" class="secondary">Ask for another time</button>
      </form>`;
  } else {
    body = html`<p class="card">This session is no longer being scheduled here. Thank you.</p>`;
  }
  return page(
    { title: 'Your session' },
    html`<h1>Your peer support session</h1>
      ${noticeBox(opts.notice)} ${errorBox(opts.error)} ${body}
      <p class="hint">If you are in danger right now, please call your local emergency number.</p>`,
  );
}
