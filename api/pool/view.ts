// The pool pages: /pool (every counselor, live or not and why), /pool/:id (a coordinator edits a profile)
// and /me/availability (a counselor, on a phone, sets their own availability). Plain forms, no scripts.
import type { CounselorProfile, MatchExplanation, Pause, User, Vocabulary } from '../../db';
import { languageName, type TeamWord } from '../../domain/vocabulary';
import { LANGUAGE_NAMES } from '../i18n';
import type { FieldErrors, FormValues } from './form';
import { checkboxGroup, csrfField, errorSummary, fieldError, invalidAttrs, notice, textInput } from '../ui/form-parts';
import { html, page, type SafeHtml } from '../ui/html';

/** A form that came back with errors: which one, its messages and what was sent. */
export interface FormState {
  form: string;
  errors: FieldErrors;
  values: FormValues;
}

export const POOL_DONE: Record<string, string> = {
  saved: 'Saved.',
  'signed-off': 'Supervised session signed off.',
  'signoff-removed': 'Sign-off removed.',
  'cert-added': 'Certification added.',
  'cert-removed': 'Certification removed.',
  'away-added': 'Away period added: no offers on those days.',
  'away-removed': 'Away period removed.',
  paused: 'Paused: no new offers until the pause is lifted.',
  unpaused: 'Pause lifted: offers can come again.',
  'word-added': 'Added to the list.',
  'word-labels': 'Translations saved.',
  settings: 'Pool settings saved.',
  supervisor: 'Supervisor saved.',
  'cool-down-lifted': 'Cool-down lifted: offers of those topics can come again.',
};

const TIME_ZONES: string[] = (() => {
  try {
    const zones = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC'];
  }
})();

const text = (v: FormValues | undefined, k: string, fallback: string): string => {
  const x = v?.[k];
  return typeof x === 'string' ? x : fallback;
};
const many = (v: FormValues | undefined, k: string, fallback: string[]): string[] => {
  const x = v?.[k];
  return Array.isArray(x) ? x : fallback;
};

function errorsOf(state: FormState | undefined, form: string): FieldErrors {
  return state?.form === form ? state.errors : {};
}

function summary(state: FormState | undefined): SafeHtml | '' {
  return state ? errorSummary('Please correct the highlighted fields.', Object.values(state.errors)) : '';
}

function availabilityFields(
  p: CounselorProfile,
  errors: FieldErrors,
  values: FormValues | undefined,
  smsEnabled = true,
): SafeHtml {
  const zone = text(values, 'timeZone', p.timeZone);
  const smsOn = values ? values.sms === 'on' : p.channels.includes('sms');
  return html`${textInput(
      'capacity',
      'Sessions per week, at most',
      text(values, 'capacity', p.capacityPerWeek === null ? '' : String(p.capacityPerWeek)),
      errors,
      { hint: '(blank: no limit)', inputmode: 'numeric' },
    )}
    ${textInput(
      'capacityMonth',
      'Sessions per month, at most',
      text(values, 'capacityMonth', p.capacityPerMonth === null ? '' : String(p.capacityPerMonth)),
      errors,
      { hint: '(for a session or two a month; blank: no monthly limit)', inputmode: 'numeric' },
    )}
    ${textInput('quietStart', 'Quiet hours from', text(values, 'quietStart', p.quietStart ?? ''), errors, {
      hint: '(HH:MM, no offer SMS then; blank: none)',
      inputmode: 'numeric',
      placeholder: '22:00',
    })}
    ${textInput('quietEnd', 'Quiet hours until', text(values, 'quietEnd', p.quietEnd ?? ''), errors, {
      inputmode: 'numeric',
      placeholder: '07:00',
    })}
    <label for="timeZone">Time zone</label>
    <select id="timeZone" name="timeZone" ${invalidAttrs(errors, 'timeZone')}>
      ${TIME_ZONES.map((z) => html`<option value="${z}" ${z === zone ? 'selected' : ''}>${z}</option>`)}
    </select>
    ${fieldError(errors, 'timeZone')}
    ${
      smsEnabled
        ? html`<fieldset>
            <legend>Offers reach me by</legend>
            <label><input type="checkbox" name="sms" value="on" ${smsOn ? 'checked' : ''} /> SMS</label>
            <p class="hint">Email always: it is how you sign in.</p>
          </fieldset>`
        : // The team sends no SMS: the choice is not offered, and saving keeps the one made before.
          html`${smsOn ? html`<input type="hidden" name="sms" value="on" />` : ''}
            <p class="hint">Offers reach you by email.</p>`
    }`;
}

