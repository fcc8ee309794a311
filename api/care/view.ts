// Care for the carers on the pages that already exist: the profile's hard-session load, cool-downs and
// supervisor; the task list's supervision check-ins; the counselor's own check-ins and the ask button.
import type { CounselorProfile, Stores, SupervisionCheckin, User } from '../../db';
import { HARD_CATEGORIES, HARD_CATEGORY_LABELS } from '../../domain/aftercare';
import { HARD_LOAD_DAYS, hardLoad } from '../../domain/care';
import { hasRole } from '../../domain/roles';
import { TOPIC_LABELS } from '../../domain/vocabulary';
import { csrfField, utc } from '../ui/form-parts';
import { html, type SafeHtml } from '../ui/html';

const DAY = 86_400_000;
const topicLabel = (t: string) => TOPIC_LABELS[t as keyof typeof TOPIC_LABELS] ?? t;

export const CHECKIN_SOURCE_LABELS: Record<SupervisionCheckin['source'], string> = {
  session: 'after a session',
  'cool-down': 'suggested: several hard sessions',
  asked: 'asked for by the counselor',
};

/** The profile's care section (as staff see it): hard sessions by category, cool-downs, the named supervisor. */
export async function careProfileSection(
  stores: Stores,
  profile: CounselorProfile,
  viewer: User,
  csrfToken: string,
  now = new Date(),
): Promise<SafeHtml> {
  const [hard, coolDowns, supervisor, staff, checkins] = await Promise.all([
    stores.care.hardSessions([profile.userId], new Date(now.getTime() - HARD_LOAD_DAYS * DAY), now),
    stores.care.activeCoolDowns(profile.workspaceId, now),
    stores.care.supervisorOf(profile.userId),
    stores.users.listStaff(profile.workspaceId),
    stores.care.checkinsOf(profile.userId),
  ]);
  const load = hardLoad(hard.get(profile.userId) ?? [], now);
  const total = HARD_CATEGORIES.reduce((n, c) => n + load[c], 0);
  const mine = coolDowns.filter((c) => c.counselorId === profile.userId);
  const coordinator = hasRole(viewer, 'coordinator');
  const supervisors = staff.filter((u) => hasRole(u, 'lead') || hasRole(u, 'coordinator'));
  const base = `/pool/${profile.userId}`;
  return html`<section class="card" id="care">
    <h2>Care</h2>
    <h3>Hard sessions, last ${HARD_LOAD_DAYS} days</h3>
    <dl class="facts" id="hard-load" data-total="${total}">
      ${HARD_CATEGORIES.map(
        (c) =>
          html`<dt>${HARD_CATEGORY_LABELS[c]}</dt>
            <dd data-category="${c}">${load[c]}</dd>`,
      )}
    </dl>
    ${
      mine.length
        ? html`<ul class="names" id="cool-downs">
            ${mine.map(
              (c) =>
                html`<li data-cool-down="${c.id}">
                  Cooling down until ${utc(c.untilAt)}: no offers about ${c.topics.map(topicLabel).join(', ')}
                  ${
                    coordinator
                      ? html`<form method="post" action="${base}/cool-downs/${c.id}/lift" class="inline">
                          ${csrfField(csrfToken)}<button class="link">Lift now</button>
                        </form>`
                      : ''
                  }
                </li>`,
            )}
          </ul>`
        : html`<p class="muted" id="cool-downs">No cool-down.</p>`
    }
    <h3>Supervision</h3>
    <p id="supervisor">
      Supervisor:
      ${supervisor ? html`<strong>${supervisor.name}</strong>` : html`<span class="muted">none named (the on-call lead)</span>`}
    </p>
    ${
      coordinator
        ? html`<form method="post" action="${base}/supervisor">
            ${csrfField(csrfToken)}
            <label for="supervisorId">Named supervisor</label>
            <select id="supervisorId" name="supervisorId">
              <option value="">None (the on-call lead)</option>
              ${supervisors.map(
                (u) =>
                  html`<option value="${u.id}" ${supervisor?.id === u.id ? html`selected` : ''}>${u.name}</option>`,
              )}
            </select>
            <p><button type="submit">Save supervisor</button></p>
          </form>`
        : ''
    }
    ${checkinList(
      checkins.filter((c) => c.status === 'open'),
      now,
    )}
  </section>`;
}

function checkinList(checkins: SupervisionCheckin[], now: Date, csrfToken?: string): SafeHtml {
  if (checkins.length === 0) return html`<p class="muted">No supervision check-in open.</p>`;
  return html`<ul class="shift-list">
    ${checkins.map((c) => {
      const overdue = c.dueAt < now;
      return html`<li
        class="card${overdue ? ' warning' : ''}"
        id="checkin-${c.id}"
        data-checkin="${c.id}"
        data-source="${c.source}"
      >
        <p><strong>Supervision check-in</strong>: ${c.counselorName} (${CHECKIN_SOURCE_LABELS[c.source]})</p>
        <p class="muted">
          Due ${utc(c.dueAt)}${overdue ? ' (overdue)' : ''} · Supervisor: ${c.supervisorName ?? 'on-call lead'}
          ${c.escalatedAt ? ' · coordinators told' : ''}
        </p>
        ${
          csrfToken
            ? html`<form method="post" action="/checkins/${c.id}/done">
                ${csrfField(csrfToken)}
                <button type="submit">Mark check-in done</button>
              </form>`
            : ''
        }
      </li>`;
    })}
  </ul>`;
}

/** The task list's section: every open check-in of the team, soonest due first. */
export async function supervisionTasksSection(stores: Stores, user: User, csrfToken: string, now = new Date()) {
  const open = await stores.care.openCheckins(user.workspaceId);
  return html`<section id="checkins">
    <h2>Supervision check-ins</h2>
    ${checkinList(open, now, csrfToken)}
  </section>`;
}

/** The counselor's home: who their supervisor is, their check-ins, and a button to ask for one. */
export async function counselorSupervisionNotice(stores: Stores, user: User, csrfToken: string, now = new Date()) {
  const [supervisor, checkins] = await Promise.all([
    stores.care.supervisorOf(user.id),
    stores.care.checkinsOf(user.id),
  ]);
  const open = checkins.filter((c) => c.status === 'open');
  const asked = open.some((c) => c.source === 'asked');
  return html`<section class="card" id="supervision">
    <h2>Supervision</h2>
    <p>
      ${supervisor ? html`Your supervisor: <strong>${supervisor.name}</strong>.` : 'Your check-ins go to the on-call lead.'}
    </p>
    ${
      open.length
        ? html`<ul>
            ${open.map(
              (c) =>
                html`<li data-checkin="${c.id}">
                  Check-in ${CHECKIN_SOURCE_LABELS[c.source]}: due
                  ${utc(c.dueAt)}${c.dueAt < now ? ' (we have let them know)' : ''}
                </li>`,
            )}
          </ul>`
        : ''
    }
    ${
      asked
        ? html`<p class="muted">You have asked for a check-in; your supervisor knows.</p>`
        : html`<form method="post" action="/me/supervision">
            ${csrfField(csrfToken)}
            <button type="submit" class="secondary">Ask for a supervision check-in</button>
          </form>`
    }
  </section>`;
}
