// The team's people as a whole: who holds which roles, and leaving the team (every consequence in one
// transaction, so a failure leaves the person exactly as they were).
import type { Knex } from 'knex';
import { normalizeRoles, primaryRole, type Role } from '../../domain/roles';

export interface DeactivationReport {
  /** Sign-in sessions ended. */
  sessionsEnded: number;
  /** Open offers withdrawn: each request goes on to the others (the decline signal waits in sms_inbox). */
  offersWithdrawn: { offerId: string; requestId: string }[];
  /** Requests they had taken that are still going on: a coordinator must hand them to someone else. */
  takenRequests: string[];
  /** Open after-care tasks they owned, now owned by any coordinator. */
  tasksReassigned: number;
  /** Open after-care tasks about their own sessions: shown to the coordinators as flagged. */
  tasksFlagged: number;
  /** Whether the on-call rota names them (their shifts are gaps now) and how many overrides they had ahead. */
  rotaNamed: boolean;
  overridesAhead: number;
}

export function createTeamStore(db: Knex) {
  return {
    /**
     * Marks the person as left and undoes what they held: sessions, open offers (declined, with a `withdrawn`
     * timeline event and a decline signal queued for the worker's inbox drainer, the same path as a decline by
     * SMS the engine could not take at once), every offer and alert link of theirs (expired: they show nothing
     * any more), open tasks they owned (to the coordinators). Undefined when they had already left.
     */
    async deactivate(userId: string, fallbackTaskQueue: string | null): Promise<DeactivationReport | undefined> {
      return db.transaction(async (trx) => {
        const n = await trx('users')
          .where({ id: userId })
          .whereNull('deactivated_at')
          .update({ deactivated_at: trx.fn.now() });
        if (n !== 1) return undefined;
        const sessionsEnded = await trx('sessions').where({ user_id: userId }).delete();
        await trx('login_challenges').where({ user_id: userId }).delete();
        await trx('known_devices').where({ user_id: userId }).delete();
        await trx('password_resets').where({ user_id: userId }).whereNull('used_at').update({ used_at: trx.fn.now() });

        const withdrawn: { id: string; request_id: string }[] = await trx('offers')
          .where({ counselor_id: userId, status: 'open' })
          .update({ status: 'declined', closed_at: trx.fn.now() })
          .returning(['id', 'request_id']);
        for (const o of withdrawn) {
          await trx('request_events').insert({
            request_id: o.request_id,
            type: 'withdrawn',
            data: { counselorId: userId, reason: 'left-the-team' },
          });
          const queue = await trx('dispatch_outbox').where({ request_id: o.request_id }).first('task_queue');
          await trx('sms_inbox')
            .insert({
              message_sid: `left-team:${o.id}`,
              from_phone: '',
              body: '',
              offer_id: o.id,
              action: 'decline',
              task_queue: queue?.task_queue ?? fallbackTaskQueue,
            })
            .onConflict('message_sid')
            .ignore();
        }
        await trx('offer_links')
          .whereIn('offer_id', trx('offers').where({ counselor_id: userId }).select('id'))
          .andWhere('expires_at', '>', trx.fn.now())
          .update({ expires_at: trx.fn.now() });
        await trx('alert_links')
          .where({ user_id: userId })
          .andWhere('expires_at', '>', trx.fn.now())
          .update({ expires_at: trx.fn.now() });
        const taken: { request_id: string }[] = await trx('offers as o')
          .join('help_requests as r', 'r.id', 'o.request_id')
          .where({ 'o.counselor_id': userId, 'o.status': 'won', 'r.phase': 'assigned' })
          .select('o.request_id');

        const tasksReassigned = await trx('aftercare_tasks')
          .where({ owner_id: userId, status: 'open' })
          .update({ owner_id: null });
        const [{ n: flagged }] = await trx('aftercare_tasks')
          .where({ counselor_id: userId, status: 'open' })
          .count({ n: '*' });
        const rota = await trx('oncall_rotas').whereRaw('? = any(lead_ids)', [userId]).first('workspace_id');
        const [{ n: overrides }] = await trx('oncall_overrides')
          .where({ lead_id: userId })
          .andWhere('ends_at', '>', trx.fn.now())
          .count({ n: '*' });
        return {
          sessionsEnded,
          offersWithdrawn: withdrawn.map((o) => ({ offerId: o.id, requestId: o.request_id })),
          takenRequests: taken.map((t) => t.request_id),
          tasksReassigned,
          tasksFlagged: Number(flagged),
          rotaNamed: !!rota,
          overridesAhead: Number(overrides),
        };
      });
    },

    /** Back on the team: sign-in works again; old offers and links stay closed. False when they had not left. */
    async reactivate(userId: string): Promise<boolean> {
      const n = await db('users').where({ id: userId }).whereNotNull('deactivated_at').update({ deactivated_at: null });
      return n === 1;
    },

    /**
     * Replaces a person's roles. Someone who starts to counsel gets an empty profile (not live until the
     * coordinator records their training and they fill in languages), so the pool pages can show them.
     */
    async setRoles(userId: string, workspaceId: string, roles: Role[]): Promise<void> {
      const wanted = normalizeRoles(roles);
      await db.transaction(async (trx) => {
        await trx('users')
          .where({ id: userId })
          .update({ roles: wanted, role: primaryRole(wanted) });
        if (wanted.includes('counselor'))
          await trx('counselor_profiles')
            .insert({
              user_id: userId,
              workspace_id: workspaceId,
              languages: [],
              specialisms: [],
              lived_experience: [],
              training_complete: false,
            })
            .onConflict('user_id')
            .ignore();
      });
    },

    /** Active coordinators of the workspace (the last one may not leave or lose the role). */
    async activeCoordinators(workspaceId: string): Promise<string[]> {
      return db('users')
        .where({ workspace_id: workspaceId })
        .whereRaw(`'coordinator' = any(roles)`)
        .whereNull('deactivated_at')
        .pluck('id');
    },

    /** Every workspace with its active people and active coordinators, oldest first (the admin command's list). */
    async workspacesWithCounts(): Promise<
      { slug: string; name: string; timeZone: string; createdAt: Date; people: number; coordinators: number }[]
    > {
      const rows = await db('workspaces as w')
        .leftJoin('users as u', 'u.workspace_id', 'w.id')
        .groupBy('w.id')
        .orderBy('w.created_at')
        .select(
          'w.slug',
          'w.name',
          'w.time_zone',
          'w.created_at',
          db.raw('count(u.id) filter (where u.deactivated_at is null)::int as people'),
          db.raw(
            `count(u.id) filter (where u.deactivated_at is null and 'coordinator' = any(u.roles))::int as coordinators`,
          ),
        );
      return rows.map((r) => ({
        slug: r.slug as string,
        name: r.name as string,
        timeZone: r.time_zone as string,
        createdAt: r.created_at as Date,
        people: Number(r.people),
        coordinators: Number(r.coordinators),
      }));
    },

    /**
     * Clears the person's TOTP and recovery codes and ends their sign-in sessions, inside the caller's
     * transaction (their passkeys go with it, through the passkeys store).
     */
    async clearTwoStep(userId: string, trx: Knex = db): Promise<void> {
      await trx('users')
        .where({ id: userId })
        .update({ totp_secret_enc: null, totp_pending_enc: null, totp_last_step: null });
      await trx('recovery_codes').where({ user_id: userId }).delete();
    },

    /** Ends every sign-in session of the person, inside the caller's transaction. */
    async endSignInSessions(userId: string, trx: Knex = db): Promise<void> {
      await trx('sessions').where({ user_id: userId }).delete();
    },

    /** Everyone's two-step state at a glance (for the people list). */
    async twoStepState(userIds: string[]): Promise<Map<string, { totp: boolean; recoveryCodes: number }>> {
      if (userIds.length === 0) return new Map();
      const rows = await db('users as u').whereIn('u.id', userIds).select(
        'u.id',
        // A passkey is a second step too.
        db.raw('(u.totp_secret_enc is not null or exists (select 1 from passkeys p where p.user_id = u.id)) as totp'),
        db.raw('(select count(*) from recovery_codes c where c.user_id = u.id and c.used_at is null)::int as recovery'),
      );
      return new Map(rows.map((r) => [r.id, { totp: !!r.totp, recoveryCodes: Number(r.recovery) }]));
    },
  };
}
export type TeamStore = ReturnType<typeof createTeamStore>;
