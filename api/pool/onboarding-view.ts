// Invite-only onboarding pages: the coordinator's invite form, the invitee's sign-up form (reached only by an
// invitation link), and the counselor's phone verification. Plain forms, no scripts.
import type { Invitation, Role, User, Vocabulary } from '../../db';
import { ROLES, rolesInWords } from '../../domain/roles';
import type { FieldErrors, FormValues } from './form';
import { checkboxGroup, csrfField, errorSummary, notice, textInput } from '../ui/form-parts';
import { html, page } from '../ui/html';

const val = (v: FormValues | undefined, k: string, fallback = ''): string => {
  const x = v?.[k];
  return typeof x === 'string' ? x : fallback;
};

export const ROLE_LABELS: Record<Role, string> = {
  coordinator: 'Coordinator (runs the team, sees every request)',
  lead: 'Lead (on call, debriefs)',
  counselor: 'Counselor (receives offers)',
};

/** The roles ticked on the invite form (counselor when the form is new). */
function invitedRoles(values: FormValues | undefined): string[] {
  const r = values?.roles;
  return Array.isArray(r) ? r : typeof r === 'string' ? [r] : ['counselor'];
}

const summary = (errors: FieldErrors) => errorSummary('Please correct the highlighted fields.', Object.values(errors));

export const ONBOARDING_DONE: Record<string, string> = {
  invited: 'Invitation sent. The link works once and expires in 7 days.',
  resent: 'Invitation sent again, with a new link. The old link no longer works; the new one expires in 7 days.',
  'code-sent': 'We sent a 6-digit code by SMS. It expires in 10 minutes.',
  verified: 'Your phone is verified: offers can reach you by SMS.',
  'phone-changed': 'Number changed. Verify it with a code before offers go to it.',
};

export function invitePage(v: {
  user: User;
  invitations: Invitation[];
  csrfToken: string;
  done?: string;
  errors?: FieldErrors;
  values?: FormValues;
  message?: string;
}): string {
  const errors = v.errors ?? {};
  const body = html`<p><a href="/pool">← Pool</a></p>
    <h1>Invite someone to the team</h1>
    ${v.done && ONBOARDING_DONE[v.done] ? notice(ONBOARDING_DONE[v.done]) : ''} ${summary(errors)}
    ${v.message ? html`<p class="error" role="alert">${v.message}</p>` : ''}
    <form method="post" action="/pool/invite" class="card" id="invite">
      ${csrfField(v.csrfToken)} ${textInput('name', 'Name', val(v.values, 'name'), errors, { autocomplete: 'off' })}
      ${textInput('email', 'Email', val(v.values, 'email'), errors, { type: 'email' })}
      <input type="hidden" name="rolesShown" value="1" />
      ${checkboxGroup(
        'roles',
        html`Roles <span class="hint">(one or more: a lead who also counsels gets both)</span>`,
        Object.fromEntries(ROLES.map((r) => [r, ROLE_LABELS[r]])),
        invitedRoles(v.values),
        errors,
        { id: 'roles' },
      )}
      <p class="hint">They get a link that works once, for 7 days, to set a password and fill in their profile.</p>
      <p><button type="submit">Send invitation</button></p>
    </form>
    <h2>Open invitations</h2>
    ${
      v.invitations.length
        ? html`<ul class="names" id="invitations">
            ${v.invitations.map(
              (i) =>
                html`<li>
                  ${i.name} (${i.email}, ${rolesInWords(i.roles)}):
                  ${i.expiresAt.getTime() < Date.now() ? 'expired' : `expires ${i.expiresAt.toISOString().slice(0, 10)}`}${
                    i.sent ? '' : ', sending'
                  }
                  <form method="post" action="/pool/invite/${i.id}/resend" class="inline">
                    ${csrfField(v.csrfToken)}<button type="submit" class="link">Send again</button>
                  </form>
                </li>`,
            )}
          </ul>`
        : html`<p class="muted">None.</p>`
    }`;
  return page({ title: 'Invite a counselor', user: v.user }, body);
}

