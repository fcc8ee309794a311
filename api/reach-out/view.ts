// The compose form behind a pool-health flag: a gentle opening, pre-filled in the coordinator's language, that
// they edit before sending. Opening the link only shows this form; sending is the POST.
import type { User } from '../../db';
import { html, page } from '../ui/html';
import { csrfField, fieldError, invalidAttrs } from '../ui/form-parts';

export function reachOutPage(v: {
  user: User;
  counselor: { id: string; name: string };
  flag: { kind: string; text: string | null };
  body: string;
  csrfToken: string;
  errors?: Record<string, string>;
  lastReachOut?: { staffName: string; at: Date } | undefined;
}): string {
  const errors = v.errors ?? {};
  return page(
    { title: `Write to ${v.counselor.name}`, user: v.user, current: 'pool' },
    html`<p><a href="/pool">← Pool</a></p>
      <h1>Write to ${v.counselor.name}</h1>
      ${v.flag.text ? html`<p class="card warning" id="flag">Flag: ${v.flag.text}</p>` : ''}
      ${
        v.lastReachOut
          ? html`<p class="muted" id="last-reach-out">
              ${v.lastReachOut.staffName} reached out on ${v.lastReachOut.at.toISOString().slice(0, 10)}.
            </p>`
          : ''
      }
      <p class="muted">
        This goes into your private thread with them (the team's coordinators can read it too). Change the words as you
        like before sending.
      </p>
      <form method="post" action="/reach-out/${v.counselor.id}" class="card">
        ${csrfField(v.csrfToken)}
        <input type="hidden" name="flag" value="${v.flag.kind}" />
        <label for="body">Your message</label>
        ${fieldError(errors, 'body')}
        <textarea id="body" name="body" maxlength="4000" rows="7" ${invalidAttrs(errors, 'body')}>${v.body}</textarea>
        <button type="submit">Send</button>
      </form>`,
  );
}
