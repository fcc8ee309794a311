// Counselors answering offers by text, on the real stack: signed Twilio webhooks in, TwiML out.
import twilio from 'twilio';
import type { User, Workspace } from '../../db';
import type { DispatchPolicy } from '../../domain/policy';
import {
  createCounselor,
  createWorkspace,
  FAST_POLICY,
  smsTo,
  submitRequest,
  uniquePhone,
  useTestStack,
  waitFor,
} from '../helpers/stack';
import { newMessageSid, postTwilioForm, textApp } from '../helpers/twilio';

const stack = useTestStack();

const WON = "It's yours. We will text you how to reach them.";
const TAKEN = 'Someone else already took this one, thank you.';
const DECLINED = 'Declined. Thank you for letting us know.';
const PENDING = "Got it. We'll confirm shortly.";
const HELP =
  'Reply A and the number from an offer to accept (e.g. A12), D and the number to decline. STOP pauses texts.';

async function submit(ws: Workspace): Promise<string> {
  const { status, body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'en',
    topic: 'general',
    email: 'requester@example.org',
    safety: 'no',
  });
  expect(status).toBe(201);
  return body.id as string;
}

/** Waits until the offer SMS of this request went to this counselor, and returns its reply code. */
async function offerSent(requestId: string, counselor: User): Promise<number> {
  return waitFor(
    'offer SMS',
    async () => {
      const sent = await stack
        .db('notifications')
        .where({ request_id: requestId, user_id: counselor.id, channel: 'sms', status: 'sent' })
        .whereLike('purpose', 'offer-%')
        .first();
      if (!sent) throw new Error('not sent yet');
      const offer = await stack.stores.offers.getFor(requestId, counselor.id);
      if (!offer?.replyCode) throw new Error('no reply code');
      return offer.replyCode;
    },
    20_000,
  );
}

const eventsOf = async (requestId: string, type: string) =>
  (await stack.stores.events.list(requestId)).filter((e) => e.type === type);

