// The set-based writes one wave of offers makes: the send-once ledger's claims and the offers with their reply codes.
import { randomBytes, randomUUID } from 'node:crypto';
import { type Workspace } from '../../db';
import { createCounselor, createWorkspace, FAST_POLICY, uniquePhone } from '../helpers/stack';
import { storeRequest } from '../helpers/stored-requests';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();

/** A request as the intake stores it, with the workflow input its outbox row would start. */
function storedRequest(ws: Workspace): Promise<string> {
  const id = randomUUID();
  return storeRequest(testDb.stores, ws.id, {
    id,
    workflowInput: { requestId: id, urgent: false, policy: FAST_POLICY },
  });
}

const ledgerKey = (purpose: string) => ({
  key: `test:${randomBytes(6).toString('hex')}:${purpose}`,
  requestId: null,
  userId: null,
  channel: 'sms' as const,
  purpose,
});

describe('claiming a batch of notification keys', () => {
  it('claims new and failed keys, never a sent one, and leaves one still sending in doubt', async () => {
    const [sent, failed, sending, fresh] = ['sent', 'failed', 'sending', 'fresh'].map(ledgerKey);
    expect(await testDb.stores.notifications.claimMany([sent, failed, sending])).toEqual([
      'claimed',
      'claimed',
      'claimed',
    ]);
    await testDb.stores.notifications.markSentMany([{ key: sent.key, providerId: 'SM-test' }]);
    await testDb.stores.notifications.markFailedMany([{ key: failed.key, error: 'refused' }]);

    const again = await testDb.stores.notifications.claimMany([sent, failed, sending, fresh]);
    expect(again).toEqual(['already-sent', 'claimed', 'in-doubt', 'claimed']);
    const rows = await testDb
      .db('notifications')
      .whereIn('idempotency_key', [sent.key, failed.key, sending.key, fresh.key])
      .select('idempotency_key', 'status', 'attempts');
    const byKey = Object.fromEntries(rows.map((r) => [r.idempotency_key, [r.status, r.attempts]]));
    expect(byKey).toEqual({
      [sent.key]: ['sent', 1],
      [failed.key]: ['sending', 2],
      [sending.key]: ['sending', 1],
      [fresh.key]: ['sending', 1],
    });
  });

  it('refuses the same key twice in one batch and claims nothing', async () => {
    const k = ledgerKey('twice');
    await expect(testDb.stores.notifications.claimMany([k, k])).rejects.toThrow(/twice/);
    expect(await testDb.db('notifications').where({ idempotency_key: k.key }).first()).toBeUndefined();
  });

  it('records body hashes and provider ids per key', async () => {
    const [a, b] = ['a', 'b'].map(ledgerKey);
    await testDb.stores.notifications.claimMany([a, b]);
    await testDb.stores.notifications.setBodyHashes([
      { key: a.key, bodyHash: 'hash-a' },
      { key: b.key, bodyHash: 'hash-b' },
    ]);
    expect((await testDb.stores.notifications.inDoubt(b.key))?.bodyHash).toBe('hash-b');
    await testDb.stores.notifications.markSentMany([
      { key: a.key, providerId: 'SM-a' },
      { key: b.key, providerId: 'SM-b' },
    ]);
    const row = (key: string) => testDb.db('notifications').where({ idempotency_key: key }).first();
    expect(await row(a.key)).toMatchObject({ status: 'sent', provider_id: 'SM-a', body_hash: 'hash-a' });
    expect(await row(b.key)).toMatchObject({ status: 'sent', provider_id: 'SM-b', body_hash: 'hash-b' });
  });
});

