// The team's people: create a team with its first coordinator, invite, change roles, leave and come back,
// reset two-step sign-in. One service for the admin command (scripts/admin.ts, no signed-in actor) and the
// coordinators' pages (api/team/routes.ts): the same checks, the same audit entries, either way.
import { userInfo } from 'node:os';
import type { DeactivationReport, Invitation, Stores, Transaction, User, Workspace } from '../../db';
import { isUuid } from '../../domain/ids';
import { hasRole, rolesInWords, type Role } from '../../domain/roles';
import { DEFAULT_DISPATCH_POLICY } from '../../domain/policy';
import { BadRequest, Conflict, NotFound } from '../errors';
import { inviteSchema, newWorkspaceSchema, problemsOf, rolesSchema } from './form';

/** The set-up link of a new team's first coordinator works once, for three days. */
export const SETUP_LINK_TTL_MS = 72 * 3_600_000;

/** Who acts: a signed-in coordinator, or the operator at the admin command. */
export type Actor = { kind: 'user'; user: User } | { kind: 'admin' };

export interface Person {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  deactivatedAt: Date | null;
  twoStep: boolean;
  recoveryCodes: number;
}

export class TeamInputError extends BadRequest {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export function createTeamService(deps: { stores: Stores; publicBaseUrl: string; taskQueue?: string }) {
  const { stores, publicBaseUrl } = deps;

  const actorId = (a: Actor) => (a.kind === 'user' ? a.user.id : null);
  /** The admin command's entries say so, with the operating system account that ran it. */
  const via = (a: Actor): Record<string, unknown> =>
    a.kind === 'admin' ? { via: 'admin-command', operator: safeOperator() } : {};

  async function audit(
    a: Actor,
    workspaceId: string | null,
    action: string,
    subject: { type: string; id?: string | null },
    detail: Record<string, unknown> = {},
    trx?: Transaction,
  ) {
    await stores.audit.record(
      {
        workspaceId,
        actorId: actorId(a),
        action,
        subjectType: subject.type,
        subjectId: subject.id ?? null,
        detail: { ...via(a), ...detail },
      },
      trx,
    );
  }

  /** A person of the workspace by id (pages) or email (admin); anyone else is "not found". */
  async function personOf(workspaceId: string | null, who: { id?: string; email?: string }): Promise<User> {
    let user: User | undefined;
    if (who.id) user = isUuid(who.id) ? await stores.users.getById(who.id) : undefined;
    else if (who.email) {
      const id = await stores.accounts.findUserIdByEmail(who.email);
      user = id ? await stores.users.getById(id) : undefined;
    }
    if (!user || (workspaceId && user.workspaceId !== workspaceId))
      throw new NotFound(who.email ? `Nobody has the email ${who.email}.` : 'No such person in this team.');
    return user;
  }

  async function workspaceBySlug(slug: string): Promise<Workspace> {
    const ws = await stores.workspaces.getBySlug(String(slug ?? '').trim());
    if (!ws)
      throw new NotFound(
        `There is no workspace with the slug "${slug}". List them with: npm run admin -- list-workspaces`,
      );
    return ws;
  }

  /** The last active coordinator may not leave or lose the role: somebody must be able to run the team. */
  async function keepsACoordinator(user: User, losing: boolean) {
    if (!losing || !hasRole(user, 'coordinator') || user.deactivatedAt) return;
    const others = (await stores.team.activeCoordinators(user.workspaceId)).filter((id) => id !== user.id);
    if (others.length === 0)
      throw new Conflict(`${user.name} is the team's only active coordinator: make someone else coordinator first.`);
  }

  const setupLink = (token: string) => `${publicBaseUrl}/reset-password/${token}`;