function awaySection(p: CounselorProfile, action: string, csrfToken: string, state: FormState | undefined): SafeHtml {
  const errors = errorsOf(state, 'away');
  const values = state?.form === 'away' ? state.values : undefined;
  return html`<section class="card" id="away">
    <h2>Away</h2>
    ${
      p.away.length
        ? html`<ul class="names">
            ${p.away.map(
              (a) =>
                html`<li>
                  ${a.fromOn} to ${a.untilOn}
                  <form method="post" action="${action}/${a.id}/remove" class="inline">
                    ${csrfField(csrfToken)}<button class="link">Remove</button>
                  </form>
                </li>`,
            )}
          </ul>`
        : html`<p class="muted">No away periods coming up.</p>`
    }
    <form method="post" action="${action}">
      ${csrfField(csrfToken)}
      ${textInput('fromOn', 'First day away', text(values, 'fromOn', ''), errors, { type: 'date', placeholder: 'YYYY-MM-DD' })}
      ${textInput('untilOn', 'Last day away', text(values, 'untilOn', ''), errors, { type: 'date', placeholder: 'YYYY-MM-DD' })}
      <p><button type="submit">Add away period</button></p>
    </form>
  </section>`;
}

function pauseSection(
  pauses: Pause[],
  opts: {
    action: string;
    liftAction: string;
    canLift: (p: Pause) => boolean;
    csrfToken: string;
    state?: FormState;
    self: boolean;
  },
): SafeHtml {
  const errors = errorsOf(opts.state, 'pause');
  const values = opts.state?.form === 'pause' ? opts.state.values : undefined;
  return html`<section class="card" id="pause">
    <h2>Pause</h2>
    ${
      pauses.length
        ? html`<ul class="names">
            ${pauses.map(
              (p) =>
                html`<li data-pause="${p.source}">
                  Paused: ${p.reason}
                  ${
                    opts.canLift(p)
                      ? html`<form method="post" action="${opts.liftAction}/${p.id}/lift" class="inline">
                          ${csrfField(opts.csrfToken)}<button class="link">Lift this pause</button>
                        </form>`
                      : html`<span class="hint"
                          >(lifted when the
                          ${p.source === 'debrief' ? 'debrief is done' : 'coordinator lifts it'})</span
                        >`
                  }
                </li>`,
            )}
          </ul>`
        : html`<p class="muted">Not paused: offers can come.</p>`
    }
    <form method="post" action="${opts.action}">
      ${csrfField(opts.csrfToken)}
      ${textInput(
        'reason',
        opts.self ? 'Pause my offers' : 'Pause offers to this counselor',
        text(values, 'reason', ''),
        errors,
        {
          hint: opts.self ? '(a reason, optional: only coordinators see it)' : '(the reason)',
        },
      )}
      <p><button type="submit">Pause</button></p>
    </form>
  </section>`;
}

function statusLine(s: MatchExplanation | undefined): SafeHtml {
  if (!s) return html``;
  const live = s.notLive.length === 0;
  const unavailable = s.reasons.filter((r) => !s.notLive.includes(r));
  return html`<p class="${live ? 'ok' : 'error'}" data-live="${live ? 'yes' : 'no'}">
      ${live ? 'Live' : html`Not live: ${s.notLive.join('; ')}`}
    </p>
    ${unavailable.length ? html`<p class="muted" data-unavailable>Not offered now: ${unavailable.join('; ')}</p>` : ''}`;
}

