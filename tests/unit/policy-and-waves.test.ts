import { parseDuration, validatePolicy } from '../../workflows/policy';
import { planWaves, waveRecipients } from '../../workflows/waves';

describe('durations', () => {
  it.each([
    ['20m', 1_200_000],
    ['1.5h', 5_400_000],
    ['30s', 30_000],
    ['250ms', 250],
    ['2d', 172_800_000],
    ['PT20M', 1_200_000],
    ['P1DT2H', 93_600_000],
    ['PT0.5S', 500],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '20', 'm20', '20 minutes', 'P', 'PT', '-5m', 'P1W'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('dispatch policy validation', () => {
  it('accepts the shape coordinators write', () => {
    expect(validatePolicy({ waves: [{ channel: 'sms', wait: '20m' }], holdOpen: 'PT24H' })).toEqual([]);
  });

  it('names every problem at once', () => {
    expect(validatePolicy({ waves: [{ channel: 'pigeon', wait: 'soon' }], holdOpen: 'later' })).toEqual([
      'waves[0].channel: must be "sms"',
      'waves[0].wait: must be a positive duration like "20m" or "PT20M"',
      'holdOpen: must be a duration like "24h" or "PT24H"',
    ]);
    expect(validatePolicy({ waves: [], holdOpen: '1h' })).toEqual(['waves: at least one wave is needed']);
    expect(validatePolicy(null)).toEqual(['policy must be an object']);
  });
});

describe('waves', () => {
  it('numbers the waves from 1 with their waits in milliseconds', () => {
    expect(
      planWaves({
        waves: [
          { channel: 'sms', wait: '20m' },
          { channel: 'sms', wait: '40m' },
        ],
        holdOpen: '1h',
      }),
    ).toEqual([
      { wave: 1, channel: 'sms', waitMs: 1_200_000 },
      { wave: 2, channel: 'sms', waitMs: 2_400_000 },
    ]);
  });

  it('sends a wave to the matched who neither declined nor were reached on that channel, in match order', () => {
    expect(waveRecipients(['a', 'b', 'c', 'd'], new Set(['b']), new Set(['c']))).toEqual(['a', 'd']);
  });
});
