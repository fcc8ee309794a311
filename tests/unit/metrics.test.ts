// The metric functions on seeded records: weeks, percentiles, offers by wave and channel, breadth, spread, CSV.
import {
  activeBreadthByWeek,
  durationByWeek,
  lastWeeks,
  offersByWaveAndChannel,
  percentile,
  spreadAcrossCounselors,
  toCsv,
  weekStart,
} from '../../api/metrics/metric-functions';
import { niceMax } from '../../api/metrics/charts';

const at = (iso: string) => new Date(iso);
const H = 3_600_000;

describe('weeks', () => {
  it('start on Monday 00:00 UTC', () => {
    expect(weekStart(at('2026-11-27T19:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // a Friday
    expect(weekStart(at('2026-11-23T00:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // Monday
    expect(weekStart(at('2026-11-29T23:59:59Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z'); // Sunday
  });
  it("start on Monday 00:00 in the team's time zone", () => {
    // Monday 08:00 in Tokyo is still Sunday in UTC: the team's new week, not the week before.
    expect(weekStart(at('2026-11-22T23:00:00Z'), 'Asia/Tokyo').toISOString()).toBe('2026-11-22T15:00:00.000Z');
    expect(weekStart(at('2026-11-22T23:00:00Z')).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    // Sunday 20:00 in New York is Monday in UTC: still the team's old week.
    expect(weekStart(at('2026-11-30T01:00:00Z'), 'America/New_York').toISOString()).toBe('2026-11-23T05:00:00.000Z');
  });
  it("across a clock change, each week starts at the team's Monday midnight", () => {
    // London goes to summer time on Sunday 29 March 2026: that week is 167 hours long.
    expect(lastWeeks(at('2026-04-01T12:00:00Z'), 2, 'Europe/London').map((d) => d.toISOString())).toEqual([
      '2026-03-23T00:00:00.000Z',
      '2026-03-29T23:00:00.000Z',
    ]);
    const breadth = activeBreadthByWeek(
      [
        { counselorId: 'a', at: at('2026-03-29T22:30:00Z') }, // Sunday 23:30 BST: the first week
        { counselorId: 'b', at: at('2026-03-29T23:30:00Z') }, // Monday 00:30 BST: the second
      ],
      lastWeeks(at('2026-04-01T12:00:00Z'), 2, 'Europe/London'),
      'Europe/London',
    );
    expect(breadth.map((w) => w.taken)).toEqual([1, 1]);
  });
  it('the last n, oldest first, ending with the current one', () => {
    expect(lastWeeks(at('2026-11-27T12:00:00Z'), 3).map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
    ]);
  });
});

describe('percentile', () => {
  it('interpolates between ranks, and is null without values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBeCloseTo(9.1);
  });
});

describe('durationByWeek', () => {
  const weeks = lastWeeks(at('2026-11-27T12:00:00Z'), 2); // 16 Nov, 23 Nov
  it('groups by the week a request was sent; leaves out the ones never done and other weeks', () => {
    const rows = durationByWeek(
      [
        { submittedAt: at('2026-11-16T10:00:00Z'), doneAt: at('2026-11-16T11:00:00Z') }, // 1 h
        { submittedAt: at('2026-11-22T23:00:00Z'), doneAt: at('2026-11-23T02:00:00Z') }, // 3 h, sent on Sunday
        { submittedAt: at('2026-11-24T10:00:00Z'), doneAt: at('2026-11-24T10:30:00Z') }, // 0.5 h
        { submittedAt: at('2026-11-25T10:00:00Z'), doneAt: null },
        { submittedAt: at('2026-10-01T10:00:00Z'), doneAt: at('2026-10-01T11:00:00Z') }, // before the period
      ],
      weeks,
    );
    expect(rows.map((r) => [r.week.toISOString().slice(0, 10), r.count, r.medianMs, r.p90Ms])).toEqual([
      ['2026-11-16', 2, 2 * H, 2.8 * H],
      ['2026-11-23', 1, 0.5 * H, 0.5 * H],
    ]);
  });
  it('a week with nothing done has no median rather than zero', () => {
    expect(durationByWeek([], weeks).map((r) => [r.count, r.medianMs])).toEqual([
      [0, null],
      [0, null],
    ]);
  });
});

it('counts offers sent per wave and channel, and each accept for the wave that was latest when it came', () => {
  const sends = [
    { requestId: 'a', eventId: 1, wave: 1, channel: 'sms', sent: 3 },
    { requestId: 'a', eventId: 5, wave: 2, channel: 'email', sent: 3 },
    { requestId: 'b', eventId: 2, wave: 1, channel: 'sms', sent: 2 },
    { requestId: 'b', eventId: 3, wave: 1, channel: 'email', sent: 1 }, // an early email after a failed SMS
    { requestId: 'c', eventId: 4, wave: 1, channel: 'sms', sent: 4 },
  ];
  const accepts = [
    { requestId: 'a', eventId: 6 }, // during wave 2 (email)
    { requestId: 'b', eventId: 4 }, // after the early email
    { requestId: 'c', eventId: 9 }, // wave 1
    { requestId: 'd', eventId: 7 }, // no wave recorded: not counted
  ];
  expect(offersByWaveAndChannel(sends, accepts)).toEqual([
    { wave: 1, channel: 'email', sent: 1, accepted: 1, rate: 1 },
    { wave: 1, channel: 'sms', sent: 9, accepted: 1, rate: 1 / 9 },
    { wave: 2, channel: 'email', sent: 3, accepted: 1, rate: 1 / 3 },
  ]);
});

it('active breadth counts different counselors per week, and requests taken', () => {
  const weeks = lastWeeks(at('2026-11-27T12:00:00Z'), 2);
  const takes = [
    { counselorId: 'a', at: at('2026-11-17T10:00:00Z') },
    { counselorId: 'a', at: at('2026-11-18T10:00:00Z') },
    { counselorId: 'b', at: at('2026-11-24T10:00:00Z') },
    { counselorId: 'a', at: at('2026-11-25T10:00:00Z') },
    { counselorId: 'c', at: at('2026-10-25T10:00:00Z') },
  ];
  expect(activeBreadthByWeek(takes, weeks).map((w) => [w.active, w.taken])).toEqual([
    [1, 2],
    [2, 2],
  ]);
});

it('the spread includes counselors who took none, and the busiest fifth’s share', () => {
  const pool = ['Ann', 'Bea', 'Cal', 'Dan', 'Eve', 'Fay'].map((name) => ({ id: name.toLowerCase(), name }));
  const takes = [
    ...Array(6).fill({ counselorId: 'bea' }),
    ...Array(2).fill({ counselorId: 'cal' }),
    { counselorId: 'ann' },
  ];
  const spread = spreadAcrossCounselors(takes, pool);
  expect(spread.perCounselor.map((c) => [c.name, c.taken])).toEqual([
    ['Bea', 6],
    ['Cal', 2],
    ['Ann', 1],
    ['Dan', 0],
    ['Eve', 0],
    ['Fay', 0],
  ]);
  expect(spread.total).toBe(9);
  expect(spread.topFifthShare).toBeCloseTo(8 / 9); // a fifth of 6 people rounds up to 2: Bea and Cal
  expect(spread.idle).toBe(3);
  expect(spreadAcrossCounselors([], pool).topFifthShare).toBe(0);
});

it('writes CSV with quoting, empty nulls, and spreadsheet formulas defused', () => {
  expect(
    toCsv(
      ['Name', 'n'],
      [
        ['Smith, Ann', 1],
        ['Say "hi"', null],
        ['=SUM(A1)', 2],
      ],
    ),
  ).toBe('\ufeffName,n\r\n"Smith, Ann",1\r\n"Say ""hi""",\r\n\'=SUM(A1),2\r\n');
});

it('chart axes end on a round number above the largest value, in four round steps', () => {
  expect([0, 0.3, 1, 3.2, 4, 7, 10, 42, 180].map((v) => niceMax(v))).toEqual([1, 0.4, 1, 4, 4, 8, 10, 60, 200]);
  // Counts: whole-number ticks.
  expect([0, 1, 2, 6, 42].map((v) => niceMax(v, true))).toEqual([4, 4, 4, 8, 60]);
});
