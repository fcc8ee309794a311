// Embedded mode only: a Twilio-compatible Messages endpoint that records what the real SDK sent and reports
// delivery like Twilio does, fault injection for tests, and the outbox page.
import { createHash, randomBytes } from 'node:crypto';
import { Router } from 'express';
import twilioSdk from 'twilio';
import { z } from 'zod';
import type { Stores } from '../../db';
import { outboxPage } from './view';
import { allow, RULES } from '../auth/access-policy';

export interface TwilioSinkSettings {
  accountSid: string;
  authToken: string;
  /** The sink's one phone number (the configured sender), as the account's incoming numbers list it. */
  from?: string;
}

/**
 * How the sink answers one coming Messages request instead of accepting it at once: an HTTP error (429 with
 * Retry-After, 500, ...), a slow answer, or an accepted message whose receipts say something else.
 */
const sinkFault = z.object({
  /** Only a message to this number takes the fault (others pass it by); any message when absent. */
  to: z.string().optional(),
  status: z.number().int().min(400).max(599).optional(),
  /** Seconds, sent as Retry-After. */
  retryAfter: z.number().min(0).optional(),
  /** Twilio's error code in the error body. */
  code: z.number().int().optional(),
  /** Waits this long before answering (the message is accepted first, as a provider that is slow to answer). */
  delayMs: z.number().int().min(0).max(120_000).optional(),
  /** Holds the message this long before accepting it (a provider that has not taken it yet: it is recorded then). */
  holdMs: z.number().int().min(0).max(120_000).optional(),
  /** The statuses posted to the StatusCallback, in order; default sent then delivered. [] posts none. */
  callbacks: z.array(z.enum(['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed'])).optional(),
  /** ErrorCode with a failed or undelivered receipt. */
  errorCode: z.number().int().optional(),
});
type SinkFault = z.infer<typeof sinkFault>;
const faultsBody = z.object({ responses: z.array(sinkFault).max(100) });

