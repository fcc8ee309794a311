// The dispatch policy form at its edges: how the posted fields are read, and which field each problem lands on.
import { formValuesFromBody, formValuesOf, MAX_WAVE_ROWS, policyFromForm } from '../../api/settings/policy-form';
import { DEFAULT_DISPATCH_POLICY } from '../../domain/policy';

const base = formValuesOf(DEFAULT_DISPATCH_POLICY);
const problemsOf = (changes: Partial<typeof base>) =>
  policyFromForm({ ...base, ...changes }, DEFAULT_DISPATCH_POLICY).problems;

describe('reading the posted form', () => {
  it('reads an empty form as empty values (nothing guessed)', () => {
    expect(formValuesFromBody({})).toEqual({
      waves: [],
      holdOpen: '',
      urgentHoldOpen: '',
      widening: [],
      smsIncludesLink: false,
      alternatives: '',
      assignmentRefusalWindow: '',
      headStart: '',
      holdBackOvercommitted: false,
      firstContactWithin: '',
      requesterCheckAfter: '',
      coordinatorAlertAfter: '',
    });
  });
  it('takes the first of a repeated field, and drops what is not text', () => {
    const values = formValuesFromBody({
      holdOpen: ['1h', '2h'],
      'wave-3-channel': ['sms', 'email'],
      alternatives: ['one', 'two'],
      assignmentRefusalWindow: { $gt: '' },
      urgentHoldOpen: 5,
    });
    expect(values).toMatchObject({ holdOpen: '1h', alternatives: '', assignmentRefusalWindow: '', urgentHoldOpen: '' });
    expect(values.waves).toEqual([{ channel: 'sms', wait: '', urgentWait: '' }]);
  });
  it('reads only the wave rows the form can have, in row order', () => {
    const values = formValuesFromBody({
      [`wave-${MAX_WAVE_ROWS}-channel`]: 'sms',
      'wave-4-wait': ' 1h ',
      'wave-1-channel': 'email',
    });
    expect(values.waves).toEqual([
      { channel: 'email', wait: '', urgentWait: '' },
      { channel: '', wait: '1h', urgentWait: '' },
    ]);
  });
  it('keeps only known widening steps, and reads checkboxes by presence', () => {
    const values = formValuesFromBody({
      widening: ['made-up', 'general-support'],
      smsIncludesLink: '',
      holdBackOvercommitted: 'off',
    });
    expect(values).toMatchObject({ widening: ['general-support'], smsIncludesLink: true, holdBackOvercommitted: true });
  });
  it('reads the care fields only when the form has them, trimmed', () => {
    expect(formValuesFromBody({ holdOpen: '1h' })).not.toHaveProperty('care');
    expect(formValuesFromBody({ coolDownAfter: ' 3 ' }).care).toEqual({
      coolDownAfter: '3',
      coolDownWithin: '',
      coolDownHold: '',
      supervisionOverdueAfter: '',
    });
  });
});

describe('problems, by field', () => {
  it('refuses bad durations where they were typed', () => {
    expect(problemsOf({ holdOpen: '', urgentHoldOpen: '1x', assignmentRefusalWindow: 'soon' })).toEqual([
      { field: 'holdOpen', message: 'must be a duration like "24h" or "PT24H"' },
      { field: 'urgentHoldOpen', message: 'must be a duration like "4h" or "PT4H"' },
      { field: 'assignmentRefusalWindow', message: 'must be a duration like "2h"' },
    ]);
    expect(problemsOf({ waves: [{ channel: 'sms', wait: '-5m', urgentWait: '' }] })).toEqual([
      { field: 'wave-0-wait', message: 'must be a positive duration like "20m" or "PT20M"' },
    ]);
  });
  it('refuses an unknown channel and no waves at all', () => {
    expect(problemsOf({ waves: [{ channel: 'pigeon', wait: '5m', urgentWait: '' }] })).toEqual([
      { field: 'wave-0-channel', message: 'must be one of sms, email, alert' },
    ]);
    expect(problemsOf({ waves: [{ channel: '', wait: '5m', urgentWait: '' }] })).toEqual([
      { field: 'waves', message: 'at least one wave is needed' },
    ]);
  });
  it('refuses care settings out of range, and leaves empty ones unset', () => {
    const care = { coolDownAfter: 'x', coolDownWithin: 'y', coolDownHold: '', supervisionOverdueAfter: '' };
    expect(problemsOf({ care })).toEqual([
      { field: 'coolDownWithin', message: 'must be a positive duration like "24h"' },
      { field: 'coolDownAfter', message: 'a whole number from 0 (no cool-down) to 20' },
    ]);
    expect(problemsOf({ care: { ...care, coolDownAfter: '21', coolDownWithin: '' } })).toEqual([
      { field: 'coolDownAfter', message: 'a whole number from 0 (no cool-down) to 20' },
    ]);
    const empty = { coolDownAfter: '', coolDownWithin: '', coolDownHold: '', supervisionOverdueAfter: '' };
    const unset = policyFromForm({ ...base, care: empty }, DEFAULT_DISPATCH_POLICY);
    expect(unset.problems).toEqual([]);
    // Unset, so the policy reads the defaults (withDefaults) rather than a copy of today's defaults.
    for (const field of Object.keys(empty)) expect(unset.policy).not.toHaveProperty(field);
  });
  it('a whole posted form goes through reading and checking', () => {
    const values = formValuesFromBody({
      'wave-0-channel': 'sms',
      'wave-0-wait': '20m',
      holdOpen: '24h',
      assignmentRefusalWindow: '2h',
      widening: 'general-support',
      headStart: 'later',
    });
    expect(policyFromForm(values, DEFAULT_DISPATCH_POLICY).problems).toEqual([
      { field: 'headStart', message: 'must be a duration like "5m" (or "0s" for none)' },
    ]);
  });
});
