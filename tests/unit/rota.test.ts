// The on-call rota as pure functions: handovers at the local wall-clock time across daylight-saving changes in
// Europe/Tallinn (EET +02 / EEST +03; 2026-03-29 03:00 → 04:00, 2026-10-25 04:00 → 03:00), overrides, gaps.
import {
  canonicalTimeZone,
  gapsBetween,
  handoverAt,
  instantFromLocal,
  localDateTime,
  onCallAt,
  upcomingShifts,
  type Rota,
  type RotaOverride,
} from '../../domain/rota';

const A = 'lead-a';
const B = 'lead-b';
const C = 'lead-c';
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

// Mondays: 2026-03-02 is week 0 (A), 03-23 week 3 (B), 03-30 week 4 (A), 10-19 week 33 (B), 10-26 week 34 (A).
const monday: Rota = {
  timeZone: 'Europe/Tallinn',
  handoverWeekday: 1,
  handoverTime: '09:00',
  leadIds: [A, B],
  startsOn: '2026-03-02',
};
// Sundays: 2026-03-01 is week 0 (A), 03-22 week 3 (B), 03-29 week 4 (A), 10-18 week 33 (B), 10-25 week 34 (A).
const sunday: Rota = { ...monday, handoverWeekday: 7, startsOn: '2026-03-01' };
// 03:30 does not exist on 2026-03-29 (it becomes 04:30 EEST) and happens twice on 2026-10-25 (the first is taken).
const sundayNight: Rota = { ...sunday, handoverTime: '03:30' };

describe('onCallAt at handover boundaries across daylight-saving changes (Europe/Tallinn)', () => {
  const cases: Array<[string, Rota, string, string | null, string]> = [
    // [what, rota, instant (UTC), expected lead, local time for the reader]
    ['before the rotation starts', monday, '2026-03-02T06:59:00Z', null, 'Mon 2 Mar 08:59 EET'],
    ['at the first handover', monday, '2026-03-02T07:00:00Z', A, 'Mon 2 Mar 09:00 EET'],
    ['Monday, winter, a minute before', monday, '2026-03-23T06:59:00Z', A, 'Mon 23 Mar 08:59 EET'],
    ['Monday, winter, at the handover', monday, '2026-03-23T07:00:00Z', B, 'Mon 23 Mar 09:00 EET'],
    ['Monday after spring-forward, a minute before', monday, '2026-03-30T05:59:00Z', B, 'Mon 30 Mar 08:59 EEST'],
    ['Monday after spring-forward, at the handover', monday, '2026-03-30T06:00:00Z', A, 'Mon 30 Mar 09:00 EEST'],
    ['Monday after spring-forward, 168 h after the last', monday, '2026-03-30T07:00:00Z', A, 'Mon 30 Mar 10:00 EEST'],
    ['Monday before fall-back, a minute before', monday, '2026-10-19T05:59:00Z', A, 'Mon 19 Oct 08:59 EEST'],
    ['Monday before fall-back, at the handover', monday, '2026-10-19T06:00:00Z', B, 'Mon 19 Oct 09:00 EEST'],
    ['Monday after fall-back, 168 h after the last', monday, '2026-10-26T06:00:00Z', B, 'Mon 26 Oct 08:00 EET'],
    ['Monday after fall-back, a minute before', monday, '2026-10-26T06:59:00Z', B, 'Mon 26 Oct 08:59 EET'],
    ['Monday after fall-back, at the handover', monday, '2026-10-26T07:00:00Z', A, 'Mon 26 Oct 09:00 EET'],
    ['Sunday, the change day itself, after 03:00 → 04:00', sunday, '2026-03-29T01:00:00Z', B, 'Sun 29 Mar 04:00 EEST'],
    ['Sunday spring-forward, a minute before', sunday, '2026-03-29T05:59:00Z', B, 'Sun 29 Mar 08:59 EEST'],
    ['Sunday spring-forward, at the handover', sunday, '2026-03-29T06:00:00Z', A, 'Sun 29 Mar 09:00 EEST'],
    ['Sunday fall-back, a minute before', sunday, '2026-10-25T06:59:00Z', B, 'Sun 25 Oct 08:59 EET'],
    ['Sunday fall-back, at the handover', sunday, '2026-10-25T07:00:00Z', A, 'Sun 25 Oct 09:00 EET'],
    ['Sunday 03:30 (skipped), a minute before 04:30', sundayNight, '2026-03-29T01:29:00Z', B, 'Sun 29 Mar 04:29 EEST'],
    ['Sunday 03:30 (skipped), at 04:30 EEST', sundayNight, '2026-03-29T01:30:00Z', A, 'Sun 29 Mar 04:30 EEST'],
    [
      'Sunday 03:30 (twice), a minute before the first',
      sundayNight,
      '2026-10-25T00:29:00Z',
      B,
      'Sun 25 Oct 03:29 EEST',
    ],
    ['Sunday 03:30 (twice), at the first', sundayNight, '2026-10-25T00:30:00Z', A, 'Sun 25 Oct 03:30 EEST'],
    ['Sunday 03:30 (twice), at the second', sundayNight, '2026-10-25T01:30:00Z', A, 'Sun 25 Oct 03:30 EET'],
  ];

  it.each(cases)('%s', (_what, rota, instant, expected, local) => {
    const when = at(instant);
    // The table's local times are right (so the instants test what they say).
    const l = localDateTime(when, rota.timeZone);
    expect(`${l.time}`).toBe(local.split(' ')[3]);
    expect(onCallAt(rota, [], when)).toEqual(
      expected === null ? { leadId: null, source: 'none' } : { leadId: expected, source: 'rotation' },
    );
  });

  it('makes the shift across a change 167 or 169 hours long, and the others 168', () => {
    const lengths = (rota: Rota, from: string, until: string) =>
      upcomingShifts(rota, [], at(from), at(until))
        .slice(1, -1) // the first and last are clipped to the window
        .map((s) => (s.endsAt.getTime() - s.startsAt.getTime()) / HOUR);
    expect(lengths(monday, '2026-03-15T00:00:00Z', '2026-04-10T00:00:00Z')).toEqual([168, 167, 168]);
    expect(lengths(monday, '2026-10-10T00:00:00Z', '2026-11-05T00:00:00Z')).toEqual([168, 169, 168]);
    expect(lengths(sunday, '2026-03-20T00:00:00Z', '2026-04-10T00:00:00Z')).toEqual([167, 168]);
    expect(lengths(sunday, '2026-10-10T00:00:00Z', '2026-11-05T00:00:00Z')).toEqual([168, 169, 168]);
    expect(handoverAt(monday, 4)).toEqual(at('2026-03-30T06:00:00Z'));
  });

  it('rotates through three leads in order, week by week, and wraps', () => {
    const three: Rota = { ...monday, leadIds: [A, B, C] };
    const leads = upcomingShifts(three, [], at('2026-03-02T07:00:00Z'), at('2026-04-13T06:00:00Z')).map(
      (s) => s.leadId,
    );
    expect(leads).toEqual([A, B, C, A, B, C]);
  });

  it('starts the rotation at the first handover on or after the start date', () => {
    const midweek: Rota = { ...monday, startsOn: '2026-03-04' }; // a Wednesday: the first handover is Mon 9 Mar
    expect(onCallAt(midweek, [], at('2026-03-09T06:59:00Z')).leadId).toBeNull();
    expect(onCallAt(midweek, [], at('2026-03-09T07:00:00Z')).leadId).toBe(A);
  });
});