const capacityText = (s: MatchExplanation) =>
  (s.capacityPerWeek === null
    ? `${s.sessionsThisWeek} this week (no limit)`
    : `${s.sessionsThisWeek}/${s.capacityPerWeek} this week`) +
  (s.capacityPerMonth === null ? '' : `, ${s.sessionsThisMonth}/${s.capacityPerMonth} this month`);

// ---------------------------------------------------------------------------------------------------------------

export interface PoolPageView {
  user: User;
  rows: MatchExplanation[];
  /**
   * Flags per counselor (pool health), by id: the words, the kind (the link to write to them about it) and who
   * already reached out about it, when someone did.
   */
  flags: Map<string, { text: string; kind: string; reachedOut?: { staffName: string; at: Date } }[]>;
  expiring: { counselorId: string; name: string; certification: string; expiresOn: string }[];
  vocabulary: Vocabulary;
  /** The words the team added, with their labels per language. */
  teamWords?: TeamWord[];
  /** The page languages (besides English) a team word gets a label in: the intake shows it in them. */
  wordLanguages?: string[];
  requiredSupervised: number;
  csrfToken: string;
  done?: string;
  state?: FormState;
  /** Extra sections other pool features add (health summary). */
  extra?: SafeHtml;
}

export function poolPage(v: PoolPageView): string {
  const live = v.rows.filter((r) => r.notLive.length === 0).length;
  const settingsErrors = errorsOf(v.state, 'settings');
  const wordErrors = errorsOf(v.state, 'word');
  const body = html`<h1>Pool</h1>
    ${v.done && POOL_DONE[v.done] ? notice(POOL_DONE[v.done]) : ''} ${summary(v.state)}
    <p>${live} of ${v.rows.length} counselors are live.</p>
    <p>
      <a href="/pool/coverage">Coverage</a> · <a href="/forecast">Forecast</a> ·
      <a href="/pool/invite">Invite a counselor</a> ·
      <a href="/pool/import">Import from CSV</a>
    </p>
    ${v.extra ?? ''}
    <h2>Expiring in the next 30 days</h2>
    ${
      v.expiring.length
        ? html`<ul class="names" id="expiring">
            ${v.expiring.map(
              (e) =>
                html`<li>
                  <a href="/pool/${e.counselorId}">${e.name}</a>: ${e.certification} expires ${e.expiresOn}
                </li>`,
            )}
          </ul>`
        : html`<p class="muted" id="expiring">Nothing expires in the next 30 days.</p>`
    }
    <h2>Counselors</h2>
    <ul class="shift-list" id="counselors">
      ${v.rows.map(
        (r) =>
          html`<li class="card" data-counselor="${r.userId}">
            <strong><a href="/pool/${r.userId}">${r.name}</a></strong>
            ${statusLine(r)}
            <p class="hint">
              Capacity ${capacityText(r)} · ${r.phoneVerified ? 'phone verified' : 'no verified phone'}
            </p>
            ${
              (v.flags.get(r.userId) ?? []).length
                ? html`<ul class="names flags">
                    ${(v.flags.get(r.userId) ?? []).map(
                      (f) =>
                        html`<li data-flag="${f.kind}">
                          ${f.text} ·
                          <a href="/reach-out/${r.userId}?flag=${f.kind}">Write to ${r.name.split(' ')[0]}</a>
                          ${
                            f.reachedOut
                              ? html`<span class="hint reached-out">
                                  (${f.reachedOut.staffName} reached out on
                                  ${f.reachedOut.at.toISOString().slice(0, 10)})
                                </span>`
                              : ''
                          }
                        </li>`,
                    )}
                  </ul>`
                : ''
            }
          </li>`,
      )}
    </ul>
    <h2>Pool settings</h2>
    <form method="post" action="/pool/settings" class="card">
      ${csrfField(v.csrfToken)}
      ${textInput(
        'requiredSupervised',
        'Supervised sessions needed to go live',
        text(
          v.state?.form === 'settings' ? v.state.values : undefined,
          'requiredSupervised',
          String(v.requiredSupervised),
        ),
        settingsErrors,
        { inputmode: 'numeric' },
      )}
      <p><button type="submit">Save</button></p>
    </form>
    <form method="post" action="/pool/vocabulary" class="card">
      ${csrfField(v.csrfToken)}
      <label for="kind">Add to the team’s list of</label>
      <select id="kind" name="kind">
        <option value="specialism">Specialisms</option>
        <option value="lived-experience">Lived experience</option>
      </select>
      ${textInput('label', 'Name', text(v.state?.form === 'word' ? v.state.values : undefined, 'label', ''), wordErrors)}
      ${wordLabelFields(v.wordLanguages ?? [], v.state?.form === 'word' ? v.state : undefined, {}, '')}
      <p class="hint">
        Specialisms: ${Object.values(v.vocabulary.specialisms).join(', ')}. Lived experience:
        ${Object.values(v.vocabulary.livedExperience).join(', ')}.
      </p>
      <p><button type="submit">Add</button></p>
    </form>
    ${teamWordsSection(v)}`;
  return page({ title: 'Pool', user: v.user }, body);
}

