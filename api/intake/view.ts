// The requester's pages: the intake form and the answer after sending it. Plain HTML that works without
// JavaScript, every word from the translation files (api/i18n), errors beside each field and in a summary
// that takes the focus. The form is a list of field partials taking one context: a new field is one line.
import type { ExpectedWait } from '../../domain/expected-wait';
import { LANGUAGES } from '../../domain/vocabulary';
import { DEMO_SLUG } from '../../domain/demo';
import type { Workspace } from '../../db';
import type { CrisisResource } from '../../db/stores/safety-store';
import { LANGUAGE_NAMES, translator, type Translate } from '../i18n';
import { errorId } from '../ui/form-parts';
import { html, page, SafeHtml } from '../ui/html';
import { availabilityFields } from './availability-fields';
import { intakeWords, type IntakeWords } from './words-service';

type Values = Record<string, unknown>;

/** What every field partial of the intake form gets. */
export interface IntakeFormContext {
  t: Translate;
  lang: string;
  /** What the requester sent (kept on an error), as strings or string arrays. */
  values: Values;
  /** Field → message, already translated. */
  errors: Record<string, string>;
  /** The submitted value of a text field, '' when absent. */
  v(name: string): string;
  /** The aria attributes that tie an invalid field to its message. */
  described(name: string): SafeHtml | '';
  /** The message paragraph under a field. */
  fieldError(name: string): SafeHtml | '';
  /** The topics and lived experience to offer: the built-in words and the workspace's own, in this language. */
  words: IntakeWords;
}

export function intakeFormContext(
  lang: string,
  values: Values = {},
  errors: Record<string, string> = {},
  words: IntakeWords = intakeWords([], lang),
) {
  const ctx: IntakeFormContext = {
    t: translator(lang),
    lang,
    values,
    errors,
    words,
    v: (k) => (typeof values[k] === 'string' ? (values[k] as string) : ''),
    described: (name) => (errors[name] ? html` aria-invalid="true" aria-describedby="${errorId(name)}"` : ''),
    fieldError: (name) => (errors[name] ? html`<p class="error" id="${errorId(name)}">${errors[name]}</p>` : ''),
  };
  return ctx;
}

