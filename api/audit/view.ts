// The audit log page (coordinators), the CSV export's rows, and the requester's contact page for staff.
import { toCsv } from '../../domain/csv';
import type { AuditEntry, RequesterContact, User } from '../../db';
import { notice, utc } from '../ui/form-parts';
import { contactDetails } from '../ui/contact-details';
import { html, page } from '../ui/html';

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'request.contact_viewed': 'Viewed the requester’s contact details',
  'thread.read_supervisory': 'Read a thread they are not in',
  'user.role_changed': 'Changed a role',
  'audit.exported': 'Exported the audit log',
};

const VIA_LABELS: Record<string, string> = {
  'offer-page': 'on their offer page',
  'offer-accept': 'on winning the offer',
  'accept-api': 'through the app',
  'request-contact-page': 'on the request page',
};

export interface AuditRow extends AuditEntry {
  actorName: string;
}

export const describeAction = (e: AuditEntry): string => {
  const via = typeof e.detail?.via === 'string' ? VIA_LABELS[e.detail.via] : undefined;
  return `${AUDIT_ACTION_LABELS[e.action] ?? e.action}${via ? ` ${via}` : ''}`;
};

export function auditPage(opts: { user: User; rows: AuditRow[]; olderBefore?: number; paged: boolean }): string {
  const subject = (e: AuditRow) =>
    e.subjectType === 'request' && e.subjectId
      ? html`<a href="/requests/${e.subjectId}">request ${e.subjectId.slice(0, 8)}</a>`
      : html`${e.subjectType}${e.subjectId ? ` ${e.subjectId.slice(0, 8)}` : ''}`;
  return page(
    { title: 'Audit log', user: opts.user },
    html`<p><a href="/">← Requests</a></p>
      <h1>Audit log</h1>
      <p class="muted">
        Who saw requesters’ contact details, and other sensitive actions, newest first.
        <a href="/audit.csv" download>Export as CSV</a> (the export is recorded too).
      </p>
      ${
        opts.rows.length === 0
          ? notice(opts.paged ? 'No older entries.' : 'Nothing recorded yet.')
          : // A list, not a table: it reads on a 360 px phone without sideways scrolling.
            html`<ol id="audit" class="timeline">
              ${opts.rows.map(
                (e) =>
                  html`<li data-id="${e.id}" data-action="${e.action}">
                    <time datetime="${e.at.toISOString()}">${utc(e.at)}</time> <strong>${e.actorName}</strong>:
                    ${describeAction(e)} (${subject(e)})
                  </li>`,
              )}
            </ol>`
      }
      <p>
        ${opts.paged ? html`<a href="/audit">Newest</a>` : ''}
        ${opts.olderBefore ? html` <a href="/audit?before=${opts.olderBefore}" rel="next">Older entries</a>` : ''}
      </p>`,
  );
}

export function auditCsv(rows: AuditRow[]): string {
  const header = ['id', 'at', 'actor_id', 'actor', 'action', 'description', 'subject_type', 'subject_id', 'detail'];
  return toCsv(
    header,
    rows.map((e) => [
      e.id,
      e.at.toISOString(),
      e.actorId,
      e.actorName,
      e.action,
      describeAction(e),
      e.subjectType,
      e.subjectId,
      JSON.stringify(e.detail ?? {}),
    ]),
  );
}

export function requestContactPage(opts: { user: User; requestId: string; contact: RequesterContact }): string {
  const { contact } = opts;
  const empty = !contact.email && !contact.phone && !contact.message;
  return page(
    { title: 'Contact details', user: opts.user },
    html`<p><a href="/requests/${opts.requestId}">← The request</a></p>
      <h1>Requester’s contact details</h1>
      <p class="muted">Your viewing of this page is recorded in the audit log.</p>
      ${
        empty
          ? notice('Nothing is kept any more: contact details are removed some time after a request closes.')
          : html`<div class="card" id="contact">${contactDetails(contact)}</div>`
      }`,
  );
}
