// The dev outbox page: every SMS and email the local sinks received, with their links clickable.
import type { Stores } from '../../db';
import { html, page } from '../ui/html';

type DevOutboxMessage = Awaited<ReturnType<Stores['devOutbox']['list']>>[number];

export function outboxPage(messages: DevOutboxMessage[]): string {
  return page(
    { title: 'Dev outbox' },
    html`<h1>Dev outbox</h1>
      <p class="muted">Every SMS and email the local sinks received, newest first.</p>
      ${messages.map(
        (m) =>
          html`<div class="card" data-kind="${m.kind}" data-to="${m.to}">
            <p>
              <strong>${m.kind.toUpperCase()}</strong> to ${m.to} ·
              ${m.receivedAt.toISOString().slice(11, 19)}${m.subject ? html` · ${m.subject}` : ''}
            </p>
            <pre>${linkify(m.body)}</pre>
          </div>`,
      )}`,
  );
}

/** Escapes the text and turns its URLs into links, so the outbox links can be clicked. */
function linkify(text: string) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return parts.map((p, i) => (i % 2 === 1 ? html`<a href="${p}">${p}</a>` : html`${p}`));
}
