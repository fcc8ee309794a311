// A requester's contact details as staff and the winning counselor see them: phone and email as links, what they
// wrote as they wrote it. One fragment for the offer page (after the win) and the staff's contact page.
import type { RequesterContact } from '../../db';
import { html, type SafeHtml } from './html';

export function contactDetails(contact: RequesterContact): SafeHtml {
  return html`${contact.phone ? html`<p>Phone: <a href="tel:${contact.phone}">${contact.phone}</a></p>` : ''}
  ${contact.email ? html`<p>Email: <a href="mailto:${contact.email}">${contact.email}</a></p>` : ''}
  ${
    contact.message
      ? html`<p>They wrote:</p>
          <blockquote><pre>${contact.message}</pre></blockquote>`
      : ''
  }`;
}