export function inviteGonePage(): string {
  return page(
    { title: 'Invitation no longer valid' },
    html`<h1>This invitation link no longer works</h1>
      <p>It has expired or has already been used. Ask your coordinator for a new invitation.</p>
      <p><a href="/login">Sign in</a> if you already have an account.</p>`,
  );
}

export function acceptInvitePage(v: {
  invitation: Invitation;
  token: string;
  vocabulary: Vocabulary;
  errors?: FieldErrors;
  values?: FormValues;
}): string {
  const errors = v.errors ?? {};
  const chosen = (k: string) => (Array.isArray(v.values?.[k]) ? (v.values?.[k] as string[]) : []);
  const boxes = (name: string, legend: string, options: Record<string, string>) =>
    checkboxGroup(name, legend, options, chosen(name), errors);
  const body = html`<h1>Welcome, ${v.invitation.name}</h1>
    <p>You join as ${rolesInWords(v.invitation.roles)}.</p>
    <p>
      Set a password and tell us about yourself. Your coordinator completes your training record before offers start.
    </p>
    ${summary(errors)}
    <form method="post" action="/invite/${v.token}" class="card" id="accept">
      ${textInput('name', 'Your name', val(v.values, 'name', v.invitation.name), errors, { autocomplete: 'name' })}
      <p class="hint">You sign in as ${v.invitation.email}.</p>
      ${textInput('password', 'Password', '', errors, { type: 'password', hint: '(at least 12 characters)', autocomplete: 'new-password' })}
      ${textInput('password2', 'Password again', '', errors, { type: 'password', autocomplete: 'new-password' })}
      ${textInput('phone', 'Mobile phone', val(v.values, 'phone'), errors, {
        type: 'tel',
        hint: '(with country code, e.g. +372 5123 4567; we verify it with a code)',
        autocomplete: 'tel',
      })}
      ${
        v.invitation.roles.includes('counselor')
          ? html`${textInput('languages', 'Languages you counsel in', val(v.values, 'languages'), errors, {
              hint: '(codes, comma separated: en, ru, et)',
            })}
            ${boxes('specialisms', 'Specialisms', v.vocabulary.specialisms)}
            ${boxes('livedExperience', 'Lived experience you are willing to share (optional)', v.vocabulary.livedExperience)}`
          : ''
      }
      <p><button type="submit" class="big">Join</button></p>
    </form>`;
  return page({ title: 'Join the team' }, body);
}

export function phonePage(v: {
  user: User;
  phone: string | null;
  verified: boolean;
  csrfToken: string;
  done?: string;
  errors?: FieldErrors;
  values?: FormValues;
  message?: string;
}): string {
  const errors = v.errors ?? {};
  const body = html`<h1>Your phone</h1>
    ${v.done && ONBOARDING_DONE[v.done] ? notice(ONBOARDING_DONE[v.done]) : ''} ${summary(errors)}
    ${v.message ? html`<p class="error" role="alert">${v.message}</p>` : ''}
    <p id="phone-status" data-verified="${v.verified ? 'yes' : 'no'}">
      ${v.phone ?? 'No number yet.'}
      ${v.phone ? (v.verified ? '(verified)' : html`<strong>(not verified: no offers by SMS yet)</strong>`) : ''}
    </p>
    ${
      v.phone && !v.verified
        ? html`<form method="post" action="/me/phone/send" class="card" id="send-code">
              ${csrfField(v.csrfToken)}
              <p><button type="submit">Send me a code</button></p>
            </form>
            <form method="post" action="/me/phone/verify" class="card" id="verify">
              ${csrfField(v.csrfToken)}
              ${textInput('code', 'The 6-digit code', '', errors, { inputmode: 'numeric', autocomplete: 'one-time-code' })}
              <p><button type="submit">Verify</button></p>
            </form>`
        : ''
    }
    <form method="post" action="/me/phone" class="card" id="change-phone">
      ${csrfField(v.csrfToken)}
      ${textInput('phone', 'Use another number', val(v.values, 'phone'), errors, { type: 'tel', autocomplete: 'tel' })}
      <p><button type="submit">Change number</button></p>
    </form>
    <p><a href="/me/availability">My availability</a></p>`;
  return page({ title: 'Your phone', user: v.user }, body);
}
