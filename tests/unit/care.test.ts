// The care rules as pure functions: hard-session load, when a cool-down starts and what it holds, and the
// pool-health flags and policy checks that read them.
import { coolDownFor, hardLoad, hardLoadText, unknownCoolDownTopics, type HardSession } from '../../domain/care';
import { healthFlags, type CounselorHistory } from '../../domain/pool-health';
import { flagText } from '../../notifications/catalogue';
import { DEFAULT_DISPATCH_POLICY, validatePolicy } from '../../domain/policy';

const DAY = 86_400_000;
const now = new Date('2026-12-07T12:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);

describe('hard-session load', () => {
  const sessions: HardSession[] = [
    { at: ago(1), category: 'suicide-ideation' },
    { at: ago(5), category: 'suicide-ideation' },
    { at: ago(10), category: 'safeguarding' },
    { at: ago(31), category: 'abuse-disclosure' },
  ];

  it('counts by category over 30 days, every category present', () => {
    expect(hardLoad(sessions, now)).toEqual({
      'suicide-ideation': 2,
      safeguarding: 1,
      'abuse-disclosure': 0,
      'other-distress': 0,
    });
    expect(hardLoadText(hardLoad(sessions, now))).toBe('2 active suicide ideation, 1 safeguarding concern');
  });

  it('starts a cool-down after N in M days, holding the topics of those categories only', () => {
    const rule = { after: 2, withinMs: 7 * DAY, holdMs: 3 * DAY };
    const d = coolDownFor(sessions, rule, now);
    expect(d?.categories).toEqual(['suicide-ideation']);
    expect(d?.topics).toEqual(['suicide-safety']);
    expect(d?.until.getTime()).toBe(now.getTime() + 3 * DAY);
    // Widen the window: the safeguarding session counts too, and brings trauma.
    expect(coolDownFor(sessions, { ...rule, withinMs: 14 * DAY }, now)?.topics).toEqual(['suicide-safety', 'trauma']);
    expect(coolDownFor(sessions, { ...rule, after: 3 }, now)).toBeNull();
    expect(coolDownFor(sessions, { ...rule, after: 0 }, now)).toBeNull();
  });

  it('holds the policy’s extra topics too (the team’s own words), once each', () => {
    const rule = { after: 2, withinMs: 7 * DAY, holdMs: 3 * DAY, alsoHolds: ['bereaved-by-suicide', 'suicide-safety'] };
    expect(coolDownFor(sessions, rule, now)?.topics).toEqual(['suicide-safety', 'bereaved-by-suicide']);
    expect(unknownCoolDownTopics(['bereaved-by-suicide', 'astrology'], ['grief', 'bereaved-by-suicide'])).toEqual([
      'coolDownAlsoHolds: "astrology" is not a topic of this team',
    ]);
    expect(unknownCoolDownTopics(undefined, [])).toEqual([]);
  });

  it('raises pool-health flags for the load and a running cool-down', () => {
    const h: CounselorHistory = {
      id: 'c',
      name: 'C',
      active: true,
      joinedAt: ago(2),
      capacityPerWeek: null,
      sessions: [],
      lastAcceptAt: ago(1),
      offers: [],
      phoneVerified: true,
      smsStopped: false,
      smsEnabled: true,
      recentEmailStatuses: [],
      certifications: [],
      hardSessions: sessions,
      coolDown: { until: new Date(now.getTime() + DAY), topics: ['suicide-safety'] },
    };
    const texts = healthFlags(h, now).map((f) => `${f.kind}: ${flagText(f, 'en')}`);
    expect(texts).toContain(
      'hard-load: hard sessions: 3 in 30 days (2 active suicide ideation, 1 safeguarding concern)',
    );
    expect(texts).toContain('cooling-down: cooling down until 2026-12-08: no offers about Suicide and safety planning');
    expect(healthFlags({ ...h, hardSessions: sessions.slice(2), coolDown: null }, now).map((f) => f.kind)).toEqual([]);
  });

  it('validates the cool-down and escalation fields of the policy', () => {
    expect(validatePolicy(DEFAULT_DISPATCH_POLICY)).toEqual([]);
    expect(validatePolicy({ ...DEFAULT_DISPATCH_POLICY, coolDownAfter: -1 })).toEqual([
      'coolDownAfter: a whole number from 0 (no cool-down) to 20',
    ]);
    expect(validatePolicy({ ...DEFAULT_DISPATCH_POLICY, coolDownAfter: 2.5 })).toHaveLength(1);
    expect(validatePolicy({ ...DEFAULT_DISPATCH_POLICY, coolDownHold: 'soon' })).toEqual([
      'coolDownHold: must be a positive duration like "24h"',
    ]);
    expect(validatePolicy({ ...DEFAULT_DISPATCH_POLICY, supervisionOverdueAfter: '0s' })).toHaveLength(1);
  });
});
