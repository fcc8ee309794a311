// The intake form: plain HTML that works without JavaScript, errors shown beside each field.
import { LANGUAGES, LIVED_EXPERIENCE_LABELS, TOPIC_LABELS } from '../../db/vocabulary';
import type { Workspace } from '../../db';
import type { CrisisResource } from '../../db/stores/safety-store';
import { availabilityFields } from './availability-fields';
import { html, page, type SafeHtml } from './html';

type Values = Record<string, unknown>;

const fieldError = (errors: Record<string, string>, name: string) =>
  errors[name] ? html`<p class="error" id="${name}-error">${errors[name]}</p>` : '';

const described = (errors: Record<string, string>, name: string) =>
  errors[name] ? html` aria-invalid="true" aria-describedby="${name}-error"` : '';

/** The workspace's crisis lines, with the universal emergency numbers first. */
export function crisisResourcesCard(resources: CrisisResource[], heading: string) {
  return html`<section class="card crisis" aria-labelledby="crisis-heading">
    <h2 id="crisis-heading">${heading}</h2>
    <p>
      Call your local emergency number: <strong>112</strong> in the EU, <strong>911</strong> in the US and Canada,
      <strong>999</strong> in the UK.
    </p>
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

/** What peer support is and is not: said before the form is sent, so nobody mistakes it for emergency care. */
export const SCOPE_TEXT = html`<div class="card scope">
  <h2>What peer support is</h2>
  <p>
    A conversation with a trained peer counselor who listens and has often been through something similar. It is
    <strong>not</strong> therapy, not a medical or psychological assessment, and not an emergency or crisis service. A
    counselor usually gets in touch within hours, not minutes.
  </p>
</div>`;

export function intakePage(
  workspace: Workspace,
  values: Values = {},
  errors: Record<string, string> = {},
  resources: CrisisResource[] = [],
): string {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const chosenLived = new Set(([] as unknown[]).concat(values.livedExperience ?? []).map(String));
  const errorList = Object.values(errors);
  const body: SafeHtml = html`
<h1>Ask for peer support</h1>
<p>${workspace.name} connects you with a trained peer counselor, usually within hours.</p>
${SCOPE_TEXT}
${crisisResourcesCard(resources, 'In danger right now? Do not wait for us')}
${
  errorList.length
    ? html`<div class="errors" role="alert">
        <p><strong>Please check the form:</strong></p>
        <ul>
          ${errorList.map((e) => html`<li>${e}</li>`)}
        </ul>
      </div>`
    : ''
}
<form method="post" action="/w/${workspace.slug}/request" novalidate>
  <label for="language">Language you would like to talk in</label>
  <select id="language" name="language"${described(errors, 'language')}>
    <option value="">Choose…</option>
    ${Object.entries(LANGUAGES).map(([code, name]) => html`<option value="${code}" ${v('language') === code ? html` selected` : ''}>${name}</option>`)}
  </select>
  ${fieldError(errors, 'language')}

  <label for="topic">What would you like support with?</label>
  <select id="topic" name="topic"${described(errors, 'topic')}>
    <option value="">Choose…</option>
    ${Object.entries(TOPIC_LABELS).map(([code, name]) => html`<option value="${code}" ${v('topic') === code ? html` selected` : ''}>${name}</option>`)}
  </select>
  ${fieldError(errors, 'topic')}

  <fieldset>
    <legend>Would you like a counselor with lived experience of… <span class="hint">(optional)</span></legend>
    ${Object.entries(LIVED_EXPERIENCE_LABELS).map(
      ([code, name]) =>
        html`<label
          ><input
            type="checkbox"
            name="livedExperience"
            value="${code}"
            ${chosenLived.has(code) ? html` checked` : ''}
          />
          ${name}</label
        >`,
    )}
  </fieldset>
  ${fieldError(errors, 'livedExperience')}

  <label for="email">Email <span class="hint">(email or phone, or both)</span></label>
  <input type="email" id="email" name="email" autocomplete="email" value="${v('email')}"${described(errors, 'email')}>
  ${fieldError(errors, 'email')}
  <label for="phone">Phone <span class="hint">with country code, e.g. +372 5123 4567</span></label>
  <input type="tel" id="phone" name="phone" autocomplete="tel" value="${v('phone')}"${described(errors, 'phone')}>
  ${fieldError(errors, 'phone')}
  ${fieldError(errors, 'contact')}

  <label for="message">Anything you would like the counselor to know <span class="hint">(optional)</span></label>
  <textarea id="message" name="message" maxlength="1000"${described(errors, 'message')}>${v('message')}</textarea>
  ${fieldError(errors, 'message')}

  <fieldset${described(errors, 'safety')}>
    <legend>Are you in danger right now?</legend>
    ${(
      [
        ['no', 'No'],
        ['unsure', 'I am not sure'],
        ['yes', 'Yes, I may be in danger now'],
      ] as const
    ).map(
      ([code, label]) =>
        html`<label
          ><input type="radio" name="safety" value="${code}" ${v('safety') === code ? html` checked` : ''} />
          ${label}</label
        >`,
    )}
  </fieldset>
  ${fieldError(errors, 'safety')}
  <p class="hint">If you are in danger right now, please call your local emergency number (112 in the EU, 911 in the US).</p>

  ${availabilityFields(values, errors.availability)}
  <button type="submit" class="big">Send my request</button>
</form>`;
  return page({ title: `Ask for support – ${workspace.name}` }, body);
}

export function submittedPage(statusUrl: string, urgent: boolean, resources: CrisisResource[] = []): string {
  return page(
    { title: urgent ? 'Please get help now' : 'Request received' },
    html` ${
        urgent
          ? html`<div role="alert" class="urgent-first">
              ${crisisResourcesCard(resources, 'You said you may be in danger now: please call one of these now')}
              <p><strong>We have also marked your request urgent</strong> and told our on-call lead.</p>
            </div>`
          : ''
      }
      <h1>Thank you. Your request is on its way.</h1>
      <p>
        We are letting the counselors who fit your request know right now. The first one to accept will contact you.
      </p>
      <div class="card">
        <p><strong>Your private status page</strong> (keep this link to yourself):</p>
        <p><a href="${statusUrl}">${statusUrl}</a></p>
      </div>`,
  );
}
