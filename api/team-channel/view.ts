// The team channel, phone first: the coordinators' posts newest first, each with its replies and a reply box.
import { hasRole } from '../../domain/roles';
import type { ChannelPost, User } from '../../db';
import { csrfField, fieldError, invalidAttrs } from '../ui/form-parts';
import { html, page } from '../ui/html';

const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function channelPage(v: {
  user: User;
  posts: ChannelPost[];
  csrfToken: string;
  /** A refused form: which one (`post` or the post id replied to), its words and the error. */
  refused?: { form: string; body: string; error: string };
}): string {
  const coordinator = hasRole(v.user, 'coordinator');
  const refused = (form: string) => (v.refused?.form === form ? v.refused : undefined);
  const errors = (form: string): Record<string, string> => {
    const r = refused(form);
    return r ? { [`body-${form}`]: r.error } : {};
  };
  return page(
    { title: 'Team channel', user: v.user, current: 'channel' },
    html`<h1>Team channel</h1>
      <p class="muted">
        For the whole team: coordinators post, everyone can reply. Never write anything that could identify a requester
        (no names, contacts or details); messages with an email address or phone number are refused.
        ${coordinator ? 'As a coordinator, each time you open the channel it is written to the audit log.' : ''}
      </p>
      ${
        coordinator
          ? html`<form method="post" action="/channel" class="card" id="new-post">
              ${csrfField(v.csrfToken)}
              <label for="body-post">Post to the team</label>
              ${fieldError(errors('post'), 'body-post')}
              <textarea
                id="body-post"
                name="body"
                maxlength="4000"
                rows="4"
                ${invalidAttrs(errors('post'), 'body-post')}
              >
${refused('post')?.body ?? ''}</textarea>
              <button type="submit">Post</button>
            </form>`
          : ''
      }
      ${v.posts.length === 0 ? html`<p class="muted" id="no-posts">Nothing posted yet.</p>` : ''}
      <ol class="shift-list" id="posts">
        ${v.posts.map((p) => {
          const form = String(p.id);
          return html`<li class="card" id="post-${p.id}" data-post="${p.id}">
            <p class="hint">${p.authorName} · ${when(p.createdAt)}</p>
            <div class="message">${p.body}</div>
            <ol class="timeline replies">
              ${p.replies.map(
                (r) =>
                  html`<li>
                    <time>${r.authorName} · ${when(r.createdAt)}</time>
                    <div class="message">${r.body}</div>
                  </li>`,
              )}
            </ol>
            <form method="post" action="/channel/${p.id}/replies">
              ${csrfField(v.csrfToken)}
              <label for="body-${form}">Reply</label>
              ${fieldError(errors(form), `body-${form}`)}
              <textarea
                id="body-${form}"
                name="body"
                maxlength="4000"
                rows="2"
                ${invalidAttrs(errors(form), `body-${form}`)}
              >
${refused(form)?.body ?? ''}</textarea>
              <button type="submit">Reply</button>
            </form>
          </li>`;
        })}
      </ol>`,
  );
}