describe('accepting and declining by text', () => {
  it('accepts with a correctly signed reply: the TwiML says it is yours and the request is assigned', async () => {
    const ws = await createWorkspace(stack.stores);
    const [first, second] = [await createCounselor(stack.stores, ws), await createCounselor(stack.stores, ws)];
    const requestId = await submit(ws);
    const code = await offerSent(requestId, first);
    // The offer SMS carries the code it is answered with.
    const [offerSms] = await smsTo(stack.stores, [first.phone as string]);
    expect(offerSms.body).toContain(`Reply A${code} to accept, D${code} to decline.`);

    const answer = await textApp(stack, first.phone as string, `a ${code}`);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/xml/);
    expect(answer.message).toBe(WON);
    expect(await stack.stores.requests.getAssignee(requestId)).toBe(first.id);
    expect((await stack.stores.requests.getById(requestId))?.phase).toBe('assigned');
    expect(await eventsOf(requestId, 'sms-reply')).toEqual([
      expect.objectContaining({ data: { counselorId: first.id, action: 'accept', result: 'won' } }),
    ]);

    const secondCode = await offerSent(requestId, second);
    expect((await textApp(stack, second.phone as string, `YES ${secondCode}`)).message).toBe(TAKEN);
    expect(await stack.stores.requests.getAssignee(requestId)).toBe(first.id);
  });

  it('declines with a signed reply, and the counselor who declined gets no later wave', async () => {
    const policy: DispatchPolicy = {
      ...FAST_POLICY,
      waves: [
        { channel: 'sms', wait: '2s' },
        { channel: 'email', wait: '30s' },
      ],
    };
    const ws = await createWorkspace(stack.stores, policy);
    const [decliner, other] = [await createCounselor(stack.stores, ws), await createCounselor(stack.stores, ws)];
    const requestId = await submit(ws);
    const code = await offerSent(requestId, decliner);
    await offerSent(requestId, other);

    const answer = await textApp(stack, decliner.phone as string, `no${code}`);
    expect(answer.message).toBe(DECLINED);
    expect((await stack.stores.offers.getFor(requestId, decliner.id))?.status).toBe('declined');

    // The email wave reaches the other counselor, not the one who declined.
    await waitFor(
      'the email wave',
      async () => {
        const waves = await eventsOf(requestId, 'wave-sent');
        expect(waves.map((e) => e.data.channel)).toEqual(['sms', 'email']);
        expect(waves[1].data).toMatchObject({ sent: 1 });
      },
      20_000,
    );
    expect(await stack.stores.devOutbox.list({ to: other.email, kind: 'email' })).toHaveLength(1);
    expect(await stack.stores.devOutbox.list({ to: decliner.email })).toHaveLength(0);
    expect(await smsTo(stack.stores, [decliner.phone as string])).toHaveLength(1);
  });

  it('refuses forged, missing and misapplied signatures with 403 and changes nothing', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const requestId = await submit(ws);
    const code = await offerSent(requestId, counselor);
    const url = `${stack.config.publicBaseUrl}/webhooks/twilio/sms`;
    const params = (sid: string, body = `A${code}`) => ({
      MessageSid: sid,
      AccountSid: stack.config.twilio.accountSid,
      From: counselor.phone as string,
      To: '+15005550006',
      Body: body,
    });
    const sids = [newMessageSid(), newMessageSid(), newMessageSid(), newMessageSid()];

    const forged = twilio.getExpectedTwilioSignature('not-the-auth-token-0000', url, params(sids[0]));
    const res = [
      await postTwilioForm(stack, '/webhooks/twilio/sms', params(sids[0]), { signature: forged }),
      await postTwilioForm(stack, '/webhooks/twilio/sms', params(sids[1]), { signature: null }),
      // Signed for another body: the text was changed on the way.
      await postTwilioForm(stack, '/webhooks/twilio/sms', params(sids[2]), {
        signature: twilio.getExpectedTwilioSignature(stack.config.twilio.authToken, url, params(sids[2], 'hello')),
      }),
      // Signed for another address.
      await postTwilioForm(stack, '/webhooks/twilio/sms', params(sids[3]), {
        signature: twilio.getExpectedTwilioSignature(
          stack.config.twilio.authToken,
          `${stack.config.publicBaseUrl}/webhooks/twilio/status`,
          params(sids[3]),
        ),
      }),
    ];
    expect(res.map((r) => r.status)).toEqual([403, 403, 403, 403]);

    expect(await stack.stores.requests.getAssignee(requestId)).toBeUndefined();
    expect((await stack.stores.offers.getFor(requestId, counselor.id))?.status).toBe('open');
    expect(await stack.db('sms_inbound').whereIn('message_sid', sids)).toHaveLength(0);
    expect(await eventsOf(requestId, 'sms-reply')).toHaveLength(0);
    // A forged STOP stops nothing either.
    await postTwilioForm(
      stack,
      '/webhooks/twilio/sms',
      { ...params(newMessageSid()), Body: 'STOP' },
      { signature: forged },
    );
    const [reach] = await stack.stores.users.getReachability([counselor.id]);
    expect(reach.smsStopped).toBe(false);
  });
});

describe('reply codes', () => {
  it('gives each phone the smallest free code, lists the codes for a bare A, and reuses a code once its offer closed', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const phone = counselor.phone as string;

    const first = await submit(ws);
    expect(await offerSent(first, counselor)).toBe(1);
    const second = await submit(ws);
    expect(await offerSent(second, counselor)).toBe(2);

    // Two open offers: a bare A cannot know which one, so the answer lists them.
    const choose = await textApp(stack, phone, 'A');
    expect(choose.message).toBe(
      'You have several open offers: A1 (General support), A2 (General support). Reply A and the number to accept, e.g. A1.',
    );
    expect(await stack.stores.requests.getAssignee(first)).toBeUndefined();
    expect(await stack.stores.requests.getAssignee(second)).toBeUndefined();

    expect((await textApp(stack, phone, 'A1')).message).toBe(WON);
    expect(await stack.stores.requests.getAssignee(first)).toBe(counselor.id);

    // Code 1 is free again (its offer closed); code 2 is still held by the open offer.
    const third = await submit(ws);
    expect(await offerSent(third, counselor)).toBe(1);
    const thirdSms = (await smsTo(stack.stores, [phone])).find((m) => m.body.includes('Reply A1 to accept'));
    expect(thirdSms).toBeDefined();

    // D2 declines the second; then the third is the only open offer and a bare YES accepts it.
    expect((await textApp(stack, phone, 'D2')).message).toBe(DECLINED);
    expect((await stack.stores.offers.getFor(second, counselor.id))?.status).toBe('declined');
    expect((await textApp(stack, phone, 'yes')).message).toBe(WON);
    expect(await stack.stores.requests.getAssignee(third)).toBe(counselor.id);
    // Nothing open now.
    expect((await textApp(stack, phone, 'A')).message).toBe('You have no open offers right now. Thank you.');
  });
});

