// The intake websites page: the origins that may send requests to the team's intake from a browser.
import { csrfField, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';

export function intakeOriginsPage(
  user: { name: string; role: string },
  token: string,
  text: string,
  opts: { error?: string; note?: string } = {},
) {
  return page(
    { title: 'Intake websites', user },
    html`<h1>Websites that may send requests</h1>
      ${opts.note ? notice(opts.note) : ''} ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      <p>
        Your team's own request form always works. List here other websites whose pages send requests to your team
        (through <code>POST /api/requests</code>), one per line. Browsers on any other website are refused.
      </p>
      <form method="post" action="/settings/intake">
        ${csrfField(token)}
        <label for="origins">Allowed origins</label>
        <textarea id="origins" name="origins">${text}</textarea>
        <p><button type="submit">Save</button></p>
      </form>`,
  );
}
