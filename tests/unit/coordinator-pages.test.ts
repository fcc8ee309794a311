// The pure parts behind the coordinator pages: the policy form, the template rules, the timeline wording.
import { defaultTemplate } from '../../notifications/catalogue';
import type { RequestEvent } from '../../db';
import { formValuesFromBody, formValuesOf, policyFromForm, policyFromJson } from '../../api/settings/policy-form';
import {
  allowedPlaceholders,
  placeholdersIn,
  previewTemplate,
  templateProblems,
} from '../../api/settings/template-rules';
import { formatMs } from '../../api/ui/form-parts';
import { describeEvent, describeTimeline } from '../../api/dispatch/request-view';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy } from '../../domain/policy';

describe('the policy form', () => {
  it('round-trips the default policy through the form values', () => {
    const values = formValuesOf(DEFAULT_DISPATCH_POLICY);
    expect(policyFromForm(values, DEFAULT_DISPATCH_POLICY)).toEqual({ policy: DEFAULT_DISPATCH_POLICY, problems: [] });
  });

  it('reads the first-contact durations from the form and names a wrong order by its field', () => {
    const values = { ...formValuesOf(DEFAULT_DISPATCH_POLICY), requesterCheckAfter: '12h', firstContactWithin: '24h' };
    expect(policyFromForm(values, DEFAULT_DISPATCH_POLICY).problems).toEqual([
      { field: 'requesterCheckAfter', message: 'must be later than firstContactWithin' },
    ]);
    const ok = { ...values, requesterCheckAfter: '30h' };
    expect(policyFromForm(ok, DEFAULT_DISPATCH_POLICY).policy).toMatchObject({
      firstContactWithin: '24h',
      requesterCheckAfter: '30h',
    });
  });

  it('sets, refuses and clears the head start; overcommitting counselors are held back only with one', () => {
    const base = formValuesOf(DEFAULT_DISPATCH_POLICY);
    const set = policyFromForm({ ...base, headStart: '5m', holdBackOvercommitted: true }, DEFAULT_DISPATCH_POLICY);
    expect(set.problems).toEqual([]);
    expect(set.policy).toMatchObject({ headStart: '5m', holdBackOvercommitted: true });
    expect(formValuesOf(set.policy)).toMatchObject({ headStart: '5m', holdBackOvercommitted: true });

    expect(policyFromForm({ ...base, headStart: 'soon' }, DEFAULT_DISPATCH_POLICY).problems).toEqual([
      { field: 'headStart', message: 'must be a duration like "5m" (or "0s" for none)' },
    ]);

    const cleared = policyFromForm({ ...base, headStart: '', holdBackOvercommitted: true }, set.policy).policy;
    expect(cleared).not.toHaveProperty('headStart');
    expect(cleared).not.toHaveProperty('holdBackOvercommitted');
    expect(formValuesFromBody({ headStart: ' 2m ', holdBackOvercommitted: '1' })).toMatchObject({
      headStart: '2m',
      holdBackOvercommitted: true,
    });
  });

  it('reads rows by number, ignores rows without a channel, and keeps widening in the policy order', () => {
    const values = formValuesFromBody({
      'wave-0-channel': 'sms',
      'wave-0-wait': ' 20m ',
      'wave-0-urgentWait': '',
      'wave-1-channel': '',
      'wave-1-wait': '1h',
      'wave-2-channel': 'email',
      'wave-2-wait': '40m',
      'wave-2-urgentWait': '10m',
      holdOpen: '24h',
      urgentHoldOpen: '',
      widening: ['general-support', 'drop-lived-experience', 'made-up'],
      alternatives: 'Line one\r\nLine two',
      assignmentRefusalWindow: '2h',
    });
    expect(values.smsIncludesLink).toBe(false);
    expect(values.widening).toEqual(['drop-lived-experience', 'general-support']);
    // Settings the form does not show are kept from the current policy; the urgent hold-open left empty is unset.
    const base = {
      ...DEFAULT_DISPATCH_POLICY,
      assignmentRefusalWindow: '9h',
      somethingNewer: 'kept',
    } as DispatchPolicy;
    const { urgentHoldOpen: _unset, ...kept } = base;
    expect(policyFromForm(values, base)).toEqual({
      policy: {
        ...kept,
        waves: [
          { channel: 'sms', wait: '20m' },
          { channel: 'email', wait: '40m', urgentWait: '10m' },
        ],
        holdOpen: '24h',
        widening: ['drop-lived-experience', 'general-support'],
        smsIncludesLink: false,
        alternatives: 'Line one\nLine two',
        assignmentRefusalWindow: '2h',
      },
      problems: [],
    });
    expect(formValuesFromBody({ widening: 'general-support', smsIncludesLink: '1' })).toMatchObject({
      widening: ['general-support'],
      smsIncludesLink: true,
    });
  });

  it('puts each problem on the form row it came from, not the index among the kept waves', () => {
    const values = formValuesOf(DEFAULT_DISPATCH_POLICY);
    values.waves = [
      { channel: '', wait: 'ignored', urgentWait: '' },
      { channel: 'sms', wait: 'soon', urgentWait: '0s' },
      { channel: 'pigeon', wait: '1h', urgentWait: '' },
    ];
    values.holdOpen = 'a while';
    const { problems } = policyFromForm(values, DEFAULT_DISPATCH_POLICY);
    expect(problems).toEqual([
      { field: 'wave-1-wait', message: 'must be a positive duration like "20m" or "PT20M"' },
      { field: 'wave-1-urgentWait', message: 'must be a positive duration like "5m" or "PT5M"' },
      { field: 'wave-2-channel', message: 'must be one of sms, email, alert' },
      { field: 'holdOpen', message: 'must be a duration like "24h" or "PT24H"' },
    ]);
    values.waves = [];
    expect(policyFromForm(values, DEFAULT_DISPATCH_POLICY).problems).toContainEqual({
      field: 'waves',
      message: 'at least one wave is needed',
    });
  });

  it('takes a JSON policy with the defaults for what is left out and without unknown fields', () => {
    expect(
      policyFromJson({ holdOpen: '1h', extra: 1, waves: [{ channel: 'sms', wait: '5m', colour: 'red' }] }),
    ).toEqual({
      policy: { ...DEFAULT_DISPATCH_POLICY, holdOpen: '1h', waves: [{ channel: 'sms', wait: '5m' }] },
      problems: [],
    });
    expect(policyFromJson('waves').problems).toEqual(['policy must be an object']);
    expect(policyFromJson(null).problems).toEqual(['policy must be an object']);
    expect(policyFromJson({ waves: 'sms' }).problems).toEqual(['waves: at least one wave is needed']);
    expect(policyFromJson({ smsIncludesLink: 'yes' }).problems).toEqual(['smsIncludesLink: must be true or false']);
  });
});

