// The task list: what is due, for whom, by when; done with one tap (CSRF in every form).
import { hasRole, type Role } from '../../domain/roles';
import type { AftercareTask, Pause } from '../../db';
import { TASK_KIND_LABELS } from '../sessions/labels';
import { html, page, type SafeHtml } from '../ui/html';

const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function tasksPage(opts: {
  user: { name: string; role: string; roles: readonly Role[] };
  tasks: AftercareTask[];
  /** Out-of-scope reasons by task id. */
  reasons?: Map<string, string>;
  pauses: (Pause & { counselorName: string })[];
  csrf: string;
  done?: string;
  now: Date;
  /** Sections other features add (care: the supervision check-ins). */
  extra?: SafeHtml;
}): string {
  const { tasks, pauses, csrf, now } = opts;
  return page(
    { title: 'Tasks', user: opts.user },
    html`<h1>After-care tasks</h1>
      ${opts.done ? html`<p class="card ok" role="status">${opts.done === 'pause' ? 'Pause lifted.' : 'Marked done.'}</p>` : ''}
      ${tasks.length === 0 ? html`<p class="muted">Nothing open. Thank you.</p>` : ''}
      <ul class="shift-list">
        ${tasks.map(
          (t) =>
            html`<li
              class="card${t.status === 'open' && t.dueAt < now ? ' warning' : ''}"
              data-task="${t.id}"
              data-kind="${t.kind}"
            >
              <p><strong>${TASK_KIND_LABELS[t.kind] ?? t.kind}</strong>: ${t.counselorName}</p>
              <p class="muted">
                Due ${when(t.dueAt)}${t.status === 'open' && t.dueAt < now ? ' (overdue)' : ''} · Owner:
                ${t.ownerName ?? 'coordinators'} · ${t.status}
              </p>
              ${opts.reasons?.get(t.id) ? html`<p class="message">${opts.reasons.get(t.id)}</p>` : ''}
              <p>
                <a href="/requests/${t.requestId}">The request</a>${
                  t.kind === 'supervision' && t.status === 'open'
                    ? html` · <a href="/tasks/${t.id}/check-in">Write the check-in</a>`
                    : ''
                }
              </p>
              ${
                t.status === 'open'
                  ? html`<form method="post" action="/tasks/${t.id}/done">
                      <input type="hidden" name="_csrf" value="${csrf}" />
                      <button type="submit">Mark done</button>
                    </form>`
                  : ''
              }
            </li>`,
        )}
      </ul>
      <p><a href="/tasks?all=1">Show done tasks too</a></p>
      ${opts.extra ?? ''}
      <h2>Paused counselors</h2>
      ${pauses.length === 0 ? html`<p class="muted">Nobody is paused.</p>` : ''}
      <ul class="shift-list">
        ${pauses.map(
          (p) =>
            html`<li class="card" data-pause="${p.id}">
              <p><strong>${p.counselorName}</strong>: ${p.reason}</p>
              ${
                hasRole(opts.user, 'coordinator')
                  ? html`<form method="post" action="/pauses/${p.id}/lift">
                      <input type="hidden" name="_csrf" value="${csrf}" />
                      <button type="submit" class="secondary">Lift the pause</button>
                    </form>`
                  : ''
              }
            </li>`,
        )}
      </ul>`,
  );
}