  return {
    workspaceBySlug,
    personOf,

    /** A new team, its first coordinator (no password yet) and their single-use set-up link, all or nothing. */
    async createWorkspace(raw: Record<string, unknown>, actor: Actor) {
      const parsed = newWorkspaceSchema.safeParse(raw);
      if (!parsed.success) throw new TeamInputError(problemsOf(parsed.error));
      const input = parsed.data;
      if (await stores.workspaces.getBySlug(input.slug))
        throw new Conflict(`A workspace with the slug "${input.slug}" already exists.`);
      // The operator may know: one email is one account across the deployment (a unique index says so).
      if (await stores.accounts.findUserIdByEmail(input.coordinatorEmail))
        throw new Conflict(`Someone already has an account with ${input.coordinatorEmail}.`);
      return stores.database.transaction(async (trx) => {
        const workspace = await stores.workspaces.create(
          {
            slug: input.slug,
            name: input.name,
            dispatchPolicy: DEFAULT_DISPATCH_POLICY,
            timeZone: input.timeZone,
            counselorTwoStep: input.counselorTwoStep,
            pageLanguages: input.languages,
            phoneCountry: input.phoneCountry ?? null,
          },
          trx,
        );
        const coordinator = await stores.users.create(
          {
            workspaceId: workspace.id,
            roles: ['coordinator'],
            email: input.coordinatorEmail,
            name: input.coordinatorName,
          },
          trx,
        );
        const token = await stores.accounts.mintPasswordReset(coordinator.id, SETUP_LINK_TTL_MS, trx);
        await audit(
          actor,
          workspace.id,
          'workspace.created',
          { type: 'workspace', id: workspace.id },
          { slug: workspace.slug },
          trx,
        );
        await audit(
          actor,
          workspace.id,
          'user.created',
          { type: 'user', id: coordinator.id },
          { roles: coordinator.roles },
          trx,
        );
        return {
          workspace,
          coordinator,
          setupLink: setupLink(token),
          expiresAt: new Date(Date.now() + SETUP_LINK_TTL_MS),
        };
      });
    },

    async listWorkspaces(actor: Actor) {
      const rows = await stores.team.workspacesWithCounts();
      await audit(actor, null, 'admin.workspaces_listed', { type: 'workspace' }, { count: rows.length });
      return rows;
    },

    async listPeople(workspace: Workspace, actor: Actor): Promise<Person[]> {
      const people = await stores.users.listPeople(workspace.id);
      const twoStep = await stores.team.twoStepState(people.map((p) => p.id));
      await audit(actor, workspace.id, 'admin.people_listed', { type: 'workspace', id: workspace.id });
      return people.map((p) => ({
        id: p.id,
        name: p.name,
        email: p.email,
        roles: p.roles,
        deactivatedAt: p.deactivatedAt,
        twoStep: twoStep.get(p.id)?.totp ?? false,
        recoveryCodes: twoStep.get(p.id)?.recoveryCodes ?? 0,
      }));
    },

    /** An invitation with its link minted at once (the admin command prints it; the pages email it instead). */
    async invite(
      workspace: Workspace,
      raw: Record<string, unknown>,
      actor: Actor,
      opts: { mintLink: boolean },
    ): Promise<{ invitation: Invitation; link?: string }> {
      const parsed = inviteSchema.safeParse(raw);
      if (!parsed.success) throw new TeamInputError(problemsOf(parsed.error));
      const input = parsed.data;
      // The operator (the admin command) may know, and must: an email is one account across the deployment, and an
      // invitation for an email another team already has could never be accepted. A coordinator learns only of
      // their own team.
      if (actor.kind === 'admin' && (await stores.accounts.findUserIdByEmail(input.email)))
        throw new Conflict(`Someone already has an account with ${input.email}.`);
      const taken = await stores.onboarding.emailTaken(input.email, workspace.id);
      if (taken === 'user') throw new Conflict(`Someone already has an account with ${input.email}.`);
      if (taken === 'invited') throw new Conflict(`${input.email} already has an open invitation.`);
      const invitation = await stores.onboarding.createInvitation({
        workspaceId: workspace.id,
        email: input.email,
        name: input.name,
        invitedBy: actorId(actor),
        roles: input.roles,
      });
      const link = opts.mintLink
        ? `${publicBaseUrl}/invite/${await stores.onboarding.mintInviteToken(invitation.id)}`
        : undefined;
      await audit(
        actor,
        workspace.id,
        'pool.invited',
        { type: 'invitation', id: invitation.id },
        { roles: input.roles },
      );
      return { invitation, link };
    },

    async setRoles(workspaceId: string | null, who: { id?: string; email?: string }, raw: unknown, actor: Actor) {
      // Whom first: another workspace's person is "not found" whatever the roles say.
      const user = await personOf(workspaceId, who);
      const parsed = rolesSchema.safeParse({ roles: raw });
      if (!parsed.success) throw new TeamInputError(problemsOf(parsed.error));
      const roles = parsed.data.roles;
      await keepsACoordinator(user, !roles.includes('coordinator'));
      await stores.team.setRoles(user.id, user.workspaceId, roles);
      await audit(
        actor,
        user.workspaceId,
        'user.roles_changed',
        { type: 'user', id: user.id },
        { from: user.roles, to: roles },
      );
      return { user, from: user.roles, to: roles, message: `${user.name} is now ${rolesInWords(roles)}.` };
    },

    async deactivate(
      workspaceId: string | null,
      who: { id?: string; email?: string },
      actor: Actor,
    ): Promise<{ user: User; report: DeactivationReport }> {
      const user = await personOf(workspaceId, who);
      if (actor.kind === 'user' && actor.user.id === user.id)
        throw new Conflict('You cannot deactivate yourself: ask another coordinator.');
      if (user.deactivatedAt) throw new Conflict(`${user.name} has already left the team.`);
      await keepsACoordinator(user, true);
      const report = await stores.team.deactivate(user.id, deps.taskQueue ?? null);
      if (!report) throw new Conflict(`${user.name} has already left the team.`);
      await audit(
        actor,
        user.workspaceId,
        'user.deactivated',
        { type: 'user', id: user.id },
        {
          sessionsEnded: report.sessionsEnded,
          offersWithdrawn: report.offersWithdrawn.length,
          takenRequests: report.takenRequests.length,
          tasksReassigned: report.tasksReassigned,
          tasksFlagged: report.tasksFlagged,
          rotaNamed: report.rotaNamed,
        },
      );
      return { user, report };
    },

    async reactivate(workspaceId: string | null, who: { id?: string; email?: string }, actor: Actor) {
      const user = await personOf(workspaceId, who);
      if (!(await stores.team.reactivate(user.id))) throw new Conflict(`${user.name} is already active.`);
      await audit(actor, user.workspaceId, 'user.reactivated', { type: 'user', id: user.id });
      return { user };
    },

    /**
     * Clears TOTP, passkeys and recovery codes and ends their sessions: they set it up again at their next sign-in
     * (before anything else, where their roles or the team require it).
     */
    async resetTwoStep(workspaceId: string | null, who: { id?: string; email?: string }, actor: Actor) {
      const user = await personOf(workspaceId, who);
      if (actor.kind === 'user' && actor.user.id === user.id)
        throw new Conflict('Your own two-step sign-in is reset by another coordinator.');
      await stores.database.transaction(async (trx) => {
        await stores.team.clearTwoStep(user.id, trx);
        await stores.passkeys.removeAllFor(user.id, trx);
        await stores.team.endSignInSessions(user.id, trx);
        await audit(actor, user.workspaceId, 'totp-reset', { type: 'user', id: user.id }, {}, trx);
      });
      return { user };
    },
  };
}
export type TeamService = ReturnType<typeof createTeamService>;

function safeOperator(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Plain words for a deactivation, for the admin command and the page alike. */
export function describeDeactivation(user: User, r: DeactivationReport): string[] {
  const lines = [`${user.name} (${user.email}) has left the team: they can no longer sign in.`];
  lines.push(`- ${r.sessionsEnded} sign-in session(s) ended.`);
  lines.push(`- ${r.offersWithdrawn.length} open offer(s) withdrawn: those requests go on to the others.`);
  if (r.takenRequests.length)
    lines.push(
      `- WARNING: ${r.takenRequests.length} request(s) they had taken need another counselor: assign them from the request page.`,
    );
  if (r.tasksReassigned)
    lines.push(`- ${r.tasksReassigned} open after-care task(s) they owned now go to the coordinators.`);
  if (r.tasksFlagged)
    lines.push(`- WARNING: ${r.tasksFlagged} open after-care task(s) about their sessions need a coordinator.`);
  if (r.rotaNamed || r.overridesAhead)
    lines.push(
      '- WARNING: their on-call shifts are now gaps (on-call alerts go to the coordinators): fix the rota at /on-call.',
    );
  return lines;
}