describe('carrier keywords', () => {
  it('STOP ends texts to that phone for later requests and START resumes them', async () => {
    const ws = await createWorkspace(stack.stores);
    const stopper = await createCounselor(stack.stores, ws);
    const other = await createCounselor(stack.stores, ws);
    const phone = stopper.phone as string;
    const before = await submit(ws);
    await offerSent(before, stopper);

    const stop = await textApp(stack, phone, 'Stop');
    expect(stop.message).toBe('You will get no more texts from us. Reply START to resume.');
    expect((await stack.stores.users.getReachability([stopper.id]))[0].smsStopped).toBe(true);
    // The coordinator sees it on the requests this counselor was offered.
    expect(await eventsOf(before, 'sms-stopped')).toEqual([
      expect.objectContaining({ data: { counselorId: stopper.id } }),
    ]);

    const during = await submit(ws);
    await offerSent(during, other);
    const [wave] = await waitFor(
      'the wave',
      async () => {
        const waves = await eventsOf(during, 'wave-sent');
        if (waves.length === 0) throw new Error('no wave yet');
        return waves;
      },
      20_000,
    );
    expect(wave.data).toMatchObject({ sent: 1, skipped: 1 });
    expect(await smsTo(stack.stores, [phone])).toHaveLength(1);

    const start = await textApp(stack, phone, 'START');
    expect(start.message).toBe('Texts resumed. Reply HELP for help.');
    expect((await stack.stores.users.getReachability([stopper.id]))[0].smsStopped).toBe(false);
    const after = await submit(ws);
    await offerSent(after, stopper);
    expect(await smsTo(stack.stores, [phone])).toHaveLength(2);
  });

  it.each([['STOPALL'], ['unsubscribe'], ['CANCEL'], ['end'], ['QUIT']])('treats %s as STOP', async (word) => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    await textApp(stack, counselor.phone as string, word);
    expect((await stack.stores.users.getReachability([counselor.id]))[0].smsStopped).toBe(true);
    await textApp(stack, counselor.phone as string, 'unstop');
    expect((await stack.stores.users.getReachability([counselor.id]))[0].smsStopped).toBe(false);
  });

  it("answers in the counselor's preferred language", async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws, { languages: ['ru', 'en'] });
    await stack.stores.users.updateProfile(counselor.id, { preferredLanguage: 'ru' });
    const requestId = await submit(ws);
    const code = await offerSent(requestId, counselor);
    expect((await textApp(stack, counselor.phone as string, 'HELP')).message).toBe(
      'Otvette A i nomer, chtoby prinyat (naprimer A12), D i nomer, chtoby otkazatsya. STOP - pauza.',
    );
    expect((await textApp(stack, counselor.phone as string, `Д${code}`)).message).toBe('Otkaz prinyat. Spasibo.');
  });

  it('answers HELP and INFO with the help text', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    expect((await textApp(stack, counselor.phone as string, 'HELP')).message).toBe(HELP);
    expect((await textApp(stack, counselor.phone as string, 'info')).message).toBe(HELP);
  });
});

