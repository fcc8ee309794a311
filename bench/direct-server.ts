// The floor: the same intake, match and SMS with no workflow engine. One Express handler validates the request
// like the API (api/intake/form.ts), stores it with one insert, runs the one matching query and sends every
// SMS at once through the same twilio SDK sender the worker uses. Accept is one INSERT ... ON CONFLICT.
// Started by bench/run.ts as its own process, like the API.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { parseIntake } from '../api/intake/form';
import { createTwilioSmsSender } from '../notifications/channels/sms';
import { render, smsLanguage, smsTopic, smsUrgent } from '../notifications/catalogue';
import { createDb, hashToken, newToken } from '../db';
import { encryptJson } from '../db/secrets';
import { languageName, TOPIC_LABELS } from '../domain/vocabulary';
import type { Topic } from '../domain/types';
import { directMatch } from './direct-match';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

async function main() {
  const db = createDb(env('DATABASE_URL'));
  const dataKey = Buffer.from(env('DATA_KEY'), 'hex');
  const publicBaseUrl = env('PUBLIC_BASE_URL');
  const sms = createTwilioSmsSender({
    accountSid: env('TWILIO_ACCOUNT_SID'),
    authToken: env('TWILIO_AUTH_TOKEN'),
    from: env('TWILIO_FROM'),
    apiBase: env('TWILIO_API_BASE'),
    statusCallbackUrl: `${publicBaseUrl}/webhooks/twilio/status`,
  });
  const workspaces = new Map<string, string>();
  const tokens = new Map<string, { requestId: string; counselorId: string }>();
  /** sid, request id: what the bench reads to attribute each SMS at the sink to its request. */
  const sent: Array<[string, string]> = [];
  let failures = 0;

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '32kb' }));

  app.post('/api/requests', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.workspace !== 'string') {
      res.status(400).json({ error: 'workspace is required' });
      return;
    }
    let workspaceId = workspaces.get(body.workspace);
    if (!workspaceId) {
      const row = await db('workspaces').where({ slug: body.workspace }).first('id');
      if (!row) {
        res.status(404).json({ error: 'no such workspace' });
        return;
      }
      workspaceId = row.id as string;
      workspaces.set(body.workspace, workspaceId);
    }
    const parsed = parseIntake(body);
    if (!parsed.ok) {
      res.status(400).json({ error: 'Invalid request', fields: parsed.errors });
      return;
    }
    const input = parsed.value;
    const id = randomUUID();
    const urgent = input.safety === 'yes';
    await db('help_requests').insert({
      id,
      workspace_id: workspaceId,
      language: input.language,
      topic: input.topic,
      lived_experience: input.livedExperience,
      safety: input.safety,
      urgent,
      contact_enc: encryptJson(dataKey, { email: input.email, phone: input.phone, message: input.message }),
      status_token_hash: hashToken(newToken()),
      phase: 'offering',
    });
    const people = await directMatch(db, {
      workspaceId,
      language: input.language,
      topics: [input.topic],
      livedExperience: input.livedExperience,
    });
    res.status(201).json({ id, matched: people.length });
    await Promise.all(
      people.map(async (p) => {
        if (!p.phone) return;
        const lang = p.preferred_language ?? 'en';
        const token = newToken();
        tokens.set(token, { requestId: id, counselorId: p.user_id });
        const { body: text } = render('offer.sms', lang, {
          topic: lang === 'en' ? TOPIC_LABELS[input.topic as Topic] : smsTopic(input.topic, lang),
          language: smsLanguage(input.language, lang, languageName(input.language)),
          urgent: urgent ? smsUrgent(lang) : '',
          code: '1',
          link: ` ${publicBaseUrl}/o/${token}`,
        });
        try {
          const { providerId } = await sms.send({ to: p.phone, body: text, validitySeconds: 1200 });
          sent.push([providerId, id]);
        } catch {
          failures += 1;
        }
      }),
    );
  });

  app.post('/o/:token/accept', async (req, res) => {
    const t = tokens.get(req.params.token);
    if (!t) {
      res.status(404).send('<h1>This link is not valid.</h1>');
      return;
    }
    const rows = await db('assignments')
      .insert({ request_id: t.requestId, counselor_id: t.counselorId })
      .onConflict('request_id')
      .ignore()
      .returning('counselor_id');
    const result = rows.length === 1 ? 'won' : 'taken';
    res.type('html').send(`<h1 data-result="${result}">${result}</h1>`);
  });

  app.get('/bench/sent', (req, res) => {
    const from = Number(req.query.from ?? 0);
    res.json({ next: sent.length, sent: sent.slice(from), failures });
  });
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  const port = Number(env('PORT'));
  const server = app.listen(port, '127.0.0.1', () => console.log(`direct: listening on ${port}`));
  const stop = () => {
    server.close(() => {
      void db.destroy().then(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
