// The pure parts of after-care: availability and proposal parsing, the outcome form, the .ics text, the policy.
import { parseAvailability } from '../../api/intake/availability-form';
import { parseOutcome, parseProposal } from '../../api/sessions/form';
import { icsCalendar } from '../../domain/calendar';
import { instantFromLocal } from '../../domain/rota';
import { DEFAULT_DISPATCH_POLICY, validatePolicy } from '../../domain/policy';

const NOW = new Date('2026-11-27T12:00:00Z');

describe('availability', () => {
  it('turns local windows into instants in the given zone', () => {
    const r = parseAvailability(
      { availability: { timeZone: 'europe/tallinn', windows: [{ date: '2026-11-30', from: '18:00', to: '20:00' }] } },
      NOW,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        timeZone: 'Europe/Tallinn',
        windows: [{ start: new Date('2026-11-30T16:00:00Z'), end: new Date('2026-11-30T18:00:00Z') }],
      },
    });
  });

  it('is optional, and refuses half-filled or impossible windows with a message', () => {
    expect(parseAvailability({ timeZone: 'UTC' }, NOW)).toEqual({ ok: true, value: undefined });
    const bad = (body: Record<string, unknown>) => {
      const r = parseAvailability(body, NOW);
      return r.ok ? null : r.error;
    };
    expect(bad({ window1Date: '2026-11-30', window1From: '18:00', window1To: '20:00' })).toMatch(/time zone/);
    expect(bad({ timeZone: 'UTC', window1Date: '2026-11-30', window1From: '18:00' })).toMatch(/Time 1/);
    expect(bad({ timeZone: 'UTC', window1Date: '2026-02-30', window1From: '18:00', window1To: '20:00' })).toMatch(
      /Time 1/,
    );
    expect(bad({ timeZone: 'UTC', window1Date: '2026-11-30', window1From: '18:00', window1To: '18:15' })).toMatch(
      /30 minutes/,
    );
    expect(bad({ timeZone: 'UTC', window1Date: '2027-06-30', window1From: '18:00', window1To: '20:00' })).toMatch(
      /60 days/,
    );
  });
});

describe('proposed slots', () => {
  const availability = {
    timeZone: 'America/New_York',
    windows: [
      {
        start: instantFromLocal('2026-11-30', '10:00', 'America/New_York'),
        end: instantFromLocal('2026-11-30', '12:00', 'America/New_York'),
      },
    ],
  };
  it('accepts slots that fit a window, in the requester zone', () => {
    const r = parseProposal(
      { slot1Date: '2026-11-30', slot1Time: '11:00', length: '60' },
      'America/New_York',
      availability,
      NOW,
    );
    expect(r).toEqual({
      ok: true,
      slots: [{ start: Date.parse('2026-11-30T16:00:00Z'), end: Date.parse('2026-11-30T17:00:00Z') }],
    });
  });
  it('refuses slots that spill out of every window, repeat, or have an odd length', () => {
    const err = (body: Record<string, unknown>) => {
      const r = parseProposal(body, 'America/New_York', availability, NOW);
      return r.ok ? null : r.error;
    };
    expect(err({ slot1Date: '2026-11-30', slot1Time: '11:30', length: '60' })).toMatch(/inside one of the times/);
    expect(
      err({ slot1Date: '2026-11-30', slot1Time: '10:00', slot2Date: '2026-11-30', slot2Time: '10:00', length: '30' }),
    ).toMatch(/same time twice/);
    expect(err({ slot1Date: '2026-11-30', slot1Time: '10:00', length: '7' })).toMatch(/length/);
    expect(err({ length: '60' })).toMatch(/one to 3/);
  });
});

describe('outcome form', () => {
  it('needs a category for a hard session and drops it otherwise', () => {
    expect(parseOutcome({ outcome: 'held', hard: 'yes' })).toMatchObject({ ok: false });
    expect(parseOutcome({ outcome: 'held' })).toMatchObject({ ok: false });
    expect(parseOutcome({ outcome: 'held', hard: 'yes', category: 'safeguarding', note: ' x ' })).toEqual({
      ok: true,
      value: { outcome: 'held', hard: true, category: 'safeguarding', note: 'x' },
    });
    expect(parseOutcome({ outcome: 'no-show', hard: 'yes', category: 'safeguarding' })).toEqual({
      ok: true,
      value: { outcome: 'no-show', hard: false, category: null, note: null },
    });
    expect(parseOutcome({ outcome: 'maybe' })).toMatchObject({ ok: false });
  });
});

describe('iCalendar', () => {
  it('writes CRLF lines of at most 75 octets, escapes text and uses UTC times', () => {
    const text = icsCalendar({
      uid: 'session-1@peer-dispatch',
      start: new Date('2026-11-30T16:00:00Z'),
      end: new Date('2026-11-30T17:00:00Z'),
      stamp: new Date('2026-11-27T12:00:00.123Z'),
      summary: 'Peer support session; one, two',
      description: `Your session page: https://example.org/s/${'x'.repeat(80)}`,
    });
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(lines).toEqual(
      expect.arrayContaining([
        'DTSTART:20261130T160000Z',
        'DTEND:20261130T170000Z',
        'DTSTAMP:20261127T120000Z',
        'SUMMARY:Peer support session\\; one\\, two',
      ]),
    );
    expect(text.replace(/\r\n /g, '')).toContain(
      `DESCRIPTION:Your session page: https://example.org/s/${'x'.repeat(80)}`,
    );
  });
});

describe('after-care policy', () => {
  it('has valid defaults and names bad durations', () => {
    expect(validatePolicy(DEFAULT_DISPATCH_POLICY)).toEqual([]);
    expect(validatePolicy({ ...DEFAULT_DISPATCH_POLICY, confirmWithin: 'soon', reminders: ['1h', 'x'] })).toEqual([
      'confirmWithin: must be a positive duration like "24h"',
      'reminders: up to three positive durations before the session, like ["24h", "1h"]',
    ]);
  });
});
