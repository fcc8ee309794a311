// The message templates a workspace can make its own: the list (key × language) and the editor with a
// preview filled with example values and, for texts, the SMS segment count.
import type { User } from '../../db';
import type { StoredTemplate } from '../../db/stores/templates-store';
import { defaultTemplate, MESSAGE_KEYS, type MessageKey, type Template } from '../../notifications/catalogue';
import {
  allowedPlaceholders,
  hasOwnDefault,
  hasSubject,
  isSmsKey,
  PLACEHOLDER_HELP,
  TEMPLATE_LANGUAGE_NAMES,
  TEMPLATE_LANGUAGES,
  type TemplateLanguage,
  type TemplatePreview,
} from './template-rules';
import { csrfField, errorSummary, fieldError, invalidAttrs, notice, utc } from '../ui/form-parts';
import { html, page } from '../ui/html';

/** What each message is, in a coordinator's words. */
export const MESSAGE_DESCRIPTIONS: Record<MessageKey, string> = {
  'offer.sms': 'Offer of a request to a counselor, by SMS',
  'oncall.reminder.sms': 'To a lead before their on-call shift starts (SMS)',
  'reply.acknowledged': 'Answer to a lead who acknowledged an urgent alert by SMS',
  'oncall.reminder.email': 'To a lead before their on-call shift starts (email)',
  'offer.email': 'Offer of a request to a counselor, by email',
  'won.sms': 'To the counselor who accepted: it is theirs, with the contact (SMS)',
  'won.email': 'To the counselor who accepted: it is theirs, with the contact (email)',
  'assigned.sms': 'To a counselor a coordinator assigned (SMS)',
  'assigned.email': 'To a counselor a coordinator assigned (email)',
  'covered.sms': 'To the other counselors offered it: it is covered (SMS)',
  'covered.email': 'To the other counselors offered it: it is covered (email)',
  'withdrawn.sms': 'To counselors offered a request that was cancelled (SMS)',
  'withdrawn.email': 'To counselors offered a request that was cancelled (email)',
  'requester.accepted.sms': 'To the requester: a counselor has accepted (SMS)',
  'requester.accepted.email': 'To the requester: a counselor has accepted (email)',
  'requester.unmatched.sms': 'To the requester: nobody could take it (SMS)',
  'requester.unmatched.email': 'To the requester: nobody could take it (email)',
  'requester.nobody-can-take.sms': 'To the requester at once: nobody in the team could ever take it (SMS)',
  'requester.nobody-can-take.email': 'To the requester at once: nobody in the team could ever take it (email)',
  'requester.cancelled.sms': 'To the requester: the team closed the request (SMS)',
  'requester.cancelled.email': 'To the requester: the team closed the request (email)',
  'alert.sms': 'Alert to coordinators and the on-call lead (SMS)',
  'alert.email': 'Alert to coordinators and the on-call lead (email)',
  'morning.sms': 'To a coordinator or lead: the alerts held in their quiet hours, when the hours end (SMS)',
  'morning.email': 'To a coordinator or lead: the alerts held in their quiet hours, when the hours end (email)',
  'reply.won': 'Reply to a counselor’s accept text: it is theirs',
  'reply.taken': 'Reply to an accept text: someone else took it',
  'reply.expired': 'Reply to an accept text: no longer open',
  'reply.declined': 'Reply to a decline text',
  'reply.choose': 'Reply when a counselor has several open offers',
  'reply.no-offers': 'Reply when a counselor has no open offers',
  'reply.pending': 'Reply while an accept is being confirmed',
  'reply.help': 'Reply to HELP',
  'reply.stopped': 'Reply to STOP',
  'reply.started': 'Reply to START',
  'proposal.sms': 'To the requester: the times the counselor proposes (SMS)',
  'proposal.email': 'To the requester: the times the counselor proposes (email)',
  'confirmed.sms': 'To the requester: the session time is confirmed (SMS)',
  'confirmed.email': 'To the requester: the session time is confirmed, with the calendar file (email)',
  'session.confirmed.sms': 'To the counselor: the requester confirmed a time (SMS)',
  'session.confirmed.email': 'To the counselor: the requester confirmed a time, with the calendar file (email)',
  'reschedule.counselor.sms': 'To the counselor: the requester asks for other times (SMS)',
  'reschedule.counselor.email': 'To the counselor: the requester asks for other times (email)',
  'reschedule.requester.sms': 'To the requester: new times are coming (SMS)',
  'reschedule.requester.email': 'To the requester: new times are coming (email)',
  'handed-back.sms': 'To the requester: the counselor handed the request back (SMS)',
  'handed-back.email': 'To the requester: the counselor handed the request back, cancelling the time (email)',
  'first-contact.reminder.sms': 'To the counselor who took a request: please confirm first contact (SMS)',
  'first-contact.reminder.email': 'To the counselor who took a request: please confirm first contact (email)',
  'requester.contact-check.sms': 'To the requester: has a counselor been in touch? (SMS)',
  'requester.contact-check.email': 'To the requester: has a counselor been in touch? (email)',
  'released.sms': 'To a counselor whose request a coordinator passed to someone else (SMS)',
  'released.email': 'To a counselor whose request a coordinator passed to someone else (email)',
  'reply.contacted': 'Answer to a counselor who confirmed first contact by SMS',
  'reply.contact-unknown': 'Answer to a first-contact SMS reply with an unknown number',
  'reminder.sms': 'Reminder of a session, to both sides (SMS)',
  'reminder.email': 'Reminder of a session, to both sides (email)',
  'outcome.sms': 'To the counselor: record the session outcome (SMS)',
  'outcome.email': 'To the counselor: record the session outcome (email)',
  'outcome.nudge.sms': 'To the counselor: reminder to record the outcome (SMS)',
  'outcome.nudge.email': 'To the counselor: reminder to record the outcome (email)',
  'out-of-scope.sms': 'To the requester: the request needs more than peer support (SMS)',
  'out-of-scope.email': 'To the requester: the request needs more than peer support (email)',
  'debrief.sms': 'To the on-call lead: a debrief is needed after a hard session (SMS)',
  'debrief.email': 'To the on-call lead: a debrief is needed after a hard session (email)',
  'supervision.due.sms': 'To the supervisor: a supervision check-in is due (SMS)',
  'supervision.due.email': 'To the supervisor: a supervision check-in is due (email)',
  'supervision.asked.sms': 'To the supervisor: a counselor asks for a check-in (SMS)',
  'supervision.asked.email': 'To the supervisor: a counselor asks for a check-in (email)',
  'supervision.cool-down.sms': 'To the supervisor: a cool-down started after hard sessions, please check in (SMS)',
  'supervision.cool-down.email': 'To the supervisor: a cool-down started after hard sessions, please check in (email)',
  'supervision.overdue.sms': 'To the coordinators: a supervision check-in is overdue (SMS)',
  'supervision.overdue.email': 'To the coordinators: a supervision check-in is overdue (email)',
  'rota.swap-taken.sms': 'To the coordinators and the giver: a lead took an offered on-call shift (SMS)',
  'rota.swap-taken.email': 'To the coordinators and the giver: a lead took an offered on-call shift (email)',
  'message.notice.sms': 'Notice of a new private message (SMS)',
  'message.notice.email': 'Notice of a new private message (email)',
  'team-channel.notice.sms': 'Notice of something new in the team channel (SMS)',
  'team-channel.notice.email': 'Notice of something new in the team channel (email)',
  'invite.email': 'Invitation to join the counselor pool',
  'phone-code.sms': 'Phone verification code',
  'pool-health.email': 'Daily pool-health digest to coordinators',
  'password-reset.email': 'Link to set a new password',
  'sign-in-failures.email': 'To an account owner: wrong passwords piled up today (the account is not locked)',
};

