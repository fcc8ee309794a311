// Small pieces every signed-in form uses: the CSRF field, an error beside its field, the error summary.
import { html, type SafeHtml } from './html';

/** The session's CSRF token, sent back with the form (requireCsrf checks it). */
export const csrfField = (token: string): SafeHtml => html`<input type="hidden" name="_csrf" value="${token}" />`;

/** The id an error paragraph gets, for aria-describedby. */
export const errorId = (field: string): string => `${field}-error`;

export const fieldError = (errors: Record<string, string>, field: string): SafeHtml | '' =>
  errors[field] ? html`<p class="error" id="${errorId(field)}">${errors[field]}</p>` : '';

/** Attributes that tie an invalid field to its message, for screen readers. */
export const invalidAttrs = (errors: Record<string, string>, field: string): SafeHtml | '' =>
  errors[field] ? html` aria-invalid="true" aria-describedby="${errorId(field)}"` : '';

/**
 * A labelled input (text unless `type` says otherwise) with its error beside it; a password is never sent back.
 * No autocomplete unless told: most of these forms are about someone else.
 */
export function textInput(
  name: string,
  label: string,
  value: string,
  errors: Record<string, string>,
  opts: { type?: string; hint?: string; autocomplete?: string; inputmode?: string; placeholder?: string } = {},
): SafeHtml {
  return html`<label for="${name}">${label}${opts.hint ? html` <span class="hint">${opts.hint}</span>` : ''}</label>
    <input
      type="${opts.type ?? 'text'}"
      id="${name}"
      name="${name}"
      value="${opts.type === 'password' ? '' : value}"
      ${opts.inputmode ? html`inputmode="${opts.inputmode}"` : ''}
      ${opts.placeholder ? html`placeholder="${opts.placeholder}"` : ''}
      autocomplete="${opts.autocomplete ?? 'off'}"
      ${invalidAttrs(errors, name)}
    />
    ${fieldError(errors, name)}`;
}

/** Checkboxes under one name (code → label), the chosen ones ticked, the group's error inside its fieldset. */
export function checkboxGroup(
  name: string,
  legend: string | SafeHtml,
  options: Record<string, string>,
  chosen: readonly string[],
  errors: Record<string, string>,
  opts: { id?: string } = {},
): SafeHtml {
  return html`<fieldset ${opts.id ? html`id="${opts.id}"` : ''} ${invalidAttrs(errors, name)}>
    <legend>${legend}</legend>
    ${Object.entries(options).map(
      ([code, label]) =>
        html`<label
          ><input type="checkbox" name="${name}" value="${code}" ${chosen.includes(code) ? 'checked' : ''} />
          ${label}</label
        >`,
    )}
    ${fieldError(errors, name)}
  </fieldset>`;
}

export function errorSummary(title: string, messages: string[]): SafeHtml | '' {
  if (messages.length === 0) return '';
  return html`<div class="errors" role="alert">
    <p><strong>${title}</strong></p>
    <ul>
      ${messages.map((m) => html`<li>${m}</li>`)}
    </ul>
  </div>`;
}

export const notice = (text: string): SafeHtml => html`<p class="card ok" role="status">${text}</p>`;

export const utc = (d: Date | number): string => `${new Date(d).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** 1800000 → "30 min", 5400000 → "1 h 30 min", 1500 → "1.5 s". */
export function formatMs(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${unit}`);
  }
  return parts.join(' ');
}
