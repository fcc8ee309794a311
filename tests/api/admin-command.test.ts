// The admin command: every verb against the suite's database, called as a function (runAdmin) for the many
// cases and as a process (npm run admin's entry) for the exit codes and output an operator sees. Bad input
// is refused with a clear message, a non-zero exit, and no change to the database.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { runAdmin } from '../../scripts/admin-command';
import { createOwnTestDatabase } from '../helpers/test-db';
import { createDb, createStores, type Stores } from '../../db';

const ROOT = path.resolve(__dirname, '../..');
let db: Knex;
let stores: Stores;
// A database of its own: the before/after snapshots compare whole tables, which other files change meanwhile.
let own: { url: string; drop(): Promise<void> };
const env = () => ({ DATABASE_URL: own.url, PUBLIC_BASE_URL: 'https://dispatch.example.org' });

beforeAll(async () => {
  own = await createOwnTestDatabase('admin_command');
  db = createDb(own.url, { max: 4 });
  stores = createStores(db, randomBytes(32));
}, 120_000);
afterAll(async () => {
  await db?.destroy();
  await own?.drop();
});

async function admin(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(argv, { env: env(), out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tag = () => randomBytes(4).toString('hex');

/** Everything a verb could change, as one comparable snapshot. */
async function snapshot(): Promise<string> {
  const parts = await Promise.all([
    db('workspaces').orderBy('id').select('id', 'slug', 'name', 'time_zone', 'counselor_two_step'),
    db('users').orderBy('id').select('id', 'roles', 'deactivated_at', 'totp_secret_enc', 'password_hash'),
    db('invitations').orderBy('id').select('id', 'roles', 'used_at'),
    db('sessions').count({ n: '*' }),
    db('password_resets').count({ n: '*' }),
    db('audit_log').count({ n: '*' }),
  ]);
  return JSON.stringify(parts);
}

async function newTeam() {
  const slug = `team-${tag()}`;
  const email = `coord-${tag()}@example.org`;
  const r = await admin(
    'create-workspace',
    '--name',
    'Tartu Peers',
    '--slug',
    slug,
    '--time-zone',
    'Europe/Tallinn',
    '--languages',
    'et,ru,en',
    '--coordinator-email',
    email,
    '--coordinator-name',
    'Kai Coordinator',
  );
  return { slug, email, ...r };
}

it('creates a workspace and its coordinator, prints a set-up link, and audits it', async () => {
  const r = await newTeam();
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  // No --country: phone numbers typed without +372 are read as dialled in the time zone's country.
  expect(r.out).toContain(
    `Created workspace "Tartu Peers" (${r.slug}), time zone Europe/Tallinn, phone numbers read as in EE.`,
  );
  const link = /https:\/\/dispatch\.example\.org\/reset-password\/([A-Za-z0-9_-]+)/.exec(r.out);
  expect(link).not.toBeNull();
  expect(await stores.accounts.resetLinkState(link![1])).toBe('valid');
  const ws = await stores.workspaces.getBySlug(r.slug);
  expect(ws).toMatchObject({ name: 'Tartu Peers', timeZone: 'Europe/Tallinn', counselorTwoStep: true });
  const coordinator = await db('users').where({ email: r.email }).first();
  expect(coordinator.roles).toEqual(['coordinator']);
  expect(coordinator.password_hash).toBeNull();
  const actions = await db('audit_log').where({ workspace_id: ws!.id }).pluck('action');
  expect(actions).toEqual(expect.arrayContaining(['workspace.created', 'user.created']));
  const entry = await db('audit_log').where({ workspace_id: ws!.id, action: 'workspace.created' }).first();
  expect(entry.detail.via).toBe('admin-command');
});

it('refuses bad input to create-workspace with a clear message and changes nothing', async () => {
  const taken = await newTeam();
  const base = {
    '--name': 'A team',
    '--slug': `ok-${tag()}`,
    '--time-zone': 'Europe/Tallinn',
    '--languages': 'en',
    '--coordinator-email': `c-${tag()}@example.org`,
    '--coordinator-name': 'C',
  };
  const args = (over: Record<string, string | null>) =>
    Object.entries({ ...base, ...over }).flatMap(([k, v]) => (v === null ? [] : [k, v]));
  const cases: [Record<string, string | null>, RegExp][] = [
    [{ '--slug': 'Not A Slug' }, /slug: must be 1-40 lower-case letters/],
    [{ '--slug': 'demo' }, /kept for the demo workspace/],
    [{ '--time-zone': 'Mars/Olympus' }, /timeZone: must be an IANA time zone/],
    [{ '--country': 'XX' }, /phoneCountry: must be a two-letter country code/],
    [{ '--languages': 'klingon!' }, /languages: "klingon!" is not a language code/],
    [{ '--coordinator-email': 'not-an-email' }, /coordinatorEmail: must be a valid email address/],
    [{ '--name': null }, /missing --name/],
    [{ '--slug': taken.slug }, /already exists/],
    [{ '--coordinator-email': taken.email }, /already has an account/],
    [{ '--counselor-two-step': 'maybe' }, /must be on or off/],
    [{ '--colour': 'blue' }, /Unknown option '--colour'/],
  ];
  for (const [over, message] of cases) {
    const before = await snapshot();
    const r = await admin('create-workspace', ...args(over));
    expect({ over, code: r.code }).toEqual({ over, code: 1 });
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
    expect(await snapshot()).toBe(before);
  }
  const noUrl = await runAdmin(['list-workspaces'], { env: {}, out: () => {}, err: () => {} });
  expect(noUrl).toBe(1);
  expect((await admin('frobnicate')).err).toMatch(/unknown verb "frobnicate"/);
});

it('lists workspaces and people, invites with roles, sets roles, and refuses what would leave no coordinator', async () => {
  const team = await newTeam();
  const list = await admin('list-workspaces');
  expect(list.code).toBe(0);
  expect(list.out).toMatch(new RegExp(`${team.slug}\\tTartu Peers\\tEurope/Tallinn\\t1 people, 1 coordinator`));

  const leadEmail = `lead-${tag()}@example.org`;
  const inv = await admin(
    'invite',
    '--workspace',
    team.slug,
    '--email',
    leadEmail,
    '--name',
    'Lee Lead',
    '--roles',
    'lead,counselor',
  );
  expect(inv.code).toBe(0);
  expect(inv.out).toContain(`as lead and counselor`);
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(inv.out)![1];
  expect((await stores.onboarding.findOpenByToken(token))?.roles).toEqual(['lead', 'counselor']);

  for (const [argv, message] of [
    [
      ['invite', '--workspace', team.slug, '--email', leadEmail, '--name', 'X', '--roles', 'lead'],
      /already has an open invitation/,
    ],
    [
      ['invite', '--workspace', 'nope-nope', '--email', `x-${tag()}@e.org`, '--name', 'X', '--roles', 'lead'],
      /no workspace with the slug "nope-nope"/,
    ],
    [
      ['invite', '--workspace', team.slug, '--email', `x-${tag()}@e.org`, '--name', 'X', '--roles', 'boss'],
      /Unknown role "boss"/,
    ],
    [
      ['invite', '--workspace', team.slug, '--email', `x-${tag()}@e.org`, '--name', 'X', '--roles', ','],
      /Choose at least one role/,
    ],
    [['set-roles', '--email', team.email, '--roles', 'counselor'], /only active coordinator/],
    [['set-roles', '--email', `nobody-${tag()}@e.org`, '--roles', 'lead'], /Nobody has the email/],
    [['deactivate', '--email', team.email], /only active coordinator/],
    [['reactivate', '--email', team.email], /already active/],
    [['list-people'], /missing --workspace/],
  ] as [string[], RegExp][]) {
    const before = await snapshot();
    const r = await admin(...argv);
    expect({ argv, code: r.code }).toEqual({ argv, code: 1 });
    expect(r.err).toMatch(message);
    expect(await snapshot()).toBe(before);
  }

  const both = await admin('set-roles', '--email', team.email, '--roles', 'coordinator,counselor');
  expect(both.code).toBe(0);
  expect(both.out).toContain('is now coordinator and counselor. (was coordinator.)');
  const user = await db('users').where({ email: team.email }).first();
  expect(user.roles).toEqual(['coordinator', 'counselor']);
  expect(user.role).toBe('coordinator');
  // Counseling needs a profile: an empty one (not live until training and languages are recorded).
  expect(await db('counselor_profiles').where({ user_id: user.id }).first()).toMatchObject({
    training_complete: false,
  });

  const people = await admin('list-people', '--workspace', team.slug);
  expect(people.out).toContain(`${team.email}\tKai Coordinator\tcoordinator and counselor\tactive\ttwo-step off`);
  const audited = await db('audit_log').where({ workspace_id: user.workspace_id }).pluck('action');
  expect(audited).toEqual(expect.arrayContaining(['pool.invited', 'user.roles_changed', 'admin.people_listed']));
});

it('deactivates, reactivates and resets two-step sign-in, each audited', async () => {
  const team = await newTeam();
  const ws = (await stores.workspaces.getBySlug(team.slug))!;
  const counselor = await stores.users.create({
    workspaceId: ws.id,
    roles: ['counselor'],
    email: `c-${tag()}@example.org`,
    name: 'Cam Counselor',
  });
  await stores.signInSessions.create(counselor.id);
  await stores.accounts.setPendingTotp(counselor.id, 'JBSWY3DPEHPK3PXP');
  await stores.accounts.confirmTotp(counselor.id, 1);

  const reset = await admin('reset-two-step', '--email', counselor.email);
  expect(reset.code).toBe(0);
  expect((await stores.accounts.totp(counselor.id)).secret).toBeNull();

  await stores.signInSessions.create(counselor.id);
  const out = await admin('deactivate', '--email', counselor.email);
  expect(out.code).toBe(0);
  expect(out.out).toContain('Cam Counselor');
  expect(out.out).toContain('1 sign-in session(s) ended.');
  expect(await stores.signInSessions.countFor(counselor.id)).toBe(0);
  expect(await stores.users.findCredentials(counselor.email)).toBeUndefined();
  const again = await admin('deactivate', '--email', counselor.email);
  expect(again.code).toBe(1);
  expect(again.err).toMatch(/already left the team/);

  const back = await admin('reactivate', '--email', counselor.email);
  expect(back.code).toBe(0);
  expect((await stores.users.getById(counselor.id))?.deactivatedAt).toBeNull();
  const actions = await db('audit_log').where({ workspace_id: ws.id, subject_id: counselor.id }).pluck('action');
  expect(actions).toEqual(expect.arrayContaining(['totp-reset', 'user.deactivated', 'user.reactivated']));
});

/** The real entry point, as `npm run admin --` runs it. */
function runProcess(args: string[], extraEnv: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/admin.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

it('runs as a process: needs only DATABASE_URL, exit 0 when done and 1 with the reason when refused', async () => {
  const ok = await runProcess(['list-workspaces'], { DATABASE_URL: own.url });
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toMatch(/\t\d+ people/);

  const before = await snapshot();
  const bad = await runProcess(['invite', '--workspace', 'x', '--email', 'a@b.org', '--name', 'A', '--roles', 'lead'], {
    DATABASE_URL: own.url,
  });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/PUBLIC_BASE_URL is required/);
  const noDb = await runProcess(['list-workspaces'], {});
  expect(noDb.code).toBe(1);
  expect(noDb.stderr).toMatch(/DATABASE_URL is required/);
  expect(await snapshot()).toBe(before);
}, 60_000);
