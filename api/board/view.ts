// The live board: one row per request. The same row function renders the page and every live update
// (sent over server-sent events), so a row looks the same however it arrived.
import { hasRole } from '../../domain/roles';
import type { BoardRow, User, WaitingForMorning } from '../../db';
import { languageName, topicLabel } from '../../domain/vocabulary';
import { utc } from '../ui/form-parts';
import { html, page, type SafeHtml } from '../ui/html';
import { PHASE_LABELS } from '../dispatch/request-view';

const WAVE_CHANNELS: Record<string, string> = { sms: 'SMS', email: 'email', alert: 'alert' };

/** 45 s → "under 1 min", 3.9 h → "3 h 54 min", 2 days → "2 d 0 h". Minutes are enough for time to help. */
export function formatElapsed(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / 60_000);
  if (min < 1) return 'under 1 min';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

const isWaiting = (r: BoardRow) => r.phase === 'matching' || r.phase === 'offering';

/** How long the request has waited for help: until now while it waits, until the accept once taken. */
function elapsedCell(r: BoardRow, targetMs: number, now: number): SafeHtml {
  const waiting = isWaiting(r);
  const end = r.assignedAt ? r.assignedAt.getTime() : waiting ? now : null;
  if (end === null) return html`<span class="muted">closed</span>`;
  const elapsed = end - r.createdAt.getTime();
  const over = elapsed > targetMs;
  return html`<span
      class="elapsed${over ? ' over' : ''}"
      data-since="${r.createdAt.toISOString()}"
      ${waiting ? html`data-target-ms="${targetMs}"` : ''}
      >${formatElapsed(elapsed)}</span
    >
    <span class="target-state">${over ? html`<strong class="error">over target</strong>` : ''}</span>`;
}

function waveText(r: BoardRow): string {
  if (r.wave === null) return r.escalated ? 'alert sent' : 'none yet';
  const channel = r.channel ? ` · ${WAVE_CHANNELS[r.channel] ?? r.channel}` : '';
  return `${r.wave}${channel}${r.escalated ? ' · staff alerted' : ''}`;
}

export function boardRow(r: BoardRow, targetMs: number, now: number): SafeHtml {
  const over = isWaiting(r) && now - r.createdAt.getTime() > targetMs;
  return html`<tr
    id="request-${r.requestId}"
    data-phase="${r.phase}"
    data-event="${r.lastEventId}"
    class="${[r.urgent && isWaiting(r) ? 'urgent' : '', over ? 'late' : ''].filter(Boolean).join(' ')}"
  >
    <td data-label="Request">
      <span
        ><a href="/requests/${r.requestId}">${topicLabel(r.topic)}</a>${
          r.urgent ? html` <strong class="badge urgent-badge">urgent</strong>` : ''
        } <span class="muted">${languageName(r.language)}</span></span
      >
    </td>
    <td data-label="Phase" class="phase">
      <span class="pill phase-${r.phase}">${PHASE_LABELS[r.phase] ?? r.phase}</span>
    </td>
    <td data-label="Wave" class="wave">${waveText(r)}</td>
    <td data-label="Offered" class="offered num">${r.offered}</td>
    <td data-label="Declined" class="declined num">${r.declined}</td>
    <td data-label="Time to help" class="time">${elapsedCell(r, targetMs, now)}</td>
    <td data-label="Accepted by" class="accepted">${r.acceptedBy ?? html`<span class="muted">nobody yet</span>`}</td>
  </tr>`;
}

export interface BoardPageView {
  user: User;
  rows: BoardRow[];
  targetMinutes: number;
  lastEventId: number;
  now: number;
  /** False: no Twilio account, SMS waves are skipped (said at the top). */
  smsEnabled?: boolean;
  /** Alerts held in staff's quiet hours, per person, until their morning message. */
  morning?: WaitingForMorning[];
}

/** What waits for the morning: alerts held in someone's quiet hours, and when their morning message goes. */
export function morningList(morning: WaitingForMorning[]): SafeHtml | string {
  if (morning.length === 0) return '';
  return html`<section class="card" id="waiting-for-morning" aria-labelledby="morning-title">
    <h2 id="morning-title">Waiting for the morning</h2>
    <p class="hint">Non-urgent alerts that came in someone's quiet hours go out in one message when the hours end.</p>
    <ul>
      ${morning.map(
        (m) =>
          html`<li data-user="${m.userId}">
            ${m.name}: <strong>${m.alerts}</strong> ${m.alerts === 1 ? 'alert' : 'alerts'}, sent at
            <time datetime="${m.dueAt.toISOString()}">${utc(m.dueAt)}</time>
          </li>`,
      )}
    </ul>
  </section>`;
}

export function boardPage(v: BoardPageView): string {
  const targetMs = v.targetMinutes * 60_000;
  const waiting = v.rows.filter(isWaiting);
  const late = waiting.filter((r) => v.now - r.createdAt.getTime() > targetMs);
  const body = html`<h1>Live board</h1>
    ${
      v.smsEnabled === false
        ? html`<p class="card" role="status" data-sms="off">
            SMS is off (no Twilio account configured): SMS waves are skipped and offers go by email.
          </p>`
        : ''
    }
    <p>
      Time-to-help target: <strong>${formatElapsed(targetMs)}</strong>${
        hasRole(v.user, 'coordinator') ? html` · <a href="/settings/board">change</a>` : ''
      }
    </p>
    ${morningList(v.morning ?? [])}
    <p class="summary">
      <span id="waiting-count">${waiting.length}</span> waiting for a counselor,
      <span id="late-count">${late.length}</span> over the target.
    </p>
    <p class="live-status">
      <span id="live-status" role="status" data-state="static">This page shows the board as it was when loaded.</span>
      <a href="/board" id="refresh">Refresh</a>
    </p>
    <div class="table-wrap">
      <table class="board" id="board" data-after="${v.lastEventId}" data-target-ms="${targetMs}">
        <caption class="visually-hidden">
          Open requests and those that moved on in the last day
        </caption>
        <thead>
          <tr>
            <th scope="col">Request</th>
            <th scope="col">Phase</th>
            <th scope="col">Wave</th>
            <th scope="col">Offered</th>
            <th scope="col">Declined</th>
            <th scope="col">Time to help</th>
            <th scope="col">Accepted by</th>
          </tr>
        </thead>
        <tbody id="board-rows">
          ${v.rows.map((r) => boardRow(r, targetMs, v.now))}
        </tbody>
      </table>
    </div>
    <p id="board-empty" class="muted" ${v.rows.length ? html` hidden` : ''}>No open requests right now.</p>`;
  return page({ title: 'Live board', user: v.user, current: 'board', scripts: ['/static/board.js'], wide: true }, body);
}
