// Private messages: the thread list, one thread, and the supervision check-in form.
import { hasRole, isStaff } from '../../domain/roles';
import type { Message, MessageThread, User } from '../../db';
import { html, page } from '../ui/html';

const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function threadsPage(opts: {
  user: User;
  threads: MessageThread[];
  counselors: User[];
  csrf: string;
  error?: string;
}): string {
  const { user, threads, counselors, csrf } = opts;
  const staff = isStaff(user);
  return page(
    { title: 'Messages', user },
    html`<h1>Messages</h1>
      ${
        hasRole(user, 'coordinator')
          ? html`<p class="muted">
              As a coordinator you can read every thread of the team; each time you open one you are not part of, it is
              written to the audit log.
            </p>`
          : html`<p class="muted">Private: the two of you and the team's coordinators can read these.</p>`
      }
      ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      ${threads.length === 0 ? html`<p class="muted">No messages yet.</p>` : ''}
      <ul class="shift-list">
        ${threads.map(
          (t) =>
            html`<li class="card">
              <a href="/messages/${t.id}">${t.counselorName} and ${t.staffName}</a>
              <span class="muted"> · ${when(t.lastMessageAt)}</span>
            </li>`,
        )}
      </ul>
      ${
        staff
          ? html`<form method="post" action="/messages" class="card">
              <input type="hidden" name="_csrf" value="${csrf}" />
              <h2>Write to a counselor</h2>
              <label for="counselorId">Counselor</label>
              <select id="counselorId" name="counselorId">
                ${counselors.map((c) => html`<option value="${c.id}">${c.name}</option>`)}
              </select>
              <label for="body">Message</label>
              <textarea id="body" name="body" maxlength="4000"></textarea>
              <button type="submit">Send</button>
            </form>`
          : ''
      }`,
  );
}

export function threadPage(opts: {
  user: User;
  thread: MessageThread;
  messages: Message[];
  canWrite: boolean;
  csrf: string;
  error?: string;
}): string {
  const { user, thread, messages, csrf } = opts;
  return page(
    { title: 'Messages', user },
    html`<h1>${thread.counselorName} and ${thread.staffName}</h1>
      ${opts.canWrite ? '' : html`<p class="card warning">You are reading this thread as a coordinator (audited).</p>`}
      ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      <ol class="timeline" id="messages">
        ${messages.map(
          (m) =>
            html`<li>
              <time>${m.authorName} · ${when(m.createdAt)}</time>
              <div class="message">${m.body}</div>
            </li>`,
        )}
      </ol>
      ${
        opts.canWrite
          ? html`<form method="post" action="/messages/${thread.id}" class="card">
              <input type="hidden" name="_csrf" value="${csrf}" />
              <label for="body">Reply</label>
              <textarea id="body" name="body" maxlength="4000"></textarea>
              <button type="submit">Send</button>
            </form>`
          : ''
      }
      <p><a href="/messages">All messages</a></p>`,
  );
}

export function checkInPage(opts: { user: User; taskId: string; counselorName: string; prompt: string; csrf: string }) {
  return page(
    { title: 'Supervision check-in', user: opts.user },
    html`<h1>Supervision check-in with ${opts.counselorName}</h1>
      <p class="muted">
        This opens a private thread between you and them. Change the words as you like before sending.
      </p>
      <form method="post" action="/tasks/${opts.taskId}/check-in" class="card">
        <input type="hidden" name="_csrf" value="${opts.csrf}" />
        <label for="body">Your message</label>
        <textarea id="body" name="body" maxlength="4000">${opts.prompt}</textarea>
        <button type="submit">Send and mark the check-in done</button>
      </form>`,
  );
}

/** The gentle default prompt of a supervision check-in. */
export const checkInPrompt = (counselorName: string) =>
  `Hi ${counselorName.split(' ')[0]}, I'm checking in after your recent session. How are you doing? ` +
  'Is there anything from it you would like to talk through? A short reply is fine, and so is a call if you prefer.';
