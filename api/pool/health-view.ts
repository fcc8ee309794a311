// The pool's figures on /pool: active breadth and how evenly sessions are spread.
import type { PoolHealth } from '../../db';
import { html, type SafeHtml } from '../ui/html';

export function healthSection(f: PoolHealth['figures']): SafeHtml {
  const spread = f.evenness < 0.3 ? 'even' : f.evenness < 0.5 ? 'somewhat uneven' : 'uneven';
  return html`<section class="card" id="health">
    <h2>Pool health</h2>
    <dl class="facts">
      <dt>Active breadth</dt>
      <dd id="breadth" data-active="${f.activeBreadth.active}" data-total="${f.activeBreadth.total}">
        ${f.activeBreadth.active} of ${f.activeBreadth.total} counselors took a session in the last 30 days
      </dd>
      <dt>Spread</dt>
      <dd id="evenness" data-gini="${f.evenness.toFixed(2)}">
        ${spread} (Gini ${f.evenness.toFixed(2)} over ${f.sessions30d} sessions; 0 is perfectly even)
      </dd>
    </dl>
    <p class="hint">Flags below are worked out now; coordinators also get them by email every morning.</p>
  </section>`;
}