describe('overrides', () => {
  const swap: RotaOverride = {
    id: 'o1',
    leadId: C,
    startsAt: at('2026-03-25T10:00:00Z'),
    endsAt: at('2026-03-26T10:00:00Z'),
    note: 'swap',
  };
  const nobody: RotaOverride = {
    id: 'o2',
    leadId: null,
    startsAt: at('2026-03-25T12:00:00Z'),
    endsAt: at('2026-03-25T14:00:00Z'),
    note: 'holiday',
  };

  it('wins over the rotation for its interval [startsAt, endsAt)', () => {
    expect(onCallAt(monday, [swap], at('2026-03-25T09:59:00Z'))).toEqual({ leadId: B, source: 'rotation' });
    expect(onCallAt(monday, [swap], at('2026-03-25T10:00:00Z'))).toEqual({
      leadId: C,
      source: 'override',
      overrideId: 'o1',
      note: 'swap',
    });
    expect(onCallAt(monday, [swap], at('2026-03-26T09:59:00Z')).leadId).toBe(C);
    expect(onCallAt(monday, [swap], at('2026-03-26T10:00:00Z'))).toEqual({ leadId: B, source: 'rotation' });
  });

  it('of "nobody" makes a gap, and the later of two overlapping overrides wins', () => {
    expect(onCallAt(monday, [nobody], at('2026-03-25T12:00:00Z'))).toEqual({
      leadId: null,
      source: 'override',
      overrideId: 'o2',
      note: 'holiday',
    });
    expect(onCallAt(monday, [swap, nobody], at('2026-03-25T13:00:00Z')).leadId).toBeNull();
    expect(onCallAt(monday, [nobody, swap], at('2026-03-25T13:00:00Z')).leadId).toBe(C);
    expect(onCallAt(monday, [swap, nobody], at('2026-03-25T14:00:00Z')).leadId).toBe(C);
  });

  it('covers a rota with no rotation, and splits the week it falls in', () => {
    expect(onCallAt(null, [swap], at('2026-03-25T11:00:00Z')).leadId).toBe(C);
    expect(onCallAt({ ...monday, leadIds: [] }, [swap], at('2026-03-25T11:00:00Z')).leadId).toBe(C);
    const shifts = upcomingShifts(monday, [swap, nobody], at('2026-03-23T07:00:00Z'), at('2026-03-30T06:00:00Z'));
    expect(shifts.map((s) => [s.leadId, s.source, s.startsAt.toISOString(), s.endsAt.toISOString()])).toEqual([
      [B, 'rotation', '2026-03-23T07:00:00.000Z', '2026-03-25T10:00:00.000Z'],
      [C, 'override', '2026-03-25T10:00:00.000Z', '2026-03-25T12:00:00.000Z'],
      [null, 'override', '2026-03-25T12:00:00.000Z', '2026-03-25T14:00:00.000Z'],
      [C, 'override', '2026-03-25T14:00:00.000Z', '2026-03-26T10:00:00.000Z'],
      [B, 'rotation', '2026-03-26T10:00:00.000Z', '2026-03-30T06:00:00.000Z'],
    ]);
  });

  it('is one shift across the handovers it spans', () => {
    const holiday: RotaOverride = {
      id: 'h',
      leadId: C,
      startsAt: at('2026-03-20T00:00:00Z'),
      endsAt: at('2026-04-03T00:00:00Z'),
    };
    const shifts = upcomingShifts(monday, [holiday], at('2026-03-16T07:00:00Z'), at('2026-04-06T06:00:00Z'));
    expect(shifts.map((s) => [s.leadId, s.startsAt.toISOString()])).toEqual([
      [A, '2026-03-16T07:00:00.000Z'],
      [C, '2026-03-20T00:00:00.000Z'],
      [A, '2026-04-03T00:00:00.000Z'],
    ]);
  });
});

