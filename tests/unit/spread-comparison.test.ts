// The spread before and after the head start was switched on: when that was, and the figures of each side.
import { DEFAULT_DISPATCH_POLICY } from '../../domain/policy';
import { compareSpread, headStartOn, headStartPeriod, policyChangeDetail } from '../../domain/spread-comparison';

const DAY = 86_400_000;
const now = new Date('2026-12-07T12:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);

describe('headStartPeriod', () => {
  it('takes the latest audited switch on, and the switch off after it', () => {
    const changes = [
      { at: ago(30), wasOn: false, isOn: true },
      { at: ago(20), wasOn: true, isOn: false },
      { at: ago(10), wasOn: false, isOn: true },
      // A change of something else while it stays on is not a switch.
      { at: ago(8), wasOn: true, isOn: true },
      { at: ago(5), wasOn: true, isOn: false },
    ];
    expect(headStartPeriod(changes, [])).toEqual({ on: ago(10), off: ago(5), source: 'policy-change' });
    expect(headStartPeriod(changes.slice(0, 4), [])).toEqual({ on: ago(10), off: null, source: 'policy-change' });
  });

  it('without an audited switch, starts at the first request that ran with it after one that ran without', () => {
    const snapshots = [
      { at: ago(9), on: false },
      { at: ago(7), on: true },
      { at: ago(6), on: false },
      { at: ago(4), on: true },
      { at: ago(3), on: true },
    ];
    expect(headStartPeriod([], snapshots)).toEqual({ on: ago(4), off: null, source: 'requests' });
    expect(headStartPeriod([{ at: ago(8), wasOn: false, isOn: false }], snapshots.slice(0, 3))).toEqual({
      on: ago(7),
      off: ago(6),
      source: 'requests',
    });
  });

  it('is null when it was never switched on, or every request already ran with it', () => {
    expect(headStartPeriod([], [])).toBeNull();
    expect(headStartPeriod([{ at: ago(2), wasOn: true, isOn: false }], [{ at: ago(1), on: false }])).toBeNull();
    expect(headStartPeriod([], [{ at: ago(2), on: true }])).toBeNull();
  });
});

describe('compareSpread', () => {
  const pool = [
    { id: 'ann', name: 'Ann', joinedAt: ago(100) },
    { id: 'bea', name: 'Bea', joinedAt: ago(100) },
    { id: 'cy', name: 'Cy', joinedAt: ago(100) },
    { id: 'dee', name: 'Dee', joinedAt: ago(100) },
    // Joined after the switch: not idle before it, in the pool after it.
    { id: 'eve', name: 'Eve', joinedAt: ago(3) },
  ];
  const at = (id: string, days: number) => ({ counselorId: id, at: ago(days) });

  it('counts each side over the counselors there then: shares, idle, busiest fifth, Gini', () => {
    const r = compareSpread({
      period: { on: ago(7), off: null, source: 'policy-change' },
      accepts: [
        // Before (the 14 days up to the switch): Ann takes all four; one accept older than that is left out.
        at('ann', 30),
        at('ann', 13),
        at('ann', 12),
        at('ann', 9),
        at('ann', 8),
        // After: four people take five.
        at('ann', 6),
        at('bea', 5),
        at('bea', 4),
        at('cy', 2),
        at('eve', 1),
        at('gone', 1),
      ],
      pool,
      now,
      periodMs: 14 * DAY,
    });
    expect(r.before).toEqual({
      from: ago(21),
      to: ago(7),
      accepts: 4,
      counselors: 4,
      idle: 3,
      topFifthShare: 1,
      gini: 0.75,
    });
    expect(r.after.from).toEqual(ago(7));
    expect(r.after.to).toEqual(now);
    expect(r.after.accepts).toBe(6);
    // Ann..Eve and the counselor who has left the pool since.
    expect(r.after.counselors).toBe(6);
    expect(r.after.idle).toBe(1);
    // Six counselors: the busiest fifth is two people (Bea 2, then one of 1): 3 of 6.
    expect(r.after.topFifthShare).toBe(0.5);
    expect(r.after.gini).toBeCloseTo(0.2778, 4);
    expect(r.after.gini).toBeLessThan(r.before.gini);
    expect(r.rows.map((x) => [x.name, x.before, x.after])).toEqual([
      ['Bea', 0, 2],
      ['Ann', 4, 1],
      ['Cy', 0, 1],
      ['Eve', 0, 1],
      ['former counselor', 0, 1],
      ['Dee', 0, 0],
    ]);
    expect(r.rows[1]).toMatchObject({ beforeShare: 1, afterShare: 1 / 6 });
  });

  it('ends the after side at the switch off, and at the period’s length', () => {
    const accepts = [at('ann', 6), at('bea', 2)];
    const off = compareSpread({
      period: { on: ago(7), off: ago(4), source: 'policy-change' },
      accepts,
      pool,
      now,
      periodMs: 14 * DAY,
    });
    expect(off.after.to).toEqual(ago(4));
    expect(off.after.accepts).toBe(1);
    const short = compareSpread({
      period: { on: ago(7), off: null, source: 'requests' },
      accepts,
      pool,
      now,
      periodMs: 2 * DAY,
    });
    expect(short.before.from).toEqual(ago(9));
    expect(short.after.to).toEqual(ago(5));
    expect(short.after.accepts).toBe(1);
  });

  it('with no accepts on a side: zeros, not a division by zero', () => {
    const r = compareSpread({
      period: { on: ago(1), off: null, source: 'policy-change' },
      accepts: [],
      pool,
      now,
      periodMs: DAY,
    });
    expect(r.before).toMatchObject({ accepts: 0, idle: 5, topFifthShare: 0, gini: 0 });
    expect(r.rows.every((x) => x.beforeShare === 0 && x.afterShare === 0)).toBe(true);
  });
});

describe('policyChangeDetail', () => {
  it('names the changed fields and whether the head start was and is on', () => {
    const was = { ...DEFAULT_DISPATCH_POLICY, headStart: '0s' };
    const now = { ...DEFAULT_DISPATCH_POLICY, headStart: '5m', holdBackOvercommitted: true };
    expect(policyChangeDetail(was, now)).toEqual({
      changed: ['headStart', 'holdBackOvercommitted'],
      headStartWasOn: false,
      headStartIsOn: true,
    });
    expect(policyChangeDetail(now, { ...now, holdOpen: '2h' })).toEqual({
      changed: ['holdOpen'],
      headStartWasOn: true,
      headStartIsOn: true,
    });
    // Read back from jsonb, a wave's keys come in another order: not a change.
    const stored = {
      ...was,
      waves: was.waves.map((w) => ({ wait: w.wait, channel: w.channel, urgentWait: w.urgentWait })),
    };
    expect(policyChangeDetail(stored, was).changed).toEqual([]);
    expect(headStartOn({})).toBe(false);
  });
});