describe('what the app cannot read', () => {
  it('answers garbage with the help text, and a second within five minutes with nothing', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const phone = counselor.phone as string;
    expect((await textApp(stack, phone, 'hello, is this the right number?')).message).toBe(HELP);
    const second = await textApp(stack, phone, 'hello??');
    expect(second.status).toBe(200);
    expect(second.message).toBeNull();
    expect(second.twiml).toContain('<Response/>');
    // A code that names no offer is an error too, and the sender already had their answer.
    expect((await textApp(stack, phone, 'A77')).message).toBeNull();
    // HELP is always answered: carriers require it.
    expect((await textApp(stack, phone, 'HELP')).message).toBe(HELP);
  });

  it('tells a number it does not know nothing about any request: empty answers, a generic text for HELP', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const requestId = await submit(ws);
    await offerSent(requestId, counselor);
    const stranger = uniquePhone();
    for (const text of ['A1', '1', 'YES', 'D1', 'STOP', 'START', 'hello']) {
      const answer = await textApp(stack, stranger, text);
      expect(answer.status).toBe(200);
      expect(answer.message).toBeNull();
    }
    expect((await textApp(stack, stranger, 'HELP')).message).toBe(HELP);
    expect((await stack.stores.offers.getFor(requestId, counselor.id))?.status).toBe('open');
    expect(await stack.stores.requests.getAssignee(requestId)).toBeUndefined();
    expect(await stack.db('sms_reply_throttle').where({ phone: stranger })).toHaveLength(0);
  });
});

describe('Twilio retrying a webhook', () => {
  it('processes the same MessageSid once and answers the retry the same way', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const requestId = await submit(ws);
    const code = await offerSent(requestId, counselor);
    const messageSid = newMessageSid();

    const first = await textApp(stack, counselor.phone as string, `A${code}`, { messageSid });
    const retry = await textApp(stack, counselor.phone as string, `A${code}`, { messageSid });
    expect(first.message).toBe(WON);
    expect(retry.twiml).toBe(first.twiml);
    expect(await eventsOf(requestId, 'sms-reply')).toHaveLength(1);
    const [{ count }] = await stack.db('assignments').where({ request_id: requestId }).count();
    expect(Number(count)).toBe(1);

    // Garbage retried is still one message: the retry gets the same help text, not the throttled silence.
    const other = await createCounselor(stack.stores, ws);
    const garbageSid = newMessageSid();
    const garbage = await textApp(stack, other.phone as string, 'what is this', { messageSid: garbageSid });
    const garbageRetry = await textApp(stack, other.phone as string, 'what is this', { messageSid: garbageSid });
    expect(garbage.message).toBe(HELP);
    expect(garbageRetry.message).toBe(HELP);
  });
});

describe('the engine is slow', () => {
  it('answers an accept at once while no worker runs, and confirms it by SMS exactly once when the worker is back', async () => {
    const ws = await createWorkspace(stack.stores);
    const counselor = await createCounselor(stack.stores, ws);
    const phone = counselor.phone as string;
    const requestId = await submit(ws);
    const code = await offerSent(requestId, counselor);
    const messageSid = newMessageSid();

    await stack.stopWorker();
    try {
      const started = Date.now();
      const answer = await textApp(stack, phone, `A${code}`, { messageSid });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(answer.message).toBe(PENDING);
      // Twilio's retry of the same webhook stores the reply once and hears the same.
      expect((await textApp(stack, phone, `A${code}`, { messageSid })).message).toBe(PENDING);
      expect(await stack.db('sms_inbox').where({ message_sid: messageSid })).toHaveLength(1);
      // Kept for this engine's workers: the request's task queue.
      expect(await stack.stores.sms.getInboxItem(messageSid)).toMatchObject({
        action: 'accept',
        status: 'pending',
        taskQueue: stack.config.temporal.taskQueue,
      });
      expect(await stack.stores.requests.getAssignee(requestId)).toBeUndefined();
    } finally {
      await stack.startWorker();
    }

    await waitFor(
      'the accept to go through',
      async () => {
        if ((await stack.stores.requests.getAssignee(requestId)) !== counselor.id) throw new Error('not assigned');
      },
      30_000,
    );
    await waitFor(
      'the inbox to be drained',
      async () => {
        const item = await stack.stores.sms.getInboxItem(messageSid);
        if (item?.status !== 'done') throw new Error(`still ${item?.status}`);
        expect(item.result).toBe('won');
      },
      30_000,
    );
    const outcomes = (await smsTo(stack.stores, [phone])).filter((m) => m.body === WON);
    expect(outcomes).toHaveLength(1);
    const [ledger] = await stack
      .db('notifications')
      .where({ request_id: requestId, user_id: counselor.id, purpose: `inbox-${messageSid}` });
    expect(ledger).toMatchObject({ status: 'sent' });
  });
});
