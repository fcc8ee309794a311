// The page a counselor opens from the SMS: the summary and one big Accept button; contact only after winning.
import type { HelpRequest, RequesterContact } from '../../db';
import { languageName, LIVED_EXPERIENCE_LABELS, topicLabel } from '../../domain/vocabulary';
import type { AcceptResult } from '../../workflows/definitions';
import { contactDetails } from '../ui/contact-details';
import { html, page } from '../ui/html';

function summary(request: HelpRequest) {
  return html`<div class="card">
    <p>
      <strong>${topicLabel(request.topic)}</strong> ·
      ${languageName(request.language)}${request.urgent ? html` · <strong class="error">urgent</strong>` : ''}
    </p>
    ${request.livedExperience.length ? html`<p class="muted">Lived experience asked for: ${request.livedExperience.map((t) => LIVED_EXPERIENCE_LABELS[t] ?? t).join(', ')}</p>` : ''}
    <p class="muted">Submitted ${request.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
  </div>`;
}

export function offerPage(token: string, request: HelpRequest): string {
  return page(
    { title: 'A request for you' },
    html`<h1>Someone is asking for support</h1>
      ${summary(request)}
      <form method="post" action="/o/${token}/accept"><button type="submit" class="big">Accept</button></form>
      <p class="muted">
        The first counselor to accept gets this request. You will see how to reach them once it is yours.
      </p>
      <form method="post" action="/o/${token}/decline">
        <button type="submit" class="link">I can't take this one</button>
      </form>`,
  );
}

export function contactCard(contact: RequesterContact) {
  return html`<div class="card ok">
    <h2>How to reach them</h2>
    ${contactDetails(contact)}
    <p class="muted">Please get in touch within a day.</p>
  </div>`;
}

const RESULT_TEXT: Record<AcceptResult, { title: string; text: string }> = {
  won: { title: "It's yours", text: 'Thank you for taking this request.' },
  taken: { title: 'Someone else already took this one, thank you', text: 'Thank you for answering so quickly.' },
  expired: { title: 'This request is no longer open', text: 'Thank you for answering.' },
  'not-offered': { title: 'This request was not offered to you', text: '' },
};

export function acceptResultPage(
  result: AcceptResult,
  request: HelpRequest,
  contact?: RequesterContact,
  links?: { token: string; canRefuse: boolean; contactHidden?: boolean },
): string {
  const t = RESULT_TEXT[result];
  const hidden =
    result === 'won' && !contact && links?.contactHidden
      ? html`<p class="card" id="contact-hidden">
          The requester's contact shows here on the phone where you tapped Accept, or when you
          <a href="/login">sign in</a> and open this link again.
        </p>`
      : '';
  return page(
    { title: t.title },
    html`<h1 data-result="${result}">${t.title}</h1>
      <p>${t.text}</p>
      ${summary(request)} ${result === 'won' && contact ? contactCard(contact) : ''} ${hidden}
      ${result === 'won' && links ? html`<p class="card"><a href="/o/${links.token}/session">Plan the session: propose times</a></p>` : ''}
      ${
        result === 'won' && links
          ? html`<form method="post" action="/o/${links.token}/escalate" class="card">
              <p>
                Does this need more than peer support (a risk to someone's life or safety)? The on-call lead is alerted
                at once with your phone number.
              </p>
              <button type="submit">This needs more than peer support</button>
            </form>`
          : ''
      }
      ${
        links?.canRefuse
          ? html`<div class="card">
              <p>
                A coordinator assigned this request to you. If you cannot take it, it goes back to dispatch without you.
              </p>
              <form method="post" action="/o/${links.token}/refuse">
                <button type="submit">I can't take this</button>
              </form>
            </div>`
          : ''
      }`,
  );
}

export function declinedPage(): string {
  return page(
    { title: 'Declined' },
    html`<h1 data-result="declined">Thank you for letting us know</h1>
      <p>We will not offer you this request again.</p>`,
  );
}

export function refusedPage(): string {
  return page(
    { title: 'Handed back' },
    html`<h1 data-result="refused">Thank you: it goes back to dispatch</h1>
      <p>The coordinator has been told.</p>`,
  );
}

export function acceptPendingPage(token: string): string {
  return page(
    { title: 'Confirming' },
    html`<h1>We got your tap</h1>
      <p>We are still confirming it. This usually takes a moment.</p>
      <form method="post" action="/o/${token}/accept"><button type="submit" class="big">Check again</button></form>`,
  );
}
