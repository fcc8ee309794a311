// `npm run admin -- <verb> [--options]`: the operator's way to make a team from nothing and look after its
// people, against DATABASE_URL alone. Each verb checks its input before touching anything, says what it did,
// and leaves an audit entry; a refusal is one clear line on stderr and exit code 1. runAdmin is the whole
// command, callable from tests; scripts/admin.ts is its process.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createTeamService, describeDeactivation, type Actor } from '../api/team/service';
import { HttpError } from '../api/errors';
import { ConfigError, loadAdminConfig } from '../config';
import { createDb, createStores } from '../db';
import { rolesInWords } from '../domain/roles';
import { teamPhoneCountry } from '../domain/phone';

interface Verb {
  summary: string;
  options: Record<string, { required?: boolean; help: string }>;
}

export const VERBS: Record<string, Verb> = {
  'create-workspace': {
    summary: 'A new team and its first coordinator; prints their single-use set-up link (72 hours).',
    options: {
      name: { required: true, help: 'the team name, e.g. "Tartu Peer Support"' },
      slug: { required: true, help: 'the address part, e.g. tartu-peers (request form at /w/<slug>/request)' },
      'time-zone': { required: true, help: 'IANA zone, e.g. Europe/Tallinn' },
      languages: { required: true, help: "the request pages' languages, comma separated, e.g. en,ru" },
      'coordinator-email': { required: true, help: "the first coordinator's email" },
      'coordinator-name': { required: true, help: "the first coordinator's name" },
      'counselor-two-step': { help: 'on (default) or off: whether counselors must use two-step sign-in too' },
      country: {
        help: "ISO country whose national phone formats the team's forms read, e.g. EE (default: the time zone's)",
      },
    },
  },
  'list-workspaces': { summary: 'Every workspace with its people count.', options: {} },
  'list-people': {
    summary: 'The people of a workspace: roles, active or left, two-step sign-in.',
    options: { workspace: { required: true, help: 'the workspace slug' } },
  },
  invite: {
    summary: 'An invitation with the given roles; prints its single-use link (7 days).',
    options: {
      workspace: { required: true, help: 'the workspace slug' },
      email: { required: true, help: 'their email' },
      name: { required: true, help: 'their name' },
      roles: { required: true, help: 'comma separated: coordinator, lead, counselor (e.g. lead,counselor)' },
    },
  },
  'set-roles': {
    summary: "Replaces a person's roles.",
    options: {
      email: { required: true, help: 'their email' },
      roles: { required: true, help: 'comma separated: coordinator, lead, counselor' },
    },
  },
  deactivate: {
    summary:
      'They leave the team: signed out at once, open offers withdrawn, shifts become gaps, tasks to coordinators.',
    options: { email: { required: true, help: 'their email' } },
  },
  reactivate: {
    summary: 'They may sign in again (old offers stay closed).',
    options: { email: { required: true, help: 'their email' } },
  },
  'reset-two-step': {
    summary: 'Clears their two-step sign-in and recovery codes and signs them out; they set it up again.',
    options: { email: { required: true, help: 'their email' } },
  },
};

export function usage(): string {
  const lines = ['Usage: npm run admin -- <verb> [--option value ...]', '', 'Verbs:'];
  for (const [name, verb] of Object.entries(VERBS)) {
    lines.push(`  ${name}: ${verb.summary}`);
    for (const [opt, o] of Object.entries(verb.options))
      lines.push(`      --${opt}${o.required ? '' : ' (optional)'}: ${o.help}`);
  }
  lines.push(
    '',
    'Environment: DATABASE_URL (required), PUBLIC_BASE_URL (for the links create-workspace and invite print).',
  );
  return lines.join('\n');
}

class UsageError extends Error {}

