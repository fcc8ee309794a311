// Quiet hours for the tests: a policy whose SMS wave outlasts them, and people whose quiet hours end a few
// seconds from now (to the second, UTC).
import type { Stores, User, Workspace } from '../../db';
import type { DispatchPolicy } from '../../domain/policy';
import { createCounselor, FAST_POLICY } from './stack';

/** The SMS wave waits long enough for a counselor's quiet hours to end inside it; then email. */
export const QUIET_HOURS_POLICY: DispatchPolicy = {
  ...FAST_POLICY,
  waves: [
    { channel: 'sms', wait: '150s' },
    { channel: 'email', wait: '60s' },
  ],
  holdOpen: '60s',
};

const hhmmss = (d: Date) => d.toISOString().slice(11, 19);

/** The whole second `ms` from now: quiet hours are set to the second. */
export const wholeSecondIn = (ms: number): number => Date.now() - (Date.now() % 1000) + ms;

/** Quiet hours (UTC) that began an hour ago and end at `endsAt`. */
export const quietHoursUntil = (endsAt: number) => ({
  quietStart: hhmmss(new Date(Date.now() - 3_600_000)),
  quietEnd: hhmmss(new Date(endsAt)),
  timeZone: 'UTC',
});

/** A counselor (Estonian: only the test's own requests match) whose quiet hours end `endsInMs` from now. */
export async function createSleepingCounselor(
  stores: Stores,
  ws: Workspace,
  endsInMs: number,
): Promise<{ sleeper: User; endsAt: number }> {
  const sleeper = await createCounselor(stores, ws, { languages: ['et'] });
  const endsAt = wholeSecondIn(endsInMs);
  await stores.users.updateProfile(sleeper.id, quietHoursUntil(endsAt));
  return { sleeper, endsAt };
}
