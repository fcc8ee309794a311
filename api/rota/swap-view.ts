// Shift swaps' pages: /on-call/swaps (offer your shifts, take another lead's, withdraw yours, what happened), the
// lead's home list of offers they could take, and the coordinators' warning about offers nobody has taken.
import { hasRole } from '../../domain/roles';
import { swapStatusAt, MAX_SWAP_NOTE_LENGTH, type ShiftSwap, type SwapStatus } from '../../domain/shift-swaps';
import type { UpcomingShift, User } from '../../db';
import { csrfField, notice } from '../ui/form-parts';
import { html, page, type SafeHtml } from '../ui/html';
import type { SwapRefusal } from './swap-service';
import { formatLocal } from './view';

/** Every refusal, said plainly: nothing was changed. */
export const REFUSAL_TEXT: Record<SwapRefusal, string> = {
  started: 'This shift has already started (or is over): only a future shift can be offered.',
  'not-yours': 'This is not your shift: only the lead the rota gives it to can offer it or withdraw its offer.',
  'already-offered': 'You have already offered this shift: it is open for another lead to take.',
  'already-taken': 'Another lead has already taken this shift from you.',
  deactivated: 'Your account is deactivated: you cannot take a shift.',
  'not-a-lead': 'Only a lead can take an on-call shift: ask a coordinator for the lead role.',
  'own-offer': 'This is your own offer: another lead has to take it (you can withdraw it).',
  taken: 'Another lead has already taken this shift.',
  withdrawn: 'This offer was withdrawn: the shift stays with the lead who offered it.',
  expired: 'This shift has started: the offer closed without anyone taking it.',
  'rota-changed': 'The rota changed since the offer: the lead who offered it is no longer on call for this shift.',
};

const DONE_TEXT: Record<string, string> = {
  offered: 'Your shift is offered: another lead can take it until it starts.',
  taken: 'The shift is yours: the rota is updated and the coordinators are told.',
  withdrawn: 'The offer is withdrawn: the shift stays on the rota as it was.',
};

const STATUS_TEXT: Record<SwapStatus, string> = {
  open: 'open',
  taken: 'taken',
  withdrawn: 'withdrawn',
  expired: 'closed: nobody took it',
};

const timeEl = (at: Date, timeZone: string): SafeHtml =>
  html`<time datetime="${at.toISOString()}">${formatLocal(at, timeZone)}</time>`;
const span = (s: { startsAt: Date; endsAt: Date }, timeZone: string): SafeHtml =>
  html`from ${timeEl(s.startsAt, timeZone)} to ${timeEl(s.endsAt, timeZone)}`;

const nameIn = (names: Map<string, string>, id: string | null): string => (id && names.get(id)) || 'someone';

