// The bench's own Twilio-compatible Messages endpoint: the same path, auth check and JSON answer as the dev sink
// (api/dev/routes.ts), but it records a high-resolution arrival time per message in memory instead of writing
// to dev_outbox, so "the SMS reached the provider" is timed on the same clock as the submit.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface SinkMessage {
  sid: string;
  to: string;
  body: string;
  /** performance.now() when the request's headers arrived. */
  at: number;
}

export interface TwilioSink {
  port: number;
  /** Base URL for TWILIO_API_BASE. */
  apiBase: string;
  messages: SinkMessage[];
  bySid: Map<string, SinkMessage>;
  /** Rejected calls (bad auth, bad number): should stay 0. */
  rejected: number;
  close(): Promise<void>;
}

const PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

export async function startTwilioSink(opts: { accountSid: string; authToken: string }): Promise<TwilioSink> {
  const expectedAuth = 'Basic ' + Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64');
  const messages: SinkMessage[] = [];
  const bySid = new Map<string, SinkMessage>();
  const sink = { rejected: 0 };

  const server = http.createServer((req, res) => {
    const at = performance.now();
    const m = PATH.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":404}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (m[1] !== opts.accountSid || req.headers.authorization !== expectedAuth) {
        sink.rejected += 1;
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
        return;
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To') ?? '';
      if (!/^\+[1-9]\d{6,14}$/.test(to)) {
        sink.rejected += 1;
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 }),
        );
        return;
      }
      const sid = 'SM' + randomBytes(16).toString('hex');
      const msg: SinkMessage = { sid, to, body: form.get('Body') ?? '', at };
      messages.push(msg);
      bySid.set(sid, msg);
      const from = form.get('From');
      const mss = form.get('MessagingServiceSid');
      const now = new Date().toUTCString();
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          sid,
          account_sid: opts.accountSid,
          to,
          from,
          messaging_service_sid: mss,
          body: msg.body,
          status: 'queued',
          num_segments: '1',
          direction: 'outbound-api',
          api_version: '2010-04-01',
          date_created: now,
          date_updated: now,
          uri: `/2010-04-01/Accounts/${opts.accountSid}/Messages/${sid}.json`,
        }),
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    apiBase: `http://127.0.0.1:${port}`,
    messages,
    bySid,
    get rejected() {
      return sink.rejected;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