function parseVerbArgs(verb: Verb, args: string[]): Record<string, string> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: Object.fromEntries(Object.keys(verb.options).map((k) => [k, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const missing = Object.entries(verb.options)
    .filter(([k, o]) => o.required && (typeof values[k] !== 'string' || !(values[k] as string).trim()))
    .map(([k]) => `--${k}`);
  if (missing.length) throw new UsageError(`missing ${missing.join(', ')}`);
  return values as Record<string, string>;
}

export interface AdminIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one verb; the exit code (0 done, 1 refused or failed: nothing was changed). */
export async function runAdmin(argv: string[], io: AdminIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    (name ? io.out : io.err)(usage());
    return name ? 0 : 1;
  }
  const verb = VERBS[name];
  if (!verb) {
    io.err(`admin: unknown verb "${name}". The verbs: ${Object.keys(VERBS).join(', ')} (npm run admin -- help).`);
    return 1;
  }
  let opts: Record<string, string>;
  let config;
  try {
    opts = parseVerbArgs(verb, rest);
    config = loadAdminConfig(io.env);
    if ((name === 'create-workspace' || name === 'invite') && !config.publicBaseUrl)
      throw new UsageError('PUBLIC_BASE_URL is required to print the link (the address people reach the app at).');
  } catch (err) {
    if (err instanceof UsageError) io.err(`admin ${name}: ${err.message}. See: npm run admin -- help`);
    else if (err instanceof ConfigError) io.err(`admin: ${err.message}`);
    else throw err;
    return 1;
  }
  const db = createDb(config.databaseUrl, { max: 2 });
  try {
    // No verb reads or writes encrypted columns: a throwaway key, so DATA_KEY is not needed here.
    const stores = createStores(db, randomBytes(32));
    const team = createTeamService({
      stores,
      publicBaseUrl: config.publicBaseUrl ?? '',
      taskQueue: config.taskQueue,
    });
    const actor: Actor = { kind: 'admin' };
    switch (name) {
      case 'create-workspace': {
        const twoStep = (opts['counselor-two-step'] ?? 'on').toLowerCase();
        if (twoStep !== 'on' && twoStep !== 'off') throw new UsageError('--counselor-two-step must be on or off');
        const r = await team.createWorkspace(
          {
            name: opts.name,
            slug: opts.slug,
            timeZone: opts['time-zone'],
            languages: opts.languages,
            coordinatorEmail: opts['coordinator-email'],
            coordinatorName: opts['coordinator-name'],
            counselorTwoStep: twoStep === 'on',
            ...(opts.country ? { phoneCountry: opts.country } : {}),
          },
          actor,
        );
        io.out(
          `Created workspace "${r.workspace.name}" (${r.workspace.slug}), time zone ${r.workspace.timeZone}, phone numbers read as in ${teamPhoneCountry(r.workspace) ?? 'no country (international format only)'}.`,
        );
        io.out(`Coordinator: ${r.coordinator.name} <${r.coordinator.email}>.`);
        io.out(
          `Set-up link (works once, until ${r.expiresAt.toISOString()}): they choose a password there, then set up two-step sign-in:`,
        );
        io.out(r.setupLink);
        io.out('Hand it over privately: anyone holding it can take the account until it is used.');
        break;
      }
      case 'list-workspaces': {
        const rows = await team.listWorkspaces(actor);
        if (rows.length === 0) io.out('No workspaces yet. Create one with: npm run admin -- create-workspace ...');
        for (const w of rows)
          io.out(`${w.slug}\t${w.name}\t${w.timeZone}\t${w.people} people, ${w.coordinators} coordinator(s)`);
        break;
      }
      case 'list-people': {
        const ws = await team.workspaceBySlug(opts.workspace);
        const people = await team.listPeople(ws, actor);
        if (people.length === 0) io.out(`Nobody in ${ws.slug} yet.`);
        for (const p of people)
          io.out(
            `${p.email}\t${p.name}\t${rolesInWords(p.roles)}\t${p.deactivatedAt ? 'left' : 'active'}\t` +
              `two-step ${p.twoStep ? `on (${p.recoveryCodes} recovery codes)` : 'off'}`,
          );
        break;
      }
      case 'invite': {
        const ws = await team.workspaceBySlug(opts.workspace);
        const r = await team.invite(ws, { email: opts.email, name: opts.name, roles: opts.roles }, actor, {
          mintLink: true,
        });
        io.out(
          `Invited ${r.invitation.name} <${r.invitation.email}> to ${ws.slug} as ${rolesInWords(r.invitation.roles)}.`,
        );
        io.out(`Invitation link (works once, until ${r.invitation.expiresAt.toISOString()}):`);
        io.out(r.link!);
        break;
      }
      case 'set-roles': {
        const r = await team.setRoles(null, { email: opts.email }, opts.roles, actor);
        io.out(`${r.message} (was ${rolesInWords(r.from)}.)`);
        break;
      }
      case 'deactivate': {
        const r = await team.deactivate(null, { email: opts.email }, actor);
        for (const line of describeDeactivation(r.user, r.report)) io.out(line);
        break;
      }
      case 'reactivate': {
        const r = await team.reactivate(null, { email: opts.email }, actor);
        io.out(`${r.user.name} (${r.user.email}) may sign in again. Their old offers stay closed.`);
        break;
      }
      case 'reset-two-step': {
        const r = await team.resetTwoStep(null, { email: opts.email }, actor);
        io.out(
          `Two-step sign-in reset for ${r.user.name} (${r.user.email}): they are signed out and set it up again at their next sign-in.`,
        );
        break;
      }
    }
    return 0;
  } catch (err) {
    if (err instanceof HttpError || err instanceof UsageError) {
      io.err(`admin ${name}: ${err.message}`);
      return 1;
    }
    io.err(`admin ${name}: failed, nothing was changed: ${(err as Error).message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}