describe('template rules', () => {
  const opts = { publicBaseUrl: 'https://dispatch.example.org' };

  it('allows only the placeholders the default uses (subject and body)', () => {
    expect(placeholdersIn('{a} {b} {a} {not-one} {_x}')).toEqual(['a', 'b']);
    expect(allowedPlaceholders('offer.email', 'en').sort()).toEqual(
      ['language', 'lived', 'lockTopic', 'smsLine', 'topic', 'url', 'urgent'].sort(),
    );
    expect(allowedPlaceholders('covered.sms', 'ru')).toEqual([]);
    expect(templateProblems('alert.sms', 'en', { body: '{reason}: {who}' }, opts)).toEqual([
      {
        field: 'body',
        message:
          '{who} is not a placeholder this message can use: use {urgent}, {reason}, {topic}, {language}, {url}, {ackHint}',
      },
    ]);
  });

  it('accepts every default as it is', () => {
    for (const key of ['offer.sms', 'offer.email', 'alert.email', 'reply.choose'] as const) {
      for (const language of ['en', 'ru']) {
        expect(templateProblems(key, language, defaultTemplate(key, language), opts)).toEqual([]);
      }
    }
  });

  it('counts the segments of the longest realistic offer SMS and refuses one that needs two', () => {
    const [typical, longest] = previewTemplate('offer.sms', 'en', defaultTemplate('offer.sms', 'en'), opts);
    expect(typical.kind).toBe('typical');
    expect(longest.body).toBe(
      'URGENT New request: General support, Ukrainian. Reply A99 to accept, D99 to decline. https://dispatch.example.org/o/Xq3vT9bK2mPz7LwR4nYc8A',
    );
    expect(longest.segments).toEqual({ encoding: 'GSM-7', characters: 138, segments: 1 });
    const long = { body: `${defaultTemplate('offer.sms', 'en').body} Thank you for being there.` };
    expect(templateProblems('offer.sms', 'en', long, opts)).toEqual([
      expect.objectContaining({ field: 'body', message: expect.stringMatching(/2 SMS segments/) }),
    ]);
    // Other texts may run over: they are previewed with their count, not refused.
    expect(templateProblems('won.sms', 'en', { body: `${'x'.repeat(300)} {url}` }, opts)).toEqual([]);
  });
});

