// The counselor's home: their sessions after the win, and why new offers are paused (if they are).
import type { Stores, User } from '../../db';
import { slotText } from '../../domain/calendar';
import { html } from '../ui/html';

export async function counselorAftercareNotice(stores: Stores, user: User) {
  const [sessions, pauses] = await Promise.all([
    stores.aftercare.activeSessionsFor(user.id),
    stores.pauses.openFor(user.id),
  ]);
  return html`<p><a href="/messages">Messages</a></p>
    ${
      pauses.length
        ? html`<div class="card warning" id="paused">
            <h2>New offers are paused</h2>
            <ul>
              ${pauses.map((p) => html`<li>${p.reason}</li>`)}
            </ul>
            <p class="muted">They resume once this is done. Your coordinator can lift it too.</p>
          </div>`
        : ''
    }
    ${
      sessions.length
        ? html`<h2>My sessions</h2>
            <ul>
              ${sessions.map(
                (s) =>
                  html`<li>
                    <a href="/sessions/${s.id}"
                      >${s.startsAt && s.endsAt ? slotText(s.startsAt, s.endsAt, s.timeZone) : 'Times to propose'}</a
                    >
                    (${s.state})
                  </li>`,
              )}
            </ul>`
        : ''
    }`;
}
