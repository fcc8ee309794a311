// Lead shift swaps as pure rules over a constructed rota: what may be offered, who may take or withdraw, an offer that
// closes by itself when its shift starts, and which offers the coordinators are warned about.
import { upcomingShifts, type Rota, type RotaOverride } from '../../domain/rota';
import {
  giverStillOnShift,
  offerRefusal,
  swapStatusAt,
  takeRefusal,
  unfilledSwaps,
  withdrawRefusal,
  type ShiftSwap,
} from '../../domain/shift-swaps';

const A = 'lead-a';
const B = 'lead-b';
const C = 'lead-c';
const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

// Mondays 09:00 Tallinn (06:00 UTC in winter): 2026-12-07 is week 0 (A), 12-14 week 1 (B), 12-21 week 2 (C).
const rota: Rota = {
  timeZone: 'Europe/Tallinn',
  handoverWeekday: 1,
  handoverTime: '09:00',
  leadIds: [A, B, C],
  startsOn: '2026-12-07',
};
const now = at('2026-12-09T12:00:00Z'); // A's week
const shifts = (overrides: RotaOverride[] = []) =>
  upcomingShifts(rota, overrides, now, new Date(now.getTime() + 30 * DAY));
const bWeek = { startsAt: at('2026-12-14T07:00:00Z'), endsAt: at('2026-12-21T07:00:00Z') };

function swap(over: Partial<ShiftSwap> = {}): ShiftSwap {
  return {
    id: 's1',
    workspaceId: 'w',
    giverId: B,
    ...bWeek,
    note: '',
    status: 'open',
    takerId: null,
    overrideId: null,
    createdAt: now,
    takenAt: null,
    withdrawnAt: null,
    ...over,
  };
}
const lead = (
  id: string,
  extra: Partial<{ roles: ('lead' | 'coordinator' | 'counselor')[]; deactivatedAt: Date }> = {},
) => ({
  id,
  roles: extra.roles ?? (['lead'] as ('lead' | 'coordinator' | 'counselor')[]),
  deactivatedAt: extra.deactivatedAt ?? null,
});

describe('offering a shift', () => {
  it('lets a lead offer their own future shift, as the rota computes it', () => {
    const r = offerRefusal({ giverId: B, startsAt: bWeek.startsAt, at: now, shifts: shifts(), giversSwaps: [] });
    expect(r).toEqual({ shift: expect.objectContaining({ leadId: B, ...bWeek, source: 'rotation' }) });
  });

  it('refuses a shift that is not theirs, one that has started, and one already offered', () => {
    expect(offerRefusal({ giverId: A, startsAt: bWeek.startsAt, at: now, shifts: shifts(), giversSwaps: [] })).toEqual({
      refusal: 'not-yours',
    });
    // A's running shift, clipped to now: started.
    expect(offerRefusal({ giverId: A, startsAt: now, at: now, shifts: shifts(), giversSwaps: [] })).toEqual({
      refusal: 'started',
    });
    expect(
      offerRefusal({ giverId: A, startsAt: at('2026-12-07T07:00:00Z'), at: now, shifts: shifts(), giversSwaps: [] }),
    ).toEqual({ refusal: 'started' });
    expect(
      offerRefusal({ giverId: B, startsAt: bWeek.startsAt, at: now, shifts: shifts(), giversSwaps: [swap()] }),
    ).toEqual({ refusal: 'already-offered' });
    // A start that is no shift boundary is nobody's shift.
    expect(
      offerRefusal({
        giverId: B,
        startsAt: new Date(bWeek.startsAt.getTime() + 3_600_000),
        at: now,
        shifts: shifts(),
        giversSwaps: [],
      }),
    ).toEqual({ refusal: 'not-yours' });
  });

  it('says "already taken" to the lead who gave the shift away, and lets the taker offer it on', () => {
    const taken = swap({ status: 'taken', takerId: C });
    const withOverride = shifts([{ leadId: C, ...bWeek, note: 'swap' }]);
    expect(
      offerRefusal({ giverId: B, startsAt: bWeek.startsAt, at: now, shifts: withOverride, giversSwaps: [taken] }),
    ).toEqual({ refusal: 'already-taken' });
    expect(
      offerRefusal({ giverId: C, startsAt: bWeek.startsAt, at: now, shifts: withOverride, giversSwaps: [] }),
    ).toEqual({ shift: expect.objectContaining({ leadId: C, source: 'override' }) });
  });

  it('lets a lead offer again a shift whose earlier offer was withdrawn', () => {
    expect(
      offerRefusal({
        giverId: B,
        startsAt: bWeek.startsAt,
        at: now,
        shifts: shifts(),
        giversSwaps: [swap({ status: 'withdrawn' })],
      }),
    ).toEqual({ shift: expect.objectContaining({ leadId: B }) });
  });
});

