// Which second step a sign-in needs after the right password: a code (or passkey) when the person set one up,
// set-up first when they must have one and have none (everyone who can see a requester's contact), else none.
// The enrolment of an authenticator app is audited here too, for both ways in (settings and the set-up at sign-in).
import type { Request } from 'express';
import type { Stores, User } from '../../db';
import { DEMO_SLUG } from '../../domain/demo';
import { twoStepRequired } from '../../domain/roles';

export type SecondStep = 'code' | 'setup' | 'none';

export async function hasSecondFactor(stores: Stores, userId: string): Promise<boolean> {
  return !!(await stores.accounts.totp(userId)).secret || (await stores.passkeys.count(userId)) > 0;
}

export async function secondStepFor(stores: Stores, user: User): Promise<SecondStep> {
  if (await hasSecondFactor(stores, user.id)) return 'code';
  const workspace = await stores.workspaces.getById(user.workspaceId);
  // The demo workspace (made-up people, a printed password, never seeded in production) asks for no set-up, so
  // "Run it" works without an authenticator app.
  if (!workspace || workspace.slug === DEMO_SLUG) return 'none';
  return twoStepRequired(user.roles, workspace) ? 'setup' : 'none';
}

/** Whether `user` must keep a second step (their roles, their team's switch; never in the demo workspace). */
export async function mustKeepSecondStep(stores: Stores, user: User): Promise<boolean> {
  const workspace = await stores.workspaces.getById(user.workspaceId);
  return !!workspace && workspace.slug !== DEMO_SLUG && twoStepRequired(user.roles, workspace);
}

/**
 * The audit entry of an authenticator app turned on, from the settings page or while setting up two-step sign-in
 * during sign-in (`during: 'sign-in'`): one record, with the address and device, as the passkey ones have.
 */
export async function auditTotpEnrolled(
  stores: Stores,
  req: Request,
  user: Pick<User, 'id' | 'workspaceId'>,
  detail?: { during: 'sign-in' },
): Promise<void> {
  await stores.audit.record({
    workspaceId: user.workspaceId,
    actorId: user.id,
    action: 'totp-enrolled',
    subjectType: 'user',
    subjectId: user.id,
    detail,
    address: req.ip,
    userAgent: req.get('user-agent'),
  });
}