export function templatesListPage(opts: {
  user: User;
  own: StoredTemplate[];
  lockScreenDetails: boolean;
  csrfToken: string;
  saved?: boolean;
}): string {
  const ownByKey = new Map(opts.own.map((t) => [`${t.key}/${t.language}`, t]));
  return page(
    { title: 'Message templates', user: opts.user, current: 'settings' },
    html`<p><a href="/">← Requests</a></p>
      <h1>Message templates</h1>
      <p>
        Every message the system sends, in each language. Open one to make this team’s own version, preview it with
        example values, or go back to the default.
      </p>
      <h2>Lock screens</h2>
      ${opts.saved ? notice('Saved.') : ''}
      <form method="post" action="/settings/templates/lock-screen">
        ${csrfField(opts.csrfToken)}
        <p>
          <label
            ><input type="checkbox" name="details" value="on" ${opts.lockScreenDetails ? 'checked' : ''} /> Texts and
            email subjects may name the topic (suicide and safety planning, addiction, trauma) and a hard session's
            category</label
          >
        </p>
        <p class="hint">
          Off by default: a phone's lock screen shows only the language and that a request matches; the page behind the
          link shows the details.
        </p>
        <p><button type="submit">Save</button></p>
      </form>
      <table class="templates">
        <thead>
          <tr>
            <th>Message</th>
            ${TEMPLATE_LANGUAGES.map((l) => html`<th>${TEMPLATE_LANGUAGE_NAMES[l]}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${MESSAGE_KEYS.map(
            (key) =>
              html`<tr>
                <td>${MESSAGE_DESCRIPTIONS[key]}<br /><code>${key}</code></td>
                ${TEMPLATE_LANGUAGES.map((l) => {
                  const own = ownByKey.get(`${key}/${l}`);
                  return html`<td data-key="${key}" data-language="${l}" data-own="${own ? 'yes' : 'no'}">
                    <a href="/settings/templates/${key}/${l}"
                      >${own ? html`<strong>Own version</strong>` : hasOwnDefault(key, l) ? 'Default' : 'Default (English)'}</a
                    >
                  </td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

export interface TemplateEditView {
  user: User;
  key: MessageKey;
  language: TemplateLanguage;
  /** The text in the editor: what was sent, else the workspace's own, else the default. */
  text: Template;
  own?: StoredTemplate;
  csrfToken: string;
  errors: Record<string, string>;
  previews?: TemplatePreview[];
  flash?: 'saved' | 'restored';
}

function previewBlock(key: MessageKey, previews: TemplatePreview[]) {
  return html`<section class="card preview" id="preview">
    <h2>Preview</h2>
    ${previews.map((p) => {
      const over = key === 'offer.sms' && p.segments && p.segments.segments > 1;
      return html`<div class="preview-case" data-kind="${p.kind}">
        <h3>${p.kind === 'typical' ? 'A typical request' : 'The longest realistic values (urgent, long names)'}</h3>
        ${p.subject ? html`<p><strong>Subject:</strong> ${p.subject}</p>` : ''}
        <pre class="message">${p.body}</pre>
        ${
          p.segments
            ? html`<p class="segments" data-segments="${p.segments.segments}" data-encoding="${p.segments.encoding}">
                ${p.segments.characters} characters, ${p.segments.encoding}:
                <strong>${p.segments.segments} SMS segment${p.segments.segments === 1 ? '' : 's'}</strong>
              </p>`
            : ''
        }
        ${
          over
            ? html`<p class="errors" role="alert">
                This offer needs ${p.segments!.segments} segments. An offer must fit in one: it cannot be saved like
                this.
              </p>`
            : ''
        }
      </div>`;
    })}
  </section>`;
}

export function templateEditPage(v: TemplateEditView): string {
  const { key, language, errors } = v;
  const def = defaultTemplate(key, language);
  const allowed = allowedPlaceholders(key, language);
  const base = `/settings/templates/${key}/${language}`;
  return page(
    { title: `Template ${key} (${TEMPLATE_LANGUAGE_NAMES[language]})`, user: v.user, current: 'settings' },
    html`<p><a href="/settings/templates">← Message templates</a></p>
      <h1>${MESSAGE_DESCRIPTIONS[key]}</h1>
      <p class="muted"><code>${key}</code> · ${TEMPLATE_LANGUAGE_NAMES[language]}</p>
      ${v.flash === 'saved' ? notice('Saved. Messages sent from now on use this text.') : ''}
      ${v.flash === 'restored' ? notice('Restored: this message uses the default text again.') : ''}
      ${errorSummary(
        v.previews ? 'This text cannot be saved as it is:' : 'Not saved. Please check:',
        Object.values(errors),
      )}
      <p id="state" data-own="${v.own ? 'yes' : 'no'}">
        ${
          v.own
            ? html`This team uses its own version, saved ${utc(v.own.updatedAt)}.`
            : hasOwnDefault(key, language)
              ? 'This team uses the default text.'
              : html`This team uses the default, which has no ${TEMPLATE_LANGUAGE_NAMES[language]} version yet: the
                English text is sent.`
        }
      </p>
      <form method="post" action="${base}" novalidate>
        ${csrfField(v.csrfToken)}
        ${
          hasSubject(key)
            ? html`<label for="subject">Subject</label>
                <input
                  type="text"
                  id="subject"
                  name="subject"
                  value="${v.text.subject ?? ''}"
                  ${invalidAttrs(errors, 'subject')}
                />
                ${fieldError(errors, 'subject')}`
            : ''
        }
        <label for="body">Message</label>
        <textarea id="body" name="body" rows="${isSmsKey(key) ? 4 : 10}" ${invalidAttrs(errors, 'body')}>
${v.text.body}</textarea>
        ${fieldError(errors, 'body')}
        <details class="placeholders" open>
          <summary>Placeholders this message can use</summary>
          ${
            allowed.length
              ? html`<ul>
                  ${allowed.map((p) => html`<li><code>{${p}}</code>: ${PLACEHOLDER_HELP[p] ?? ''}</li>`)}
                </ul>`
              : html`<p>None: this message is sent as written.</p>`
          }
          ${
            isSmsKey(key)
              ? html`<p class="hint">
                  One SMS segment holds 160 plain characters (GSM-7) but only 70 once any other character is used
                  (Cyrillic, emoji, curly quotes). ${key === 'offer.sms' ? 'An offer must fit in one segment.' : ''}
                </p>`
              : ''
          }
        </details>
        <p class="buttons">
          <button type="submit" name="action" value="preview" class="secondary">Preview</button>
          <button type="submit" name="action" value="save">Save</button>
        </p>
      </form>
      ${v.previews ? previewBlock(key, v.previews) : ''}
      ${
        v.own
          ? html`<form method="post" action="${base}" class="card">
              ${csrfField(v.csrfToken)}
              <p>Go back to the default text below. This team’s own version is deleted.</p>
              <button type="submit" name="action" value="restore" class="danger">Restore the default</button>
            </form>`
          : ''
      }
      <details class="card">
        <summary>The default text</summary>
        ${def.subject ? html`<p><strong>Subject:</strong> ${def.subject}</p>` : ''}
        <pre class="message">${def.body}</pre>
      </details>`,
  );
}