describe('the timeline in words', () => {
  const names = new Map([
    ['c1', 'Ana'],
    ['k1', 'Kim'],
  ]);
  const nameOf = (id: unknown) => names.get(id as string) ?? 'someone no longer in the team';
  const say = (type: string, data: Record<string, unknown> = {}) =>
    describeEvent({ id: 1, requestId: 'r', type, data, at: new Date() } as RequestEvent, nameOf);

  it.each([
    ['submitted', {}, 'Request submitted'],
    ['matched', { count: 3 }, 'Matched 3 counselors'],
    [
      'widened',
      { count: 1, step: 'general-support' },
      'Match widened with counselors for general support: 1 counselor',
    ],
    ['wave-sent', { wave: 2, channel: 'email', sent: 2, skipped: 0, failed: [] }, 'Wave 2 sent by email: 2 sent'],
    [
      'wave-sent',
      { wave: 1, channel: 'sms', purpose: 'offer-r1-w1', sent: 1, skipped: 1, failed: ['x'] },
      'Wave 1 sent by SMS: 1 sent, 1 kept for a later wave (quiet hours, STOP or no address), 1 failed',
    ],
    [
      'escalated',
      { reason: 'no-accept', staff: 2 },
      'Coordinators and the on-call lead alerted (2 people): nobody has accepted yet',
    ],
    ['declined', { counselorId: 'c1' }, 'Ana declined'],
    ['accepted', { counselorId: 'c1' }, 'Ana accepted'],
    ['assigned-by-coordinator', { counselorId: 'c1', coordinatorId: 'k1' }, 'Kim assigned it to Ana'],
    ['assignment-refused', { counselorId: 'c1' }, 'Ana handed the assignment back: dispatch resumed without them'],
    ['extended', { byMs: 5_400_000, coordinatorId: 'k1' }, 'Kim extended the hold by 1 h 30 min'],
    ['widen-requested', { coordinatorId: 'gone' }, 'someone no longer in the team asked to widen the match'],
    ['after-win-sent', { messages: 4 }, 'Confirmation, thank-you and requester messages sent (4 messages)'],
    ['unmatched', {}, 'Closed unmatched: nobody could take it in time; the requester was told'],
    ['cancelled', { by: 'requester' }, 'Cancelled by the requester'],
    ['delivery-failed', { counselorId: 'c1', channel: 'sms' }, 'A message to Ana could not be delivered by SMS'],
    [
      'delivery-failed',
      { counselorId: null, channel: 'sms', status: 'undelivered', errorCode: 30003 },
      'A message to the requester could not be delivered by SMS (undelivered, error 30003)',
    ],
    ['sms-reply', { counselorId: 'c1', action: 'accept', result: 'won' }, 'Ana replied by SMS to accept: it is theirs'],
    [
      'sms-reply',
      { counselorId: 'c1', action: 'decline', result: 'declined' },
      'Ana replied by SMS to decline: declined',
    ],
    ['sms-stopped', { counselorId: 'c1' }, 'Ana texted STOP: no more SMS to them until they text START'],
    ['something-new', {}, 'Something new'],
  ])('%s %j', (type, data, text) => {
    expect(say(type, data)).toBe(text);
  });

  it('says a second match, or a widening by a step taken before, is one again (a late start, a new dispatch)', () => {
    const at = new Date();
    const events = [
      { type: 'submitted', data: {} },
      { type: 'matched', data: { count: 3 } },
      { type: 'widened', data: { count: 4, step: 'general-support' } },
      { type: 'matched', data: { count: 2 } },
      { type: 'widened', data: { count: 5, step: 'general-support' } },
    ].map((e, i) => ({ id: i + 1, requestId: 'r', at, ...e }) as RequestEvent);
    expect(describeTimeline(events, nameOf).map((t) => t.words)).toEqual([
      'Request submitted',
      'Matched 3 counselors',
      'Match widened with counselors for general support: 4 counselors',
      'Matched again: 2 counselors',
      'Match widened again with counselors for general support: 5 counselors',
    ]);
  });

  it('formats durations for people', () => {
    expect(formatMs(1500)).toBe('1.5 s');
    expect(formatMs(1_800_000)).toBe('30 min');
    expect(formatMs(90_061_000)).toBe('1 d 1 h 1 min 1 s');
  });
});
