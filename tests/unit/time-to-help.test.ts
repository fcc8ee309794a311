// Time to help by hour and weekday in the team's time zone, and by kind of request with the slowest named only
// when there are enough requests.
import { byHourAndWeekday, byKind, heatLevel, slowestKinds, type TimedRequest } from '../../domain/time-to-help';

const MIN = 60_000;
const req = (at: string, minutes: number | null, kind: Partial<TimedRequest> = {}): TimedRequest => ({
  submittedAt: new Date(at),
  doneAt: minutes === null ? null : new Date(new Date(at).getTime() + minutes * MIN),
  language: 'en',
  topic: 'grief',
  livedExperience: [],
  ...kind,
});

it("puts each request in the hour and weekday of the team's time zone", () => {
  // Sunday 22:30 UTC is Monday 01:30 in Moscow (UTC+3): the week the team lives in, not UTC's.
  const records = [req('2026-11-29T22:30:00Z', 30), req('2026-11-29T22:50:00Z', 90), req('2026-11-29T22:10:00Z', null)];
  const moscow = byHourAndWeekday(records, 'Europe/Moscow');
  expect(moscow[0][1]).toEqual({ requests: 3, reached: 2, medianMs: 60 * MIN });
  const utc = byHourAndWeekday(records, 'UTC');
  expect(utc[6][22].requests).toBe(3);
  expect(utc[0][1].requests).toBe(0);
  // Everything else is empty.
  expect(moscow.flat().reduce((n, c) => n + c.requests, 0)).toBe(3);
});

it('groups by language × topic × lived experience, slowest first, and names only combinations with enough requests', () => {
  const ruGrief = { language: 'ru', topic: 'grief', livedExperience: ['loss', 'bereavement'] };
  const records = [
    ...[300, 400, 500].map((m) => req('2026-11-30T10:00:00Z', m, ruGrief)),
    ...[10, 20, 30].map((m) => req('2026-11-30T10:00:00Z', m)),
    // One very slow request of its own kind: not a trend.
    req('2026-11-30T10:00:00Z', 5000, { topic: 'trauma' }),
  ];
  const rows = byKind(records);
  expect(rows.map((r) => [r.language, r.topic, r.livedExperience, r.requests])).toEqual([
    ['en', 'trauma', '', 1],
    ['ru', 'grief', 'bereavement, loss', 3],
    ['en', 'grief', '', 3],
  ]);
  expect(rows[1].medianMs).toBe(400 * MIN);
  const slowest = slowestKinds(rows, 1);
  expect(slowest.map((r) => r.language)).toEqual(['ru']);
  // A combination where some requests were never taken is slower than any fully taken one.
  const withMiss = byKind([...records, req('2026-11-30T10:00:00Z', null), req('2026-11-30T10:00:00Z', null)]);
  expect(slowestKinds(withMiss, 1)[0]).toMatchObject({ language: 'en', topic: 'grief', requests: 5, reached: 3 });
});

it('colours a median against the target', () => {
  const target = 60 * MIN;
  expect([10, 45, 100, 200].map((m) => heatLevel(m * MIN, target))).toEqual([0, 1, 2, 3]);
  expect(heatLevel(null, target)).toBeNull();
});
