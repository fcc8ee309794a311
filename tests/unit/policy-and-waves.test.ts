import { DEFAULT_DISPATCH_POLICY, parseDuration, validatePolicy, withDefaults } from '../../domain/policy';
import { holdOpenMs, nextWidening, planWaves, waveRecipients } from '../../workflows/waves';

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
  it('accepts the default and the shape coordinators write', () => {
    expect(validatePolicy(DEFAULT_DISPATCH_POLICY)).toEqual([]);
    expect(
      validatePolicy({ ...DEFAULT_DISPATCH_POLICY, waves: [{ channel: 'email', wait: 'PT40M', urgentWait: '10m' }] }),
    ).toEqual([]);
  });

  it('names every problem at once', () => {
    expect(
      validatePolicy({
        ...DEFAULT_DISPATCH_POLICY,
        waves: [
          { channel: 'pigeon', wait: 'soon' },
          { channel: 'sms', wait: '0s' },
        ],
        holdOpen: 'later',
        widening: ['ask-nicely'],
      }),
    ).toEqual([
      'waves[0].channel: must be one of sms, email, alert',
      'waves[0].wait: must be a positive duration like "20m" or "PT20M"',
      'waves[1].wait: must be a positive duration like "20m" or "PT20M"',
      'holdOpen: must be a duration like "24h" or "PT24H"',
      'widening: a list of steps from drop-lived-experience, general-support',
    ]);
    expect(validatePolicy({ ...DEFAULT_DISPATCH_POLICY, waves: [] })).toEqual(['waves: at least one wave is needed']);
    expect(validatePolicy(null)).toEqual(['policy must be an object']);
  });

  it('wants the first-contact durations positive and in the order they fire', () => {
    const p = { ...DEFAULT_DISPATCH_POLICY, firstContactWithin: '2h', requesterCheckAfter: '4h' };
    expect(validatePolicy({ ...p, coordinatorAlertAfter: '4h' })).toEqual([]);
    expect(validatePolicy({ ...p, firstContactWithin: '0s' })).toEqual([
      'firstContactWithin: must be a positive duration like "24h"',
    ]);
    expect(validatePolicy({ ...p, requesterCheckAfter: '1h' })).toEqual([
      'requesterCheckAfter: must be later than firstContactWithin',
    ]);
    expect(validatePolicy({ ...p, coordinatorAlertAfter: '3h' })).toEqual([
      'coordinatorAlertAfter: must not be earlier than requesterCheckAfter',
    ]);
  });

  it('lets an alert wave wait zero', () => {
    expect(validatePolicy({ ...DEFAULT_DISPATCH_POLICY, waves: [{ channel: 'alert', wait: '0s' }] })).toEqual([]);
  });

  it('completes an older stored policy with the defaults', () => {
    const old = { waves: [{ channel: 'sms', wait: '10m' }], holdOpen: '1h' };
    expect(withDefaults(old)).toEqual({ ...DEFAULT_DISPATCH_POLICY, ...old });
    expect(validatePolicy(withDefaults(old))).toEqual([]);
  });
});

describe('waves', () => {
  const policy = {
    ...DEFAULT_DISPATCH_POLICY,
    waves: [
      { channel: 'sms' as const, wait: '20m', urgentWait: '5m' },
      { channel: 'email' as const, wait: '40m' },
      { channel: 'alert' as const, wait: '0s' },
    ],
    holdOpen: '24h',
    urgentHoldOpen: '4h',
  };

  it('numbers the waves from 1 with the waits for a normal request', () => {
    expect(planWaves(policy, false)).toEqual([
      { wave: 1, channel: 'sms', waitMs: 1_200_000 },
      { wave: 2, channel: 'email', waitMs: 2_400_000 },
      { wave: 3, channel: 'alert', waitMs: 0 },
    ]);
    expect(holdOpenMs(policy, false)).toBe(86_400_000);
  });

  it('uses the shorter urgent waits where the policy gives them', () => {
    expect(planWaves(policy, true).map((w) => w.waitMs)).toEqual([300_000, 2_400_000, 0]);
    expect(holdOpenMs(policy, true)).toBe(14_400_000);
  });

  it('sends a wave to the matched who neither declined, were excluded, nor were reached on that channel', () => {
    expect(
      waveRecipients(['a', 'b', 'c', 'd', 'e'], {
        declined: new Set(['b']),
        excluded: new Set(['e']),
        reachedOnChannel: new Set(['c']),
      }),
    ).toEqual(['a', 'd']);
  });

  it('widens in the order the policy gives, once per step', () => {
    expect(nextWidening(policy, [])).toBe('drop-lived-experience');
    expect(nextWidening(policy, ['drop-lived-experience'])).toBe('general-support');
    expect(nextWidening(policy, ['drop-lived-experience', 'general-support'])).toBeUndefined();
    expect(nextWidening({ ...policy, widening: ['general-support'] }, [])).toBe('general-support');
  });
});
