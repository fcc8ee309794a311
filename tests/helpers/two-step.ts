// Test sign-ins complete the REAL second step. The people the helpers create (createStaff, createTeamPeople, a
// counselor of a team that asks it) get a TOTP secret through the accounts store, as the set-up page does; the
// sign-in helpers then answer the code step with a code computed here, or set two-step sign-in up through the
// product's own set-up page when a sign-in asks for it (someone a test created otherwise, or whose two-step a
// coordinator reset). A code works once per 30 s step, so a test that signs one person in many times in a row
// gets a recovery code when the steps are spent (fresh ones come from the store when few are left).
import type { Stores, User } from '../../db';
import { matchTotpStep, newTotpSecret, totpCode, totpStep } from '../../api/auth/totp';

interface Enrolled {
  secret: string;
  /** The last step this helper answered with (the store knows better when the helper has it). */
  lastStep: number;
  recovery: string[];
  account?: { stores: Stores; userId: string };
}
const enrolled = new Map<string, Enrolled>();

/** Sets up TOTP for a person through the accounts store (pending secret, confirmed with a code, recovery codes). */
export async function enrolTwoStep(stores: Stores, user: Pick<User, 'id' | 'email'>): Promise<string> {
  const secret = newTotpSecret();
  await stores.accounts.setPendingTotp(user.id, secret);
  const now = Date.now();
  const step = matchTotpStep(secret, totpCode(secret, totpStep(now)), now);
  if (step === undefined || !(await stores.accounts.confirmTotp(user.id, step)))
    throw new Error(`could not set up two-step sign-in for ${user.email}`);
  const recovery = await stores.accounts.newRecoveryCodes(user.id);
  enrolled.set(user.email.toLowerCase(), { secret, lastStep: step, recovery, account: { stores, userId: user.id } });
  return secret;
}

/** Remembers a secret the product's set-up page showed (and the recovery codes it gave). */
export function rememberTwoStep(email: string, secret: string, step: number, recovery: string[]): void {
  enrolled.set(email.toLowerCase(), { secret, lastStep: step, recovery });
}

export function twoStepSecret(email: string): string | undefined {
  return enrolled.get(email.toLowerCase())?.secret;
}

/**
 * What to type at the code step: a code of a step not used yet (now, else the next one, both accepted by the
 * server even across a step boundary), else a recovery code.
 */
export async function secondStepAnswer(email: string): Promise<string> {
  const e = enrolled.get(email.toLowerCase());
  if (!e) throw new Error(`sign-in asked ${email} for a code, but the test helpers set up no two-step for them`);
  const stored = e.account ? (await e.account.stores.accounts.totp(e.account.userId)).lastStep : null;
  const last = Math.max(e.lastStep, stored ?? -1);
  const now = totpStep(Date.now());
  const step = [now, now + 1].find((s) => s > last);
  if (step !== undefined) {
    e.lastStep = step;
    return totpCode(e.secret, step);
  }
  if (e.recovery.length < 2 && e.account)
    e.recovery = await e.account.stores.accounts.newRecoveryCodes(e.account.userId);
  const code = e.recovery.shift();
  if (!code) throw new Error(`${email}: every code of this step and every recovery code is spent`);
  return code;
}

/** The set-up page's key and the code to confirm it with (the caller posts it and remembers the result). */
export function setupAnswer(page: string): { secret: string; code: string; step: number } {
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page)?.[1];
  if (!secret) throw new Error('the two-step set-up page shows no key');
  const step = totpStep(Date.now());
  return { secret, code: totpCode(secret, step), step };
}