/** One label field per page language besides English; `idSuffix` keeps ids apart when a page holds several. */
function wordLabelFields(
  languages: string[],
  state: FormState | undefined,
  labels: Record<string, string>,
  idSuffix: string,
): SafeHtml | '' {
  if (languages.length === 0) return '';
  return html`${languages.map((lang) => {
    const field = `label_${lang}`;
    const id = `${field}${idSuffix}`;
    const errors = state?.errors ?? {};
    return html`<label for="${id}"
        >Name in ${LANGUAGE_NAMES[lang] ?? lang} <span class="hint">blank: the English name is shown</span></label
      >
      <input
        type="text"
        id="${id}"
        name="${field}"
        lang="${lang}"
        value="${text(state?.values, field, labels[lang] ?? '')}"
        autocomplete="off"
        ${invalidAttrs(errors, field)}
      />
      ${fieldError(errors, field)}`;
  })}`;
}

/** The team's own words with their translations, each editable (the intake shows them in the requester's language). */
function teamWordsSection(v: PoolPageView): SafeHtml | '' {
  const words = v.teamWords ?? [];
  const languages = v.wordLanguages ?? [];
  if (words.length === 0 || languages.length === 0) return '';
  return html`<h2>The team’s words in other languages</h2>
    ${words.map((w) => {
      const form = `word-${w.kind}-${w.code}`;
      const state = v.state?.form === form ? v.state : undefined;
      return html`<form method="post" action="/pool/vocabulary" class="card" data-word="${w.code}">
        ${csrfField(v.csrfToken)}
        <input type="hidden" name="kind" value="${w.kind}" />
        <input type="hidden" name="label" value="${w.label}" />
        <input type="hidden" name="update" value="1" />
        <p>
          <strong>${w.label}</strong>
          <span class="hint">(${w.kind === 'specialism' ? 'specialism' : 'lived experience'})</span>
        </p>
        ${wordLabelFields(languages, state, w.labels, `-${w.kind}-${w.code}`)}
        <p><button type="submit">Save translations</button></p>
      </form>`;
    })}`;
}

// ---------------------------------------------------------------------------------------------------------------

export interface ProfilePageView {
  user: User;
  profile: CounselorProfile;
  status: MatchExplanation | undefined;
  pauses: Pause[];
  vocabulary: Vocabulary;
  csrfToken: string;
  done?: string;
  state?: FormState;
  /** Sections other features add (care: hard-session load, cool-downs, supervisor). */
  extra?: SafeHtml;
  /** False: the deployment has no SMS channel; phone verification and SMS choices are not shown. */
  smsEnabled?: boolean;
}

