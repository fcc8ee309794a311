// `npm start` and a terminal's Ctrl-C: the SIGINT reaches the whole foreground process group at once, right after
// an accept. The stack stops in order (API, worker draining its sends, Temporal, PostgreSQL last), exits 0, leaves
// no process behind, and after the next start the requester has the "someone accepted" email exactly once; a hard
// kill of that next start leaves nothing running either.
//
// This test runs `npm start` itself (scripts/dev-stack.ts: its own embedded PostgreSQL and Temporal dev server on
// a data directory of its own), not the suite's shared stack: what it tests is that script.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDb, createStores, type Stores } from '../../db';
import { dieWithParent } from '../../scripts/die-with-parent';
import { freePort, waitFor } from '../../scripts/services';
import { acceptLinkIn, submitRequest } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '../..');
// Starting a whole stack (a fresh PostgreSQL cluster, Temporal, the worker's bundle) on a loaded machine is slow.
const START_BOUND = 300_000;
jest.setTimeout(1_200_000);

interface NpmStart {
  child: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'npm-start-'));
chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user when the suite runs as root
const started: NpmStart[] = [];
let db: Knex | undefined;

/** Every process of this stack: the data directory is in its environment (DEV_DATA_DIR) or its arguments. */
function processesOfThisStack(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (environ.includes(`DEV_DATA_DIR=${dataDir}\0`) || args.includes(dataDir)) found.push(`${pid} ${args}`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

async function startStack(ports: Record<string, string>): Promise<NpmStart> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...ports, DEV_DATA_DIR: dataDir };
  // What the suite's own stack set must not steer this one: it starts its own services and sinks.
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_UI_URL', 'SMTP_URL', 'PUBLIC_BASE_URL', 'NODE_ENV'])
    delete env[key];
  for (const key of Object.keys(env)) if (key.startsWith('TWILIO_')) delete env[key];
  // Its own process group, as a terminal runs a foreground job: the SIGINT below goes to the whole group.
  // If jest itself is killed, npm gets a Ctrl-C (SIGINT) and passes it on as below: a killed run leaves no stack.
  const child = spawn(...dieWithParent('npm', ['start'], 'SIGINT'), {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stack = { child, output: () => output, exit };
  started.push(stack);
  await waitFor(
    'npm start to say it is running',
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
      if (!output.includes('Peer Dispatch is running')) throw new Error('not yet');
    },
    START_BOUND,
    250,
  );
  return stack;
}

/** Ctrl-C in the terminal: SIGINT to the whole foreground process group. */
async function ctrlC(stack: NpmStart): Promise<number | null> {
  process.kill(-stack.child.pid!, 'SIGINT');
  return stack.exit;
}

afterAll(async () => {
  await db?.destroy();
  for (const stack of started) {
    if (stack.child.exitCode === null && stack.child.signalCode === null) {
      await ctrlC(stack);
    }
  }
  await waitFor('the stack to be gone before its data goes', async () => {
    if (processesOfThisStack().length) throw new Error('still running');
  });
  rmSync(dataDir, { recursive: true, force: true });
});

it('stops in order on a Ctrl-C right after an accept, the requester is told exactly once, and a hard kill leaves nothing running', async () => {
  const ports = {
    PORT: String(await freePort()),
    DEV_POSTGRES_PORT: String(await freePort()),
    DEV_TEMPORAL_PORT: String(await freePort()),
    DEV_TEMPORAL_UI_PORT: String(await freePort()),
    DEV_SMTP_PORT: String(await freePort()),
  };
  const baseUrl = `http://127.0.0.1:${ports.PORT}`;
  const first = await startStack(ports);

  // The stack's own database, read with its own data key (kept in the data directory).
  const { dataKey } = JSON.parse(readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8')) as {
    dataKey: string;
  };
  db = createDb(
    `postgres://dispatch:dispatch-local@127.0.0.1:${ports.DEV_POSTGRES_PORT}/dispatch`,
    {},
    { quiet: true },
  );
  const stores: Stores = createStores(db, Buffer.from(dataKey, 'hex'));

  const requesterEmail = `ctrl-c-${Date.now()}@example.org`;
  const since = new Date();
  const submitted = await submitRequest(baseUrl, {
    workspace: 'demo',
    language: 'en',
    topic: 'general',
    email: requesterEmail,
    safety: 'no',
  });
  expect(submitted.status).toBe(201);
  const requestId = submitted.body.id as string;
  const offer = await waitFor(
    'an offer SMS to a demo counselor',
    async () => {
      const found = (await stores.devOutbox.list({ kind: 'sms', since })).find((m) =>
        /\/o\/[A-Za-z0-9_-]+/.test(m.body),
      );
      if (!found) throw new Error('none yet');
      return found;
    },
    START_BOUND,
  );
  const accepted = await fetch(`${acceptLinkIn(offer.body)}/accept`, { method: 'POST' });
  expect(accepted.status).toBeLessThan(300);

  // Right after the accept, as a person would: the after-win sends are starting or in flight.
  await db.destroy();
  db = undefined;
  const code = await ctrlC(first);
  // The stack's own lines ride along, so a failure shows how it stopped.
  expect(code === 0 ? 0 : `exit ${code}:\n${first.output().slice(-6000)}`).toBe(0);
  expect(first.output()).toContain('[start] stopped.');
  // Nothing of the stack outlives it: not PostgreSQL, not Temporal, not the worker or the API.
  await waitFor(
    'every process of the stack to be gone',
    async () => {
      const left = processesOfThisStack();
      if (left.length) throw new Error(left.join('\n'));
    },
    30_000,
  );

  // The next start on the same data: what the first left undone is done, nothing twice.
  const second = await startStack(ports);
  db = createDb(
    `postgres://dispatch:dispatch-local@127.0.0.1:${ports.DEV_POSTGRES_PORT}/dispatch`,
    {},
    { quiet: true },
  );
  const again = createStores(db, Buffer.from(dataKey, 'hex'));
  const inDoubt = () =>
    db!('notifications').where({ request_id: requestId, status: 'sending' }).count<{ n: string }[]>('* as n');
  const acceptedEmails = await waitFor(
    "the requester's accepted email, with no notification left in flight",
    async () => {
      const mails = (await again.devOutbox.list({ to: requesterEmail, kind: 'email' })).filter((m) =>
        /has accepted your request/.test(m.subject ?? ''),
      );
      const [{ n }] = await inDoubt();
      if (!mails.length || Number(n) > 0) throw new Error(`${mails.length} emails, ${n} notifications sending`);
      return mails;
    },
    START_BOUND,
  );
  expect(acceptedEmails).toHaveLength(1);
  expect(Number((await inDoubt())[0].n)).toBe(0);

  await db.destroy();
  db = undefined;

  // kill -9 of the terminal's job (the restarted stack serves, one start fewer than a test of its own): npm and the
  // dev stack die with no chance to stop anything. Each part runs in its own process group, so the kill does not
  // reach them: they must notice their owner is gone and stop.
  process.kill(-second.child.pid!, 'SIGKILL');
  expect(await second.exit).toBeNull();
  await waitFor(
    'the parts to stop themselves after npm start was killed hard',
    async () => {
      const left = processesOfThisStack();
      if (left.length) throw new Error(left.join('\n'));
    },
    60_000,
  );
});