describe('opening a wave of offers', () => {
  it('gives two counselors who share one phone different reply codes, the smallest free ones for that phone', async () => {
    const ws = await createWorkspace(testDb.stores);
    const phone = uniquePhone();
    const [a, b, c] = [
      await createCounselor(testDb.stores, ws),
      await createCounselor(testDb.stores, ws),
      await createCounselor(testDb.stores, ws),
    ];
    // An open offer of another request already holds code 1 on that phone.
    const earlier = await storedRequest(ws);
    const held = await testDb.stores.offers.openWithToken({
      requestId: earlier,
      counselorId: c.id,
      wave: 1,
      channel: 'sms',
      phone,
    });
    expect(held.offer.replyCode).toBe(1);

    const requestId = await storedRequest(ws);
    const opened = await testDb.stores.offers.openManyWithTokens({
      requestId,
      wave: 1,
      channel: 'sms',
      recipients: [
        { counselorId: a.id, phone },
        { counselorId: b.id, phone },
      ],
    });
    expect(opened.map((o) => [o.offer.counselorId, o.offer.replyCode, o.offer.status])).toEqual([
      [a.id, 2, 'open'],
      [b.id, 3, 'open'],
    ]);
    expect(new Set(opened.map((o) => o.token)).size).toBe(2);
    for (const o of opened) expect((await testDb.stores.offers.getByToken(o.token))?.id).toBe(o.offer.id);
    expect((await testDb.stores.offers.listOpenForPhone(phone)).map((o) => o.replyCode)).toEqual([1, 2, 3]);

    // Code 1 is free again once its offer closes: the next offer to that phone gets it.
    expect(await testDb.stores.offers.decline(held.offer.id)).toBe(true);
    const d = await createCounselor(testDb.stores, ws);
    const [next] = await testDb.stores.offers.openManyWithTokens({
      requestId,
      wave: 2,
      channel: 'sms',
      recipients: [{ counselorId: d.id, phone }],
    });
    expect(next.offer.replyCode).toBe(1);
  });

  it('stores each offer with its link in one statement: every link opens its own offer, and a failed open leaves neither', async () => {
    const ws = await createWorkspace(testDb.stores);
    const [a, b] = [await createCounselor(testDb.stores, ws), await createCounselor(testDb.stores, ws)];
    const requestId = await storedRequest(ws);
    const sql: string[] = [];
    const listener = (q: { sql: string }) => sql.push(q.sql);
    testDb.db.on('query', listener);
    let opened;
    try {
      opened = await testDb.stores.offers.openManyWithTokens({
        requestId,
        wave: 1,
        channel: 'email',
        recipients: [{ counselorId: a.id }, { counselorId: b.id }],
      });
    } finally {
      testDb.db.removeListener('query', listener);
    }
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/insert into offer_links/);
    for (const o of opened)
      expect((await testDb.stores.offers.getByToken(o.token))?.counselorId).toBe(o.offer.counselorId);
    // A counselor who does not exist: the offers' insert fails, and no link is left behind for anyone.
    const before = await testDb.db('offer_links').count<{ count: string }[]>('* as count');
    await expect(
      testDb.stores.offers.openManyWithTokens({
        requestId: await storedRequest(ws),
        wave: 1,
        channel: 'email',
        recipients: [{ counselorId: a.id }, { counselorId: randomUUID() }],
      }),
    ).rejects.toThrow(/foreign key/);
    expect(await testDb.db('offer_links').count<{ count: string }[]>('* as count')).toEqual(before);
  });

  it('keeps an offer’s code on a second wave and mints a new working link, the old one still working', async () => {
    const ws = await createWorkspace(testDb.stores);
    const a = await createCounselor(testDb.stores, ws);
    const requestId = await storedRequest(ws);
    const input = { requestId, channel: 'sms', recipients: [{ counselorId: a.id, phone: a.phone }] };
    const [first] = await testDb.stores.offers.openManyWithTokens({ ...input, wave: 1 });
    const [second] = await testDb.stores.offers.openManyWithTokens({ ...input, wave: 1 });
    expect(second.offer.id).toBe(first.offer.id);
    expect(second.offer.replyCode).toBe(first.offer.replyCode);
    expect(second.token).not.toBe(first.token);
    expect((await testDb.stores.offers.getByToken(first.token))?.id).toBe(first.offer.id);
    expect((await testDb.stores.offers.getByToken(second.token))?.id).toBe(first.offer.id);
  });

  it('gives an offer reopened after a refusal a free code, when its old one went to another request meanwhile', async () => {
    const ws = await createWorkspace(testDb.stores);
    const [x, y] = [await createCounselor(testDb.stores, ws), await createCounselor(testDb.stores, ws)];
    const phone = x.phone as string;
    const first = await storedRequest(ws);
    const [before] = await testDb.stores.offers.openManyWithTokens({
      requestId: first,
      wave: 1,
      channel: 'sms',
      recipients: [{ counselorId: x.id, phone }],
    });
    expect(before.offer.replyCode).toBe(1);
    // Y takes the first request: X's offer closes and code 1 is free; X's next request gets it.
    expect((await testDb.stores.requests.recordAssignment(first, y.id, null)).outcome).toBe('recorded');
    const second = await storedRequest(ws);
    const [other] = await testDb.stores.offers.openManyWithTokens({
      requestId: second,
      wave: 1,
      channel: 'sms',
      recipients: [{ counselorId: x.id, phone }],
    });
    expect(other.offer.replyCode).toBe(1);

    // Y refuses: the first request goes back to dispatch and X is offered it again.
    await testDb.stores.requests.reopenAfterRefusal(first, y.id, 'assignment-refused');
    const [again] = await testDb.stores.offers.openManyWithTokens({
      requestId: first,
      wave: 1,
      channel: 'sms',
      recipients: [{ counselorId: x.id, phone }],
    });
    expect([again.offer.id, again.offer.status, again.offer.replyCode]).toEqual([before.offer.id, 'open', 2]);
    expect((await testDb.stores.offers.listOpenForPhone(phone)).map((o) => [o.requestId, o.replyCode])).toEqual([
      [second, 1],
      [first, 2],
    ]);
  });

  it('gives the smallest free code to a new counselor on a phone whose other offer keeps its code, and one to an offer first sent by email', async () => {
    const ws = await createWorkspace(testDb.stores);
    const phone = uniquePhone();
    const [a, b, c] = [
      await createCounselor(testDb.stores, ws),
      await createCounselor(testDb.stores, ws),
      await createCounselor(testDb.stores, ws),
    ];
    const requestId = await storedRequest(ws);
    const [first] = await testDb.stores.offers.openManyWithTokens({
      requestId,
      wave: 1,
      channel: 'sms',
      recipients: [{ counselorId: a.id, phone }],
    });
    expect(first.offer.replyCode).toBe(1);
    // C's offer went by email first: no phone, no code.
    const [byEmail] = await testDb.stores.offers.openManyWithTokens({
      requestId,
      wave: 1,
      channel: 'email',
      recipients: [{ counselorId: c.id }],
    });
    expect([byEmail.offer.phone, byEmail.offer.replyCode]).toEqual([null, null]);
    // The next wave: A keeps 1, B (same phone) and C (now by SMS) get the next free ones, in input order.
    const again = await testDb.stores.offers.openManyWithTokens({
      requestId,
      wave: 2,
      channel: 'sms',
      recipients: [
        { counselorId: a.id, phone },
        { counselorId: b.id, phone },
        { counselorId: c.id, phone },
      ],
    });
    expect(again.map((o) => [o.offer.counselorId, o.offer.replyCode])).toEqual([
      [a.id, 1],
      [b.id, 2],
      [c.id, 3],
    ]);
    expect(again[2].offer.id).toBe(byEmail.offer.id);
    // An email wave after that leaves the SMS codes as they are.
    const [emailAgain] = await testDb.stores.offers.openManyWithTokens({
      requestId,
      wave: 3,
      channel: 'email',
      recipients: [{ counselorId: a.id }],
    });
    expect([emailAgain.offer.phone, emailAgain.offer.replyCode]).toEqual([phone, 1]);
  });

  it('opens offers born taken, without a reply code, once the request has a winner', async () => {
    const ws = await createWorkspace(testDb.stores);
    const [winner, late] = [await createCounselor(testDb.stores, ws), await createCounselor(testDb.stores, ws)];
    const requestId = await storedRequest(ws);
    expect((await testDb.stores.requests.recordAssignment(requestId, winner.id, null)).outcome).toBe('recorded');
    const [opened] = await testDb.stores.offers.openManyWithTokens({
      requestId,
      wave: 2,
      channel: 'sms',
      recipients: [{ counselorId: late.id, phone: late.phone }],
    });
    expect(opened.offer.status).toBe('taken');
    expect(opened.offer.replyCode).toBeNull();
    expect(await testDb.stores.offers.listOpenForPhone(late.phone as string)).toEqual([]);
  });
});

describe('settling sends in doubt', () => {
  it('gives one provider message to one ledger row, when two settle on it at the same moment', async () => {
    // Two "covered" texts to one counselor (the same words, for two requests), both left in doubt by a killed
    // worker; the provider holds one message with those words. Both retries find it at once: only one may take it.
    for (let round = 0; round < 30; round++) {
      const pair = ['covered-a', 'covered-b'].map(ledgerKey);
      expect(await testDb.stores.notifications.claimMany(pair)).toEqual(['claimed', 'claimed']);
      const providerId = `SM-race-${randomBytes(8).toString('hex')}`;
      const taken = await Promise.all(pair.map((k) => testDb.stores.notifications.markSentIfUnheld(k.key, providerId)));
      expect(taken.filter(Boolean)).toHaveLength(1);
      const holders = await testDb.db('notifications').where({ provider_id: providerId }).count({ n: '*' });
      expect(Number(holders[0].n)).toBe(1);
    }
  });
});
