// Embedded mode only: a Twilio-compatible Messages endpoint that records what the real SDK sent, and the outbox page.
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import type { Stores } from '../../db';
import { html, page } from '../views/html';

export interface TwilioSinkSettings {
  accountSid: string;
  authToken: string;
}

export function devRoutes(deps: { stores: Stores; twilio: TwilioSinkSettings }): Router {
  const { stores, twilio } = deps;
  const router = Router();

  // The same path and form encoding as Twilio's REST API, checked with the same Basic auth.
  router.post('/dev/twilio/2010-04-01/Accounts/:sid/Messages.json', async (req, res) => {
    const expected = 'Basic ' + Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64');
    if (req.params.sid !== twilio.accountSid || req.headers.authorization !== expected) {
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
    const sid = 'SM' + randomBytes(16).toString('hex');
    await stores.outbox.record({
      kind: 'sms',
      to: To,
      from: From ?? MessagingServiceSid ?? null,
      subject: null,
      body: String(Body ?? ''),
      providerId: sid,
    });
    const now = new Date().toUTCString();
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

  router.get('/dev/outbox', async (req, res) => {
    // ?to= narrows the list to one recipient (a phone number or an email address).
    const to = typeof req.query.to === 'string' && req.query.to ? req.query.to : undefined;
    const messages = await stores.outbox.list({ to, limit: 100 });
    res.type('html').send(
      page(
        { title: 'Dev outbox' },
        html`<h1>Dev outbox</h1>
          <p class="muted">Every SMS and email the local sinks received, newest first.</p>
          ${messages.map(
            (m) =>
              html`<div class="card" data-kind="${m.kind}" data-to="${m.to}">
                <p>
                  <strong>${m.kind.toUpperCase()}</strong> to ${m.to} ·
                  ${m.receivedAt.toISOString().slice(11, 19)}${m.subject ? html` · ${m.subject}` : ''}
                </p>
                <pre>${linkify(m.body)}</pre>
              </div>`,
          )}`,
      ),
    );
  });

  return router;
}

/** Escapes the text and turns its URLs into links, so the outbox links can be clicked. */
function linkify(text: string) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return parts.map((p, i) => (i % 2 === 1 ? html`<a href="${p}">${p}</a>` : html`${p}`));
}
