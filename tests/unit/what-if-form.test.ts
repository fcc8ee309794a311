// The what-if form's period is the team's days: midnight to midnight in the workspace's time zone.
import { parseWhatIf, whatIfDefaults } from '../../api/metrics/what-if-form';
import { DEFAULT_DISPATCH_POLICY } from '../../domain/policy';

const policy = DEFAULT_DISPATCH_POLICY;

it("reads the period as the team's days, the last one included", () => {
  const values = whatIfDefaults(policy, new Date('2026-11-20T12:00:00Z'), 60);
  const parsed = parseWhatIf({ ...values, from: '2026-11-02', to: '2026-11-29' }, policy, 'Asia/Tokyo');
  expect(parsed.query?.from.toISOString()).toBe('2026-11-01T15:00:00.000Z');
  expect(parsed.query?.to.toISOString()).toBe('2026-11-29T15:00:00.000Z');
  // Without a zone of its own, the days are UTC's.
  expect(parseWhatIf({ ...values, from: '2026-11-02', to: '2026-11-29' }, policy).query?.to.toISOString()).toBe(
    '2026-11-30T00:00:00.000Z',
  );
});

it("opens on the last four weeks up to the team's today", () => {
  // Monday 08:00 in Tokyo, still Sunday in UTC.
  const values = whatIfDefaults(policy, new Date('2026-11-22T23:00:00Z'), 60, 'Asia/Tokyo');
  expect([values.from, values.to]).toEqual(['2026-10-27', '2026-11-23']);
});

it('refuses a day that is not in the calendar', () => {
  const values = whatIfDefaults(policy, new Date('2026-11-20T12:00:00Z'), 60);
  for (const from of ['2026-02-30', '2026-13-01', 'yesterday'])
    expect(parseWhatIf({ ...values, from }, policy, 'Europe/London').errors?.from).toBe(
      'Enter the first day as a date like 2026-11-02.',
    );
});
