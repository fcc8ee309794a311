// Service hours: open now, or when the team resumes, on the team's wall clock (DST, past midnight, the week's end).
import { serviceState, type ServiceHours } from '../../domain/service-hours';

const WEEKDAYS: ServiceHours = { timeZone: 'Europe/Helsinki', days: [1, 2, 3, 4, 5], from: '09:00', to: '21:00' };

describe('serviceState', () => {
  it('is always open without hours (the default)', () => {
    expect(serviceState(null, new Date('2026-12-06T03:00:00Z'))).toEqual({ open: true });
  });

  it('is open inside the hours and closed at the closing minute', () => {
    // Helsinki is UTC+2 in winter: Monday 7 Dec 2026 09:00 local is 07:00Z.
    expect(serviceState(WEEKDAYS, new Date('2026-12-07T07:00:00Z'))).toEqual({ open: true });
    expect(serviceState(WEEKDAYS, new Date('2026-12-07T18:59:59Z'))).toEqual({ open: true });
    expect(serviceState(WEEKDAYS, new Date('2026-12-07T19:00:00Z'))).toMatchObject({
      open: false,
      resumes: { weekday: 2, date: '2026-12-08', time: '09:00' },
      resumesAt: new Date('2026-12-08T07:00:00Z'),
    });
  });

  it('before opening on a weekday, resumes the same morning', () => {
    expect(serviceState(WEEKDAYS, new Date('2026-12-08T05:30:00Z'))).toMatchObject({
      open: false,
      resumesAt: new Date('2026-12-08T07:00:00Z'),
    });
  });

  it('across the week end: Friday night and the weekend resume on Monday morning', () => {
    for (const at of ['2026-12-11T19:30:00Z', '2026-12-12T12:00:00Z', '2026-12-13T21:59:00Z']) {
      expect(serviceState(WEEKDAYS, new Date(at))).toMatchObject({
        open: false,
        resumes: { weekday: 1, date: '2026-12-14', time: '09:00' },
        resumesAt: new Date('2026-12-14T07:00:00Z'),
      });
    }
  });

  it('a span past midnight belongs to the day it starts on, and the week wraps from Sunday to Monday', () => {
    const nights: ServiceHours = { timeZone: 'UTC', days: [5, 6, 7], from: '22:00', to: '06:00' };
    // Sunday 22:00 → Monday 06:00 is open; Monday 06:00 closes until Friday 22:00.
    expect(serviceState(nights, new Date('2026-12-14T03:00:00Z'))).toEqual({ open: true });
    expect(serviceState(nights, new Date('2026-12-13T23:59:00Z'))).toEqual({ open: true });
    expect(serviceState(nights, new Date('2026-12-14T06:00:00Z'))).toMatchObject({
      open: false,
      resumes: { weekday: 5, date: '2026-12-18', time: '22:00' },
    });
    // Thursday 03:00 is in no span (Wednesday has none).
    expect(serviceState(nights, new Date('2026-12-10T03:00:00Z'))).toMatchObject({ open: false });
  });

  it('equal times are a whole day', () => {
    const sundays: ServiceHours = { timeZone: 'UTC', days: [7], from: '00:00', to: '00:00' };
    expect(serviceState(sundays, new Date('2026-12-13T23:59:00Z'))).toEqual({ open: true });
    expect(serviceState(sundays, new Date('2026-12-14T00:00:00Z'))).toMatchObject({
      open: false,
      resumesAt: new Date('2026-12-20T00:00:00Z'),
    });
  });

  it('reads the hours on the wall clock across DST changes', () => {
    const berlin: ServiceHours = { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5, 6, 7], from: '09:00', to: '17:00' };
    // Spring forward on Sunday 29 March 2026: Saturday closes at 17:00 CET (16:00Z), Sunday opens 09:00 CEST (07:00Z).
    expect(serviceState(berlin, new Date('2026-03-28T16:00:00Z'))).toMatchObject({
      open: false,
      resumesAt: new Date('2026-03-29T07:00:00Z'),
    });
    // Fall back on Sunday 25 October 2026: opens 09:00 CET, which is 08:00Z.
    expect(serviceState(berlin, new Date('2026-10-25T07:30:00Z'))).toMatchObject({
      open: false,
      resumesAt: new Date('2026-10-25T08:00:00Z'),
    });
    expect(serviceState(berlin, new Date('2026-10-25T08:00:00Z'))).toEqual({ open: true });
  });

  it('an opening inside the skipped hour moves on with the clock', () => {
    const early: ServiceHours = { timeZone: 'Europe/Berlin', days: [7], from: '02:30', to: '05:00' };
    // 02:30 does not happen on 29 March 2026 in Berlin: it opens at 03:30 CEST (01:30Z).
    expect(serviceState(early, new Date('2026-03-29T00:00:00Z'))).toMatchObject({
      open: false,
      resumesAt: new Date('2026-03-29T01:30:00Z'),
    });
  });
});
