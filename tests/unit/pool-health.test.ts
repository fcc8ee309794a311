// Pool-health rules as pure functions over a seeded history.
import { gini, healthFlags, poolFigures, type CounselorHistory, type FlagKind } from '../../domain/pool-health';
import { flagText } from '../../notifications/catalogue';

const NOW = new Date('2026-11-27T12:00:00Z'); // a Friday
const daysAgo = (n: number, hours = 0) => new Date(NOW.getTime() - n * 86_400_000 - hours * 3_600_000);

function history(over: Partial<CounselorHistory> = {}): CounselorHistory {
  return {
    id: 'c1',
    name: 'Test Counselor',
    active: true,
    joinedAt: daysAgo(200),
    capacityPerWeek: null,
    sessions: [],
    lastAcceptAt: daysAgo(1),
    offers: [],
    phoneVerified: true,
    smsStopped: false,
    smsEnabled: true,
    recentEmailStatuses: ['sent'],
    certifications: [],
    ...over,
  };
}
const kinds = (h: CounselorHistory): FlagKind[] => healthFlags(h, NOW).map((f) => f.kind);
/** The flags as an English-reading coordinator reads them (the catalogue words them). */
const worded = (h: CounselorHistory, now = NOW) =>
  healthFlags(h, now).map((f) => ({ kind: f.kind, text: flagText(f, 'en') }));

describe('gone quiet', () => {
  it('flags a counselor with no accepts for 15 days, not one at 13', () => {
    expect(worded(history({ lastAcceptAt: daysAgo(15) }))).toEqual([
      { kind: 'gone-quiet', text: 'gone quiet: no accepts for 15 days' },
    ]);
    expect(kinds(history({ lastAcceptAt: daysAgo(13) }))).toEqual([]);
    expect(kinds(history({ lastAcceptAt: daysAgo(14) }))).toEqual(['gone-quiet']);
  });
  it('counts from joining when they never accepted; a newcomer is not quiet; an inactive one is not judged', () => {
    expect(kinds(history({ lastAcceptAt: null, joinedAt: daysAgo(20) }))).toEqual(['gone-quiet']);
    expect(kinds(history({ lastAcceptAt: null, joinedAt: daysAgo(3) }))).toEqual([]);
    expect(kinds(history({ lastAcceptAt: null, active: false }))).toEqual([]);
  });
});

describe('sessions against their usual', () => {
  // Three a week for the eight weeks before the last seven days.
  const usual3 = Array.from({ length: 24 }, (_, i) => daysAgo(8 + Math.floor(i / 3) * 2.3));
  it('flags fewer than half their usual in the last 7 days', () => {
    expect(worded(history({ sessions: [daysAgo(2), ...usual3] }))).toEqual([
      { kind: 'fewer-than-usual', text: 'fewer sessions than usual: 1 in the last 7 days, usually 3 a week' },
    ]);
    expect(kinds(history({ sessions: [daysAgo(1), daysAgo(2), ...usual3] }))).toEqual([]);
  });
  it('flags overcommitting: over capacity this week, or more than twice their usual', () => {
    const thisWeek = [daysAgo(0, 1), daysAgo(1), daysAgo(2), daysAgo(3)]; // Friday back to Monday
    expect(worded(history({ sessions: thisWeek, capacityPerWeek: 3 }))).toEqual([
      { kind: 'overcommitting', text: 'overcommitting: 4 sessions this week, capacity 3' },
    ]);
    expect(kinds(history({ sessions: thisWeek, capacityPerWeek: 4 }))).toEqual([]);
    const seven = Array.from({ length: 7 }, (_, i) => daysAgo(i, 1));
    expect(kinds(history({ sessions: [...seven, ...usual3] }))).toEqual(['overcommitting']);
  });
});

describe('answers to offers', () => {
  const offer = (status: 'won' | 'declined' | 'expired' | 'taken', minutes: number, ago = 1) => ({
    status,
    createdAt: daysAgo(ago),
    closedAt: new Date(daysAgo(ago).getTime() + minutes * 60_000),
  });
  it('flags no answer to the last 5 offers; offers others took first do not count', () => {
    const expired = Array.from({ length: 5 }, (_, i) => offer('expired', 60, i + 1));
    expect(kinds(history({ offers: expired }))).toEqual(['no-responses']);
    expect(kinds(history({ offers: [offer('taken', 1), ...expired.slice(0, 4)] }))).toEqual([]);
    expect(kinds(history({ offers: [offer('declined', 3), ...expired] }))).toEqual([]);
  });
  it('flags slow answers: a median over 30 minutes', () => {
    expect(worded(history({ offers: [offer('won', 45), offer('declined', 50), offer('declined', 5)] }))).toEqual([
      { kind: 'slow-responses', text: 'slow to answer offers: 45 min at the median' },
    ]);
    expect(kinds(history({ offers: [offer('won', 4), offer('declined', 50), offer('declined', 5)] }))).toEqual([]);
  });
});

describe('certifications and reachability', () => {
  it('flags certifications expiring within 30 days and expired ones', () => {
    const flags = healthFlags(
      history({
        certifications: [
          { name: 'First aid', expiresOn: '2026-11-20' },
          { name: 'Safeguarding', expiresOn: '2026-12-20' },
          { name: 'Supervision', expiresOn: '2027-03-01' },
        ],
      }),
      NOW,
    );
    expect(flags.map((f) => flagText(f, 'en'))).toEqual([
      'certification expired: First aid (2026-11-20)',
      'certification expiring: Safeguarding on 2026-12-20',
    ]);
  });
  it('flags no verified phone, SMS stopped, email bouncing, and no channel at all', () => {
    expect(kinds(history({ phoneVerified: false }))).toEqual(['no-verified-phone']);
    expect(kinds(history({ smsStopped: true }))).toEqual(['sms-stopped']);
    expect(kinds(history({ recentEmailStatuses: ['failed', 'failed', 'sent'] }))).toEqual(['email-bouncing']);
    expect(kinds(history({ recentEmailStatuses: ['failed', 'sent'] }))).toEqual([]);
    expect(kinds(history({ smsStopped: true, recentEmailStatuses: ['failed', 'failed'] }))).toEqual([
      'sms-stopped',
      'email-bouncing',
      'no-channel',
    ]);
  });
});

describe('pool figures', () => {
  it('measures active breadth and the spread of sessions', () => {
    expect(gini([2, 2, 2, 2])).toBe(0);
    expect(gini([0, 0, 0, 8])).toBeCloseTo(0.75);
    expect(gini([])).toBe(0);
    const figures = poolFigures(
      [
        history({ id: 'a', sessions: [daysAgo(1), daysAgo(5), daysAgo(40)] }),
        history({ id: 'b', sessions: [daysAgo(29)] }),
        history({ id: 'c', sessions: [daysAgo(31)] }),
        history({ id: 'd', active: false, sessions: [daysAgo(2)] }),
      ],
      NOW,
    );
    expect(figures.activeBreadth).toEqual({ active: 2, total: 3 });
    expect(figures.sessions30d).toBe(3);
    expect(figures.evenness).toBeCloseTo(gini([2, 1, 0]));
  });
});