export function devRoutes(deps: { stores: Stores; twilio: TwilioSinkSettings }): Router {
  const { stores, twilio } = deps;
  const router = Router();
  const faults: SinkFault[] = [];
  const sink = allow(RULES.devSink);

  /** The first queued fault for this recipient, taken off the queue. */
  function takeFault(to: string): SinkFault | undefined {
    const i = faults.findIndex((f) => f.to === undefined || f.to === to);
    return i < 0 ? undefined : faults.splice(i, 1)[0];
  }

  router.post('/dev/twilio/faults', sink, (req, res) => {
    const parsed = faultsBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'Expected { "responses": [ { "status": 500 }, { "delayMs": 15000 }, ... ] }' });
      return;
    }
    faults.push(...parsed.data.responses);
    res.json({ queued: faults.length });
  });

  router.delete('/dev/twilio/faults', sink, (_req, res) => {
    faults.length = 0;
    res.json({ queued: 0 });
  });

  const authorised = (sid: string, authorization: string | undefined) =>
    sid === twilio.accountSid &&
    authorization === 'Basic ' + Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64');

  // Twilio's account resource, as the SDK's api.accounts(sid).fetch() reads it (`npm run doctor` asks it).
  router.get('/dev/twilio/2010-04-01/Accounts/:sid.json', sink, (req, res) => {
    if (!authorised(req.params.sid, req.headers.authorization)) {
      res.status(401).json({ code: 20003, message: 'Authenticate', status: 401 });
      return;
    }
    const at = new Date().toUTCString();
    res.json({
      sid: twilio.accountSid,
      owner_account_sid: twilio.accountSid,
      friendly_name: 'Local Twilio sink',
      status: 'active',
      type: 'Full',
      date_created: at,
      date_updated: at,
      uri: `/2010-04-01/Accounts/${twilio.accountSid}.json`,
    });
  });

  // The account's phone numbers (filtered by PhoneNumber), as the SDK's incomingPhoneNumbers.list() reads it: the
  // sink owns exactly the configured sender.
  router.get('/dev/twilio/2010-04-01/Accounts/:sid/IncomingPhoneNumbers.json', sink, (req, res) => {
    if (!authorised(req.params.sid, req.headers.authorization)) {
      res.status(401).json({ code: 20003, message: 'Authenticate', status: 401 });
      return;
    }
    const wanted = typeof req.query.PhoneNumber === 'string' ? req.query.PhoneNumber : undefined;
    const owned = twilio.from && (!wanted || wanted === twilio.from) ? [twilio.from] : [];
    const uri = `/2010-04-01/Accounts/${twilio.accountSid}/IncomingPhoneNumbers.json`;
    res.json({
      incoming_phone_numbers: owned.map((n) => ({
        sid: 'PN' + createHash('sha256').update(n).digest('hex').slice(0, 32),
        account_sid: twilio.accountSid,
        phone_number: n,
        friendly_name: n,
        capabilities: { sms: true, mms: false, voice: true, fax: false },
        sms_url: '',
        sms_method: 'POST',
        status: 'in-use',
      })),
      page: 0,
      page_size: 50,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
      uri,
    });
  });

  // Twilio's message list (newest first, filtered by To), as the SDK's messages.list() reads it.
  router.get('/dev/twilio/2010-04-01/Accounts/:sid/Messages.json', sink, async (req, res) => {
    if (!authorised(req.params.sid, req.headers.authorization)) {
      res.status(401).json({ code: 20003, message: 'Authenticate', status: 401 });
      return;
    }
    const to = typeof req.query.To === 'string' ? req.query.To : undefined;
    const pageSize = Math.min(1000, Number(req.query.PageSize ?? 50) || 50);
    // Twilio's `DateSent>` filter (what messages.list({ dateSentAfter }) sends): only messages sent since then.
    const after = typeof req.query['DateSent>'] === 'string' ? new Date(req.query['DateSent>']) : undefined;
    const since = after && !Number.isNaN(after.getTime()) ? after : undefined;
    const sent = (await stores.devOutbox.list({ to, kind: 'sms', limit: pageSize, since })).map((m) => ({
      sid: m.providerId,
      account_sid: twilio.accountSid,
      to: m.to,
      from: m.from,
      body: m.body,
      status: 'sent',
      direction: 'outbound-api',
      date_created: m.receivedAt.toUTCString(),
      date_sent: m.receivedAt.toUTCString(),
      date_updated: m.receivedAt.toUTCString(),
      uri: `/2010-04-01/Accounts/${twilio.accountSid}/Messages/${m.providerId}.json`,
    }));
    const uri = `/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`;
    res.json({
      messages: sent,
      page: 0,
      page_size: pageSize,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
      uri,
    });
  });

  // The same path and form encoding as Twilio's REST API, checked with the same Basic auth.
  router.post('/dev/twilio/2010-04-01/Accounts/:sid/Messages.json', sink, async (req, res) => {
    if (!authorised(req.params.sid, req.headers.authorization)) {
      res.status(401).json({ code: 20003, message: 'Authenticate', status: 401 });
      return;
    }
    const { To, From, MessagingServiceSid, Body } = req.body ?? {};
    if (typeof To !== 'string' || !/^\+[1-9]\d{6,14}$/.test(To)) {
      res
        .status(400)
        .json({ code: 21211, message: `The 'To' number ${String(To)} is not a valid phone number.`, status: 400 });
      return;
    }
    const fault = takeFault(To);
    if (fault?.status) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.retryAfter !== undefined) res.setHeader('Retry-After', String(fault.retryAfter));
      const code = fault.code ?? (fault.status === 429 ? 20429 : fault.status >= 500 ? 20500 : 21000);
      res.status(fault.status).json({ code, message: `Injected fault: HTTP ${fault.status}`, status: fault.status });
      return;
    }
    if (fault?.holdMs) await sleep(fault.holdMs);
    const sid = 'SM' + randomBytes(16).toString('hex');
    await stores.devOutbox.record({
      kind: 'sms',
      to: To,
      from: From ?? MessagingServiceSid ?? null,
      subject: null,
      body: String(Body ?? ''),
      providerId: sid,
    });
    if (fault?.delayMs) await sleep(fault.delayMs);
    const now = new Date().toUTCString();
    const { StatusCallback } = req.body;
    if (typeof StatusCallback === 'string' && StatusCallback) {
      const receipt = { MessageSid: sid, SmsSid: sid, AccountSid: twilio.accountSid, From: From ?? '', To };
      reportDelivery(StatusCallback, receipt, fault?.callbacks ?? ['sent', 'delivered'], fault?.errorCode);
    }
    res.status(201).json({
      sid,
      account_sid: twilio.accountSid,
      to: To,
      from: From ?? null,
      messaging_service_sid: MessagingServiceSid ?? null,
      body: Body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: now,
      date_updated: now,
      uri: `/2010-04-01/Accounts/${twilio.accountSid}/Messages/${sid}.json`,
    });
  });

  router.get('/dev/outbox', sink, async (req, res) => {
    // ?to= narrows the list to one recipient (a phone number or an email address).
    const to = typeof req.query.to === 'string' && req.query.to ? req.query.to : undefined;
    const messages = await stores.devOutbox.list({ to, limit: 100 });
    res.type('html').send(outboxPage(messages));
  });

  /**
   * Posts the receipts to the StatusCallback one after another, a moment after the answer, signed with the
   * auth token as Twilio signs them. Failures are ignored: Twilio does not retry receipts either.
   */
  function reportDelivery(url: string, base: Record<string, string>, statuses: string[], errorCode?: number) {
    void (async () => {
      for (const status of statuses) {
        await sleep(50);
        const failed = status === 'failed' || status === 'undelivered';
        const params: Record<string, string> = {
          ...base,
          MessageStatus: status,
          SmsStatus: status,
          ApiVersion: '2010-04-01',
          ...(failed ? { ErrorCode: String(errorCode ?? 30003) } : {}),
        };
        try {
          await postReceipt(url, params, twilioSdk.getExpectedTwilioSignature(twilio.authToken, url, params));
        } catch {
          return; // the app is gone (a test stack stopping): nothing left to report to
        }
      }
    })();
  }

  return router;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * At most this many receipts in flight, the rest queued in order. Unbounded, every receipt in flight took a
 * connection of its own to the API this sink lives in: under load (two receipts per SMS, thousands of SMS a
 * minute, a busy core) the API's accept queue held 230-380 of its own connections, and the connections of
 * requesters, counselors and the worker's SMS waited behind them until they timed out. fetch keeps the
 * connections of finished receipts alive, so a few connections carry them all.
 */
const RECEIPTS_IN_FLIGHT = 4;
let receiptsInFlight = 0;
const receiptQueue: Array<() => void> = [];

async function postReceipt(url: string, params: Record<string, string>, signature: string): Promise<void> {
  if (receiptsInFlight >= RECEIPTS_IN_FLIGHT) await new Promise<void>((resolve) => receiptQueue.push(resolve));
  else receiptsInFlight += 1;
  try {
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params),
      signal: AbortSignal.timeout(10_000),
    });
  } finally {
    // The slot goes straight to the next receipt in line, or back to the pool.
    const next = receiptQueue.shift();
    if (next) next();
    else receiptsInFlight -= 1;
  }
}