function actionForm(action: string, label: string, csrfToken: string, extra: SafeHtml | '' = ''): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">
    ${csrfField(csrfToken)}${extra}<button type="submit">${label}</button>
  </form>`;
}

export function swapsPage(opts: {
  user: User;
  csrfToken: string;
  timeZone: string;
  at: Date;
  myShifts: UpcomingShift[];
  swaps: ShiftSwap[];
  names: Map<string, string>;
  warnings: SafeHtml | '';
  done?: string;
  error?: string;
}): string {
  const { user, timeZone, at, names, csrfToken } = opts;
  const lead = hasRole(user, 'lead');
  const coordinator = hasRole(user, 'coordinator');
  const open = opts.swaps.filter((s) => swapStatusAt(s, at) === 'open');
  const closed = opts.swaps.filter((s) => swapStatusAt(s, at) !== 'open');
  const myOpen = new Map(open.filter((s) => s.giverId === user.id).map((s) => [s.startsAt.getTime(), s]));
  return page(
    { title: 'Shift swaps', user, current: 'on-call' },
    html`<p><a href="/on-call">← On call</a></p>
      <h1>Shift swaps</h1>
      <p class="muted">
        A lead offers one of their on-call shifts; another lead takes it. The rota, alerts and the handover reminder
        then follow the lead who took it, and the coordinators are told. An offer nobody takes closes when the shift
        starts, and the lead who offered it stays on call.
      </p>
      ${opts.done && DONE_TEXT[opts.done] ? notice(DONE_TEXT[opts.done]) : ''}
      ${opts.error ? html`<p class="card error" role="alert" id="swap-error">${opts.error} Nothing was changed.</p>` : ''}
      ${opts.warnings}
      ${
        lead
          ? html`<h2>Offer one of your shifts</h2>
              ${
                opts.myShifts.length === 0
                  ? html`<p class="muted" id="swap-my-shifts">You have no on-call shift ahead to offer.</p>`
                  : html`<ul id="swap-my-shifts" class="shift-list">
                      ${opts.myShifts.map((s) => {
                        const offered = myOpen.get(s.startsAt.getTime());
                        return html`<li class="card">
                          From ${timeEl(s.startsAt, timeZone)} to ${timeEl(s.endsAt, timeZone)}
                          ${
                            offered
                              ? html`<br /><strong>Offered</strong>, waiting for another lead.
                                  ${actionForm(`/on-call/swaps/${offered.id}/withdraw`, 'Withdraw the offer', csrfToken)}`
                              : html`<form method="post" action="/on-call/swaps">
                                  ${csrfField(csrfToken)}
                                  <input type="hidden" name="startsAt" value="${s.startsAt.toISOString()}" />
                                  <label
                                    >Note for the lead who takes it (optional)
                                    <input name="note" maxlength="${MAX_SWAP_NOTE_LENGTH}" />
                                  </label>
                                  <button type="submit">Offer this shift</button>
                                </form>`
                          }
                        </li>`;
                      })}
                    </ul>`
              }`
          : ''
      }
      <h2>Open offers</h2>
      ${
        open.length === 0
          ? html`<p class="muted" id="swap-open">No shift is on offer.</p>`
          : html`<ul id="swap-open" class="shift-list">
              ${open.map(
                (s) =>
                  html`<li class="card" id="swap-${s.id}">
                    <strong>${nameIn(names, s.giverId)}</strong> offers the shift ${span(s, timeZone)}
                    ${s.note ? html`<br /><span class="muted">“${s.note}”</span>` : ''}
                    <br />
                    ${lead && s.giverId !== user.id ? actionForm(`/on-call/swaps/${s.id}/take`, 'Take this shift', csrfToken) : ''}
                    ${s.giverId === user.id || coordinator ? actionForm(`/on-call/swaps/${s.id}/withdraw`, 'Withdraw', csrfToken) : ''}
                  </li>`,
              )}
            </ul>`
      }
      ${
        closed.length === 0
          ? ''
          : html`<h2>Taken and closed</h2>
              <ul id="swap-history" class="shift-list">
                ${closed.map((s) => {
                  const status = swapStatusAt(s, at);
                  return html`<li class="card">
                    ${nameIn(names, s.giverId)}’s shift ${span(s, timeZone)}:
                    ${STATUS_TEXT[status]}${
                      status === 'taken' ? html` by <strong>${nameIn(names, s.takerId)}</strong>` : ''
                    }
                  </li>`;
                })}
              </ul>`
      }
      <p class="hint">Times in ${timeZone}.</p>`,
  );
}

/**
 * The coordinators' warning: offers nobody has taken in the next `days` days (the lead who offered may not be there),
 * and offers that closed unfilled on a shift still running.
 */
export function swapWarning(
  unfilled: { swap: ShiftSwap; status: 'open' | 'expired' }[],
  names: Map<string, string>,
  timeZone: string,
  days: number,
): SafeHtml | '' {
  if (unfilled.length === 0) return '';
  return html`<div class="card warning" role="alert" id="swap-warnings">
    <p><strong>Warning: offered on-call shifts nobody has taken (next ${days} days)</strong></p>
    <ul>
      ${unfilled.map(({ swap, status }) => {
        const giver = nameIn(names, swap.giverId);
        return status === 'open'
          ? html`<li>
              ${giver} offered the shift ${span(swap, timeZone)} and nobody has taken it yet: if nobody does, ${giver}
              stays on call.
            </li>`
          : html`<li>
              Nobody took the shift ${giver} offered (${span(swap, timeZone)}): it started with ${giver} on call. Check
              that ${giver} is there, or add an override.
            </li>`;
      })}
    </ul>
    <p class="hint">
      Times in ${timeZone}. <a href="/on-call/swaps">Shift swaps</a> · <a href="/settings/rota">the rota</a>
    </p>
  </div>`;
}

/** A lead's home: the offers of other leads they could take. */
export function swapOffersForLead(offers: ShiftSwap[], names: Map<string, string>, timeZone: string): SafeHtml | '' {
  if (offers.length === 0) return '';
  return html`<div class="card" id="swap-home">
    <p><strong>On-call shifts you could take</strong></p>
    <ul>
      ${offers.map((s) => html`<li>${nameIn(names, s.giverId)} offers the shift ${span(s, timeZone)}</li>`)}
    </ul>
    <p><a href="/on-call/swaps">Take one on the shift swaps page</a> · times in ${timeZone}</p>
  </div>`;
}
