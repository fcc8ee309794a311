// /pool/import: paste a CSV, see every row's problems (nothing written yet), then import the good rows.
import type { User } from '../../db';
import { IMPORT_COLUMNS, type ImportResult } from './import';
import { csrfField, notice } from '../ui/form-parts';
import { html, page } from '../ui/html';

export function importPage(v: {
  user: User;
  csrfToken: string;
  csv: string;
  result?: ImportResult;
  done?: { imported: number; unsent: number };
  message?: string;
}): string {
  const r = v.result;
  const good = r?.rows.filter((row) => row.errors.length === 0).length ?? 0;
  const bad = (r?.rows.length ?? 0) - good;
  const body = html`<p><a href="/pool">← Pool</a></p>
    <h1>Import counselors from CSV</h1>
    ${
      v.done
        ? notice(
            `Imported ${v.done.imported} counselor${v.done.imported === 1 ? '' : 's'}; each gets an invitation to set a password.` +
              (v.done.unsent ? ` ${v.done.unsent} invitation(s) could not be sent yet: see Invite.` : ''),
          )
        : ''
    }
    ${v.message ? html`<p class="error" role="alert">${v.message}</p>` : ''}
    ${r?.fileError ? html`<p class="error" role="alert" id="file-error">${r.fileError}</p>` : ''}
    ${
      r && !r.fileError
        ? html`<section class="card" id="preview">
            <h2>Preview: nothing is saved yet</h2>
            <p>
              <strong>${good}</strong> row(s) can be imported, <strong>${bad}</strong> have problems and will be left
              out.
            </p>
            <ol class="names">
              ${r.rows.map(
                (row) =>
                  html`<li data-line="${row.line}" data-ok="${row.errors.length ? 'no' : 'yes'}">
                    Line ${row.line}: ${row.name || html`<em>no name</em>`} (${row.email || 'no email'})
                    ${
                      row.errors.length
                        ? html`<ul class="error">
                            ${row.errors.map((e) => html`<li>${e}</li>`)}
                          </ul>`
                        : ' ok'
                    }
                  </li>`,
              )}
            </ol>
            ${
              good
                ? html`<form method="post" action="/pool/import/confirm">
                    ${csrfField(v.csrfToken)}
                    <input type="hidden" name="csv" value="${v.csv}" />
                    <p><button type="submit">Import the ${good} good row(s) and send invitations</button></p>
                  </form>`
                : ''
            }
          </section>`
        : ''
    }
    <form method="post" action="/pool/import" class="card">
      ${csrfField(v.csrfToken)}
      <label for="csv"
        >CSV
        <span class="hint"
          >(header: ${IMPORT_COLUMNS.join(', ')}; several values in a cell separated by ";")</span
        ></label
      >
      <textarea id="csv" name="csv" rows="10">${v.csv}</textarea>
      <p><button type="submit">Preview</button></p>
    </form>`;
  return page({ title: 'Import counselors', user: v.user }, body);
}