describe('taking and withdrawing', () => {
  it('lets another lead (or a coordinator who is also a lead) take an open offer', () => {
    expect(takeRefusal(swap(), lead(C), now)).toBeNull();
    expect(takeRefusal(swap(), lead(A, { roles: ['coordinator', 'lead'] }), now)).toBeNull();
  });

  it('refuses the giver, a non-lead, a deactivated lead, and an offer taken, withdrawn or started', () => {
    expect(takeRefusal(swap(), lead(B), now)).toBe('own-offer');
    expect(takeRefusal(swap(), lead(A, { roles: ['coordinator'] }), now)).toBe('not-a-lead');
    expect(takeRefusal(swap(), lead(A, { roles: ['counselor'] }), now)).toBe('not-a-lead');
    expect(takeRefusal(swap(), lead(C, { deactivatedAt: now }), now)).toBe('deactivated');
    expect(takeRefusal(swap({ status: 'taken', takerId: A }), lead(C), now)).toBe('taken');
    expect(takeRefusal(swap({ status: 'withdrawn' }), lead(C), now)).toBe('withdrawn');
    expect(takeRefusal(swap(), lead(C), bWeek.startsAt)).toBe('expired');
  });

  it('closes an open offer by itself when its shift starts', () => {
    expect(swapStatusAt(swap(), new Date(bWeek.startsAt.getTime() - 1))).toBe('open');
    expect(swapStatusAt(swap(), bWeek.startsAt)).toBe('expired');
    expect(swapStatusAt(swap({ status: 'taken' }), bWeek.startsAt)).toBe('taken');
  });

  it('lets the giver or a coordinator withdraw an open offer, nobody else, and nothing once closed', () => {
    expect(withdrawRefusal(swap(), lead(B), now)).toBeNull();
    expect(withdrawRefusal(swap(), lead('coord', { roles: ['coordinator'] }), now)).toBeNull();
    expect(withdrawRefusal(swap(), lead(C), now)).toBe('not-yours');
    expect(withdrawRefusal(swap({ status: 'taken' }), lead(B), now)).toBe('taken');
    expect(withdrawRefusal(swap(), lead(B), bWeek.startsAt)).toBe('expired');
  });

  it('sees whether the giver is still on call for the whole shift', () => {
    const during = (o: RotaOverride[] = []) => upcomingShifts(rota, o, bWeek.startsAt, bWeek.endsAt);
    expect(giverStillOnShift(swap(), during())).toBe(true);
    // A coordinator put nobody on a day of it: the offer no longer matches the rota.
    const day = { startsAt: at('2026-12-16T07:00:00Z'), endsAt: at('2026-12-17T07:00:00Z') };
    expect(giverStillOnShift(swap(), during([{ leadId: null, ...day }]))).toBe(false);
    expect(giverStillOnShift(swap(), [])).toBe(false);
  });
});

describe('the coordinators’ warning', () => {
  it('lists open offers starting within the window and unfilled ones still running, soonest first', () => {
    const later = swap({
      id: 'late',
      giverId: C,
      startsAt: at('2026-12-21T07:00:00Z'),
      endsAt: at('2026-12-28T07:00:00Z'),
    });
    const far = swap({ id: 'far', startsAt: at('2027-01-20T07:00:00Z'), endsAt: at('2027-01-27T07:00:00Z') });
    const taken = swap({ id: 'taken', status: 'taken', takerId: A });
    const list = unfilledSwaps([later, swap(), far, taken], now, new Date(now.getTime() + 14 * DAY));
    expect(list.map((u) => [u.swap.id, u.status])).toEqual([
      ['s1', 'open'],
      ['late', 'open'],
    ]);
    const midShift = at('2026-12-15T12:00:00Z');
    expect(unfilledSwaps([swap()], midShift, new Date(midShift.getTime() + 14 * DAY))).toEqual([
      { swap: swap(), status: 'expired' },
    ]);
    expect(unfilledSwaps([swap()], bWeek.endsAt, new Date(bWeek.endsAt.getTime() + 14 * DAY))).toEqual([]);
  });
});