export function profilePage(v: ProfilePageView): string {
  const p = v.profile;
  const base = `/pool/${p.userId}`;
  const profileErrors = errorsOf(v.state, 'profile');
  const values = v.state?.form === 'profile' ? v.state.values : undefined;
  const certErrors = errorsOf(v.state, 'cert');
  const certValues = v.state?.form === 'cert' ? v.state.values : undefined;
  const signoffErrors = errorsOf(v.state, 'signoff');
  const body = html`<p><a href="/pool">← Pool</a></p>
    <h1>${p.name}</h1>
    ${v.done && POOL_DONE[v.done] ? notice(POOL_DONE[v.done]) : ''} ${summary(v.state)} ${statusLine(v.status)}
    <dl class="facts">
      <dt>Email</dt>
      <dd>${p.email}</dd>
      <dt>Phone</dt>
      <dd>
        ${p.phone ?? html`<span class="muted">none</span>`}
        ${p.phone ? (p.phoneVerified ? '(verified)' : html`<strong>(not verified: no SMS)</strong>`) : ''}${p.smsStopped ? ' (SMS stopped by them)' : ''}
      </dd>
      ${
        v.status
          ? html`<dt>This week</dt>
              <dd>${capacityText(v.status)}</dd>`
          : ''
      }
    </dl>
    ${v.extra ?? ''}

    <section class="card" id="training">
      <h2>Training</h2>
      <dl class="facts">
        <dt>Formal qualification</dt>
        <dd>${p.qualifiedOn ?? html`<strong>missing</strong>`}</dd>
        <dt>Programme training</dt>
        <dd>${p.programmeTrainedOn ?? html`<strong>missing</strong>`}</dd>
        <dt>Supervised practice</dt>
        <dd id="supervised">${p.signoffs.length}/${p.supervisedRequired} signed off</dd>
      </dl>
      ${
        p.signoffs.length
          ? html`<ul class="names">
              ${p.signoffs.map(
                (s) =>
                  html`<li>
                    ${s.sessionOn}${s.signedOffByName ? ` by ${s.signedOffByName}` : ''}
                    <form method="post" action="${base}/signoffs/${s.id}/remove" class="inline">
                      ${csrfField(v.csrfToken)}<button class="link">Remove</button>
                    </form>
                  </li>`,
              )}
            </ul>`
          : ''
      }
      <form method="post" action="${base}/signoffs">
        ${csrfField(v.csrfToken)}
        ${textInput('sessionOn', 'Sign off a supervised session held on', text(v.state?.form === 'signoff' ? v.state.values : undefined, 'sessionOn', ''), signoffErrors, { type: 'date', placeholder: 'YYYY-MM-DD' })}
        <p><button type="submit">Sign off</button></p>
      </form>
    </section>

    <section class="card" id="certifications">
      <h2>Certifications</h2>
      ${
        p.certifications.length
          ? html`<ul class="names">
              ${p.certifications.map(
                (c) =>
                  html`<li>
                    ${c.name}: valid until ${c.expiresOn}
                    <form method="post" action="${base}/certifications/${c.id}/remove" class="inline">
                      ${csrfField(v.csrfToken)}<button class="link">Remove</button>
                    </form>
                  </li>`,
              )}
            </ul>`
          : html`<p class="muted">None recorded.</p>`
      }
      <form method="post" action="${base}/certifications">
        ${csrfField(v.csrfToken)}
        ${textInput('certName', 'Certification', text(certValues, 'certName', ''), certErrors)}
        ${textInput('expiresOn', 'Valid until', text(certValues, 'expiresOn', ''), certErrors, { type: 'date', placeholder: 'YYYY-MM-DD' })}
        <p><button type="submit">Add certification</button></p>
      </form>
    </section>

    <form method="post" action="${base}/profile" class="card" id="profile">
      <h2>Profile</h2>
      ${csrfField(v.csrfToken)} ${textInput('name', 'Name', text(values, 'name', p.name), profileErrors)}
      ${textInput('phone', 'Mobile phone', text(values, 'phone', p.phone ?? ''), profileErrors, {
        type: 'tel',
        hint: '(a new number must be verified by the counselor before SMS go to it)',
      })}
      ${textInput('languages', 'Languages', text(values, 'languages', p.languages.join(', ')), profileErrors, {
        hint: '(BCP-47 codes, comma separated: en, ru, pt-BR)',
      })}
      ${checkboxGroup('specialisms', 'Specialisms', v.vocabulary.specialisms, many(values, 'specialisms', p.specialisms), profileErrors)}
      ${checkboxGroup(
        'livedExperience',
        'Lived experience',
        v.vocabulary.livedExperience,
        many(values, 'livedExperience', p.livedExperience),
        profileErrors,
      )}
      ${textInput(
        'qualifiedOn',
        'Formal qualification on',
        text(values, 'qualifiedOn', p.qualifiedOn ?? ''),
        profileErrors,
        {
          type: 'date',
          hint: '(blank: not yet)',
        },
      )}
      ${textInput(
        'programmeTrainedOn',
        'Programme training completed on',
        text(values, 'programmeTrainedOn', p.programmeTrainedOn ?? ''),
        profileErrors,
        { type: 'date', hint: '(blank: not yet)' },
      )}
      ${availabilityFields(p, profileErrors, values, v.smsEnabled ?? true)}
      <label
        ><input
          type="checkbox"
          name="active"
          value="on"
          ${(values ? values.active === 'on' : p.active) ? 'checked' : ''}
        />
        Active (unticked: never offered anything)</label
      >
      <p><button type="submit">Save profile</button></p>
    </form>

    ${awaySection(p, `${base}/away`, v.csrfToken, v.state)}
    ${pauseSection(v.pauses, {
      action: `${base}/pause`,
      liftAction: `${base}/pauses`,
      canLift: (x) => x.source !== 'debrief',
      csrfToken: v.csrfToken,
      state: v.state,
      self: false,
    })}`;
  return page({ title: `${p.name}: pool`, user: v.user }, body);
}