describe('gaps', () => {
  it('are the whole window when there is no rota or an empty rotation', () => {
    const from = at('2026-03-02T00:00:00Z');
    const until = at('2026-03-16T00:00:00Z');
    expect(gapsBetween(null, [], from, until)).toEqual([{ startsAt: from, endsAt: until }]);
    expect(gapsBetween({ ...monday, leadIds: [] }, [], from, until)).toEqual([{ startsAt: from, endsAt: until }]);
  });

  it('are the time before the rotation starts, clipped to the window', () => {
    expect(gapsBetween(monday, [], at('2026-02-25T00:00:00Z'), at('2026-03-16T00:00:00Z'))).toEqual([
      { startsAt: at('2026-02-25T00:00:00Z'), endsAt: at('2026-03-02T07:00:00Z') },
    ]);
    expect(gapsBetween(monday, [], at('2026-03-03T00:00:00Z'), at('2026-06-01T00:00:00Z'))).toEqual([]);
  });

  it('are the weeks of someone who is no longer a lead, merged with an adjacent "nobody" override', () => {
    const isLead = (id: string) => id !== B;
    const early: RotaOverride = {
      leadId: null,
      startsAt: at('2026-03-08T07:00:00Z'),
      endsAt: at('2026-03-09T07:00:00Z'),
    };
    const gaps = gapsBetween(monday, [early], at('2026-03-02T07:00:00Z'), at('2026-03-30T06:00:00Z'), { isLead });
    expect(gaps).toEqual([
      { startsAt: at('2026-03-08T07:00:00Z'), endsAt: at('2026-03-16T07:00:00Z') },
      { startsAt: at('2026-03-23T07:00:00Z'), endsAt: at('2026-03-30T06:00:00Z') },
    ]);
    expect(onCallAt(monday, [], at('2026-03-10T00:00:00Z'), { isLead })).toEqual({
      leadId: null,
      source: 'rotation',
      unavailableLeadId: B,
    });
    // An override naming a former lead is a gap too.
    const swap: RotaOverride = { leadId: B, startsAt: at('2026-03-03T00:00:00Z'), endsAt: at('2026-03-04T00:00:00Z') };
    expect(gapsBetween(monday, [swap], at('2026-03-02T07:00:00Z'), at('2026-03-08T00:00:00Z'), { isLead })).toEqual([
      { startsAt: at('2026-03-03T00:00:00Z'), endsAt: at('2026-03-04T00:00:00Z') },
    ]);
  });

  it('include an override of "nobody" inside a rotation week', () => {
    const off: RotaOverride = {
      leadId: null,
      startsAt: at('2026-04-01T00:00:00Z'),
      endsAt: at('2026-04-02T00:00:00Z'),
    };
    expect(gapsBetween(monday, [off], at('2026-03-30T00:00:00Z'), at('2026-04-13T00:00:00Z'))).toEqual([
      { startsAt: at('2026-04-01T00:00:00Z'), endsAt: at('2026-04-02T00:00:00Z') },
    ]);
  });
});

describe('local time helpers', () => {
  it('resolve skipped and repeated local times the "compatible" way, and know the zones Intl knows', () => {
    expect(instantFromLocal('2026-03-29', '03:30', 'Europe/Tallinn')).toEqual(at('2026-03-29T01:30:00Z'));
    expect(instantFromLocal('2026-10-25', '03:30', 'Europe/Tallinn')).toEqual(at('2026-10-25T00:30:00Z'));
    expect(instantFromLocal('2026-07-01', '09:00', 'America/New_York')).toEqual(at('2026-07-01T13:00:00Z'));
    expect(instantFromLocal('2026-01-01', '00:00', 'UTC')).toEqual(at('2026-01-01T00:00:00Z'));
    expect(canonicalTimeZone('europe/tallinn')).toBe('Europe/Tallinn');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });
});