/** Escapes a translated text and turns its **bold** marks into <strong>: translators can stress a word. */
export function rich(text: string): SafeHtml {
  return new SafeHtml(html`${text}`.value.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>'));
}

/** The workspace's crisis lines, with the universal emergency numbers first. */
export function crisisResourcesCard(resources: CrisisResource[], heading: string, t: Translate = translator('en')) {
  return html`<section class="card crisis" aria-labelledby="crisis-heading">
    <h2 id="crisis-heading">${heading}</h2>
    <p>${rich(t('crisis.emergency'))}</p>
    ${
      resources.length
        ? html`<ul class="resources">
            ${resources.map(
              (r) =>
                html`<li>
                  <strong>${r.name}</strong
                  >${r.phone ? html` · <a href="tel:${r.phone.replace(/\s/g, '')}">${r.phone}</a>` : ''}${
                    r.url
                      ? html` · <a href="${safeUrl(r.url)}" rel="noopener">${r.url.replace(/^https?:\/\//, '')}</a>`
                      : ''
                  }${r.note ? html`<br /><span class="muted">${r.note}</span>` : ''}
                </li>`,
            )}
          </ul>`
        : ''
    }
  </section>`;
}

const safeUrl = (url: string) => (/^https?:\/\//i.test(url) ? url : '#');

/**
 * What peer support is and is not: said before the form is sent, so nobody mistakes it for emergency care.
 * Outside the team's service hours it does not promise an answer within hours (the notice says when instead).
 */
export const scopeText = (t: Translate, closed = false) =>
  html`<div class="card scope">
    <h2>${t('scope.heading')}</h2>
    <p>${rich(t(closed ? 'scope.bodyClosed' : 'scope.body'))}</p>
  </div>`;

/** Links to the same page in the workspace's other languages (each link in its own language). */
export function languageSwitch(current: string, languages: string[], hrefFor: (lang: string) => string) {
  if (languages.length < 2) return '';
  return html`<nav class="lang-switch" aria-label="${translator(current)('language.switch')}">
    ${languages.map(
      (l, i) =>
        html`${i ? ' · ' : ''}<a
            href="${hrefFor(l)}"
            lang="${l}"
            hreflang="${l}"
            ${l === current ? html`aria-current="page"` : ''}
            >${LANGUAGE_NAMES[l] ?? l}</a
          >`,
    )}
  </nav>`;
}

/** The error summary: announced, focused on load (so keyboard and screen-reader users land on it), linking to fields. */
function errorSummary(ctx: IntakeFormContext) {
  const entries = Object.entries(ctx.errors);
  if (entries.length === 0) return '';
  return html`<div class="errors" role="alert" id="error-summary" tabindex="-1" autofocus>
    <p><strong>${ctx.t('form.errorsTitle')}</strong></p>
    <ul>
      ${entries.map(([field, message]) =>
        // A form-level answer (the spam check, the rate limit) belongs to no field: nothing to link to.
        field === 'form'
          ? html`<li>${message}</li>`
          : html`<li><a href="#${FIELD_ANCHORS[field] ?? field}">${message}</a></li>`,
      )}
    </ul>
  </div>`;
}

/** Where an error's link leads when the field's first control has another id. */
const FIELD_ANCHORS: Record<string, string> = {
  contact: 'email',
  safety: 'safety-no',
  livedExperience: 'lived-experience',
};

const options = (ctx: IntakeFormContext, name: string, entries: [string, string][]) => html`
  <option value="">${ctx.t('form.choose')}</option>
  ${entries.map(([code, label]) => html`<option value="${code}" ${ctx.v(name) === code ? html` selected` : ''}>${label}</option>`)}
`;

export const languageField = (ctx: IntakeFormContext) =>
  html` <label for="language">${ctx.t('field.language')}</label>
    <select id="language" name="language" ${ctx.described('language')}>
      ${options(
        ctx,
        'language',
        Object.keys(LANGUAGES).map((code) => [code, ctx.t(`lang.${code}`)]),
      )}
    </select>
    ${ctx.fieldError('language')}`;

export const topicField = (ctx: IntakeFormContext) =>
  html` <label for="topic">${ctx.t('field.topic')}</label>
    <select id="topic" name="topic" ${ctx.described('topic')}>
      ${options(ctx, 'topic', ctx.words.specialisms)}
    </select>
    ${ctx.fieldError('topic')}`;

export const livedExperienceField = (ctx: IntakeFormContext) => {
  const chosen = new Set(([] as unknown[]).concat(ctx.values.livedExperience ?? []).map(String));
  return html`<fieldset id="lived-experience" ${ctx.described('livedExperience')}>
      <legend>${ctx.t('field.livedExperience')} <span class="hint">${ctx.t('form.optional')}</span></legend>
      ${ctx.words.livedExperience.map(
        ([code, label]) =>
          html`<label
            ><input type="checkbox" name="livedExperience" value="${code}" ${chosen.has(code) ? html` checked` : ''} />
            ${label}</label
          >`,
      )}
    </fieldset>
    ${ctx.fieldError('livedExperience')}`;
};

export const contactFields = (ctx: IntakeFormContext) =>
  html` <label for="email">${ctx.t('field.email')} <span class="hint">${ctx.t('field.emailHint')}</span></label>
    <input
      type="email"
      id="email"
      name="email"
      autocomplete="email"
      value="${ctx.v('email')}"
      ${ctx.described(ctx.errors.email ? 'email' : 'contact')}
    />
    ${ctx.fieldError('email')}
    <label for="phone">${ctx.t('field.phone')} <span class="hint">${ctx.t('field.phoneHint')}</span></label>
    <input type="tel" id="phone" name="phone" autocomplete="tel" value="${ctx.v('phone')}" ${ctx.described('phone')} />
    ${ctx.fieldError('phone')} ${ctx.fieldError('contact')}`;

export const messageField = (ctx: IntakeFormContext) =>
  html` <label for="message">${ctx.t('field.message')} <span class="hint">${ctx.t('form.optional')}</span></label>
    <textarea id="message" name="message" maxlength="1000" ${ctx.described('message')}>${ctx.v('message')}</textarea>
    ${ctx.fieldError('message')}`;

export const safetyField = (ctx: IntakeFormContext) => html`
  <fieldset${ctx.described('safety')}>
    <legend>${ctx.t('field.safety')}</legend>
    ${(['no', 'unsure', 'yes'] as const).map(
      (code) =>
        html`<label
          ><input
            type="radio"
            id="safety-${code}"
            name="safety"
            value="${code}"
            ${ctx.v('safety') === code ? html` checked` : ''}
          />
          ${ctx.t(`safety.${code}`)}</label
        >`,
    )}
  </fieldset>
  ${ctx.fieldError('safety')}
  <p class="hint">${ctx.t('intake.emergencyHint')}</p>`;

export interface IntakePageOptions {
  lang?: string;
  /** The workspace's page languages, for the language links. */
  languages?: string[];
  /** Hidden anti-spam fields (api/intake/guard.ts): the signed render time and the honeypot. */
  protection?: SafeHtml;
  /** Outside the team's service hours: when it answers again (api/intake/service-hours.ts). */
  serviceHours?: SafeHtml | '';
  /** The words to offer (built-in and the workspace's own, in the page language); the built-in ones when absent. */
  words?: IntakeWords;
}

export function intakePage(
  workspace: Workspace,
  values: Values = {},
  errors: Record<string, string> = {},
  resources: CrisisResource[] = [],
  opts: IntakePageOptions = {},
): string {
  const lang = opts.lang ?? 'en';
  const ctx = intakeFormContext(lang, values, errors, opts.words);
  const { t } = ctx;
  const action = `/w/${workspace.slug}/request`;
  // The service-hours notice is given only outside the hours: then nothing above it may promise "within hours".
  const closed = Boolean(opts.serviceHours);
  const withLang = (l: string) => `${action}?lang=${encodeURIComponent(l)}`;
  const body: SafeHtml = html` ${languageSwitch(lang, opts.languages ?? [], withLang)}
    <h1>${t('intake.heading')}</h1>
    <p id="intake-lead">${t(closed ? 'intake.leadClosed' : 'intake.lead', { workspace: workspace.name })}</p>
    ${opts.serviceHours ?? ''} ${scopeText(t, closed)} ${crisisResourcesCard(resources, t('crisis.headingIntake'), t)}
    ${errorSummary(ctx)}
    <form method="post" action="${action}" novalidate>
      <input type="hidden" name="lang" value="${lang}" />
      ${opts.protection ?? ''} ${languageField(ctx)} ${topicField(ctx)} ${livedExperienceField(ctx)}
      ${contactFields(ctx)} ${messageField(ctx)} ${safetyField(ctx)}
      ${availabilityFields(values, errors.availability, t)}
      <button type="submit" class="big">${t('intake.submit')}</button>
    </form>`;
  return page(
    { title: t('intake.title', { workspace: workspace.name }), lang, demo: workspace.slug === DEMO_SLUG },
    body,
  );
}

/** What to expect, honestly: from who could take the request now and how long they took before (domain/expected-wait.ts). */
export function waitLine(
  wait: ExpectedWait | undefined,
  t: (key: string, vars?: Record<string, string | number>) => string,
) {
  if (!wait) return '';
  const time = (minutes: number) =>
    minutes < 60
      ? t('wait.minutes', { n: minutes })
      : minutes === 60
        ? t('wait.hour')
        : t('wait.hours', { n: minutes / 60 });
  const text =
    wait.kind === 'within'
      ? t(wait.atThisHour ? 'wait.within' : 'wait.withinOverall', { time: time(wait.minutes) })
      : t(wait.kind === 'slow' ? 'wait.slow' : 'wait.usual');
  return html`<p class="card" id="expected-wait" data-kind="${wait.kind}">${rich(text)}</p>`;
}

export function submittedPage(
  statusUrl: string,
  urgent: boolean,
  resources: CrisisResource[] = [],
  lang = 'en',
  wait?: ExpectedWait,
  serviceHours: SafeHtml | '' = '',
): string {
  const t = translator(lang);
  return page(
    { title: urgent ? t('submitted.urgentTitle') : t('submitted.title'), lang },
    html` ${
        urgent
          ? html`<div role="alert" class="urgent-first">
              ${crisisResourcesCard(resources, t('submitted.crisisHeading'), t)}
              <p>${rich(t('submitted.urgentNote'))}</p>
            </div>`
          : ''
      }
      <h1>${t('submitted.heading')}</h1>
      <p>${t('submitted.body')}</p>
      ${serviceHours} ${waitLine(wait, t)}
      <div class="card">
        <p>${rich(t('submitted.statusLink'))}</p>
        <p><a href="${statusUrl}">${statusUrl}</a></p>
      </div>`,
  );
}