// ---------------------------------------------------------------------------------------------------------------

export interface AvailabilityPageView {
  user: User;
  profile: CounselorProfile;
  status: MatchExplanation | undefined;
  pauses: Pause[];
  csrfToken: string;
  done?: string;
  state?: FormState;
  /** False: the deployment has no SMS channel; phone verification and SMS choices are not shown. */
  smsEnabled?: boolean;
}

export function availabilityPage(v: AvailabilityPageView): string {
  const p = v.profile;
  const errors = errorsOf(v.state, 'availability');
  const values = v.state?.form === 'availability' ? v.state.values : undefined;
  const languages = p.languages.map(languageName).join(', ');
  const body = html`<h1>My availability</h1>
    ${v.done && POOL_DONE[v.done] ? notice(POOL_DONE[v.done]) : ''} ${summary(v.state)} ${statusLine(v.status)}
    <p class="hint">Languages: ${languages}. ${v.status ? `Sessions: ${capacityText(v.status)}.` : ''}</p>
    ${
      p.phoneVerified || v.smsEnabled === false
        ? ''
        : html`<p class="warning card">
            Your phone is not verified, so offers reach you by email only. <a href="/me/phone">Verify it</a>.
          </p>`
    }
    <form method="post" action="/me/availability" class="card" id="availability">
      ${csrfField(v.csrfToken)} ${availabilityFields(p, errors, values, v.smsEnabled ?? true)}
      <p><button type="submit" class="big">Save</button></p>
    </form>
    ${awaySection(p, '/me/away', v.csrfToken, v.state)}
    ${pauseSection(v.pauses, {
      action: '/me/pause',
      liftAction: '/me/pauses',
      canLift: (x) => x.source === 'self',
      csrfToken: v.csrfToken,
      state: v.state,
      self: true,
    })}
    ${v.smsEnabled === false ? '' : html`<p><a href="/me/phone">My phone</a></p>`}`;
  return page({ title: 'My availability', user: v.user }, body);
}
