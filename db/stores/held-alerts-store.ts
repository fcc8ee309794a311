// Nights kept for staff: a coordinator's or lead's own quiet hours, and the non-urgent alerts held during them
// until the morning message (one per person and morning) carries them.
import type { Knex } from 'knex';

export interface StaffQuietHours {
  id: string;
  quietStart: string | null;
  quietEnd: string | null;
  timeZone: string;
}

export interface HeldAlert {
  requestId: string;
  workspaceId: string;
  reason: string;
  dueAt: Date;
  createdAt: Date;
}

/** Who on a workspace's staff has alerts waiting for the morning, and until when. */
export interface WaitingForMorning {
  userId: string;
  name: string;
  alerts: number;
  dueAt: Date;
}

const hhmm = (t: string | null): string | null => (t ? t.slice(0, 5) : null);

export function createHeldAlertsStore(db: Knex) {
  return {
    /** Their quiet hours for alerts: the account's own, in its zone (else the profile's, else the team's). */
    async staffQuietHours(ids: string[]): Promise<StaffQuietHours[]> {
      if (ids.length === 0) return [];
      const rows = await db('users as u')
        .leftJoin('counselor_profiles as p', 'p.user_id', 'u.id')
        .join('workspaces as w', 'w.id', 'u.workspace_id')
        .whereIn('u.id', ids)
        .select(
          'u.id',
          'u.staff_quiet_start',
          'u.staff_quiet_end',
          db.raw("coalesce(u.staff_time_zone, p.time_zone, w.time_zone, 'UTC') as time_zone"),
        );
      return rows.map((r) => ({
        id: r.id,
        quietStart: r.staff_quiet_start,
        quietEnd: r.staff_quiet_end,
        timeZone: r.time_zone,
      }));
    },
    /** The account's own quiet hours for alerts ("HH:MM" pair, or both null for none). */
    async setStaffQuietHours(
      userId: string,
      v: { quietStart: string | null; quietEnd: string | null; timeZone: string },
    ): Promise<void> {
      await db('users')
        .where({ id: userId })
        .update({ staff_quiet_start: v.quietStart, staff_quiet_end: v.quietEnd, staff_time_zone: v.timeZone });
    },
    /** As the settings page shows them: "HH:MM" or null, and the zone in force. */
    async ownQuietHours(userId: string): Promise<StaffQuietHours | undefined> {
      const [q] = await this.staffQuietHours([userId]);
      return q && { ...q, quietStart: hhmm(q.quietStart), quietEnd: hhmm(q.quietEnd) };
    },
    /**
     * Holds an alert for the person's morning; a retried alert finds it held already. Returns when the
     * morning message that carries it is due (the first holding's, so a retry starts the same message).
     */
    async hold(a: {
      workspaceId: string;
      userId: string;
      requestId: string;
      reason: string;
      purpose: string;
      dueAt: Date;
    }): Promise<Date> {
      await db('held_alerts')
        .insert({
          workspace_id: a.workspaceId,
          user_id: a.userId,
          request_id: a.requestId,
          reason: a.reason,
          purpose: a.purpose,
          due_at: a.dueAt,
        })
        .onConflict(['user_id', 'request_id', 'purpose'])
        .ignore();
      const row = await db('held_alerts')
        .where({ user_id: a.userId, request_id: a.requestId, purpose: a.purpose })
        .first('due_at');
      return row.due_at;
    },
    /**
     * Claims for one morning message every alert of the person due by then that no message carries yet,
     * and returns what that message carries (a retry returns the same alerts: the claim is the message's).
     */
    async claimForMorning(userId: string, digest: string, dueBy: Date): Promise<HeldAlert[]> {
      await db('held_alerts')
        .where({ user_id: userId })
        .whereNull('digest')
        .where('due_at', '<=', dueBy)
        .update({ digest });
      const rows = await db('held_alerts').where({ user_id: userId, digest }).orderBy(['created_at', 'id']);
      return rows.map((r) => ({
        requestId: r.request_id,
        workspaceId: r.workspace_id,
        reason: r.reason,
        dueAt: r.due_at,
        createdAt: r.created_at,
      }));
    },
    /** What waits for the morning on a workspace: per person, how many alerts and when they go. */
    async waiting(workspaceId: string): Promise<WaitingForMorning[]> {
      const rows = await db('held_alerts as h')
        .join('users as u', 'u.id', 'h.user_id')
        .where({ 'h.workspace_id': workspaceId })
        .whereNull('h.digest')
        .groupBy('u.id', 'u.name')
        .orderBy('u.name')
        .select('u.id', 'u.name', db.raw('count(*)::int as alerts'), db.raw('min(h.due_at) as due_at'));
      return rows.map((r) => ({ userId: r.id, name: r.name, alerts: r.alerts, dueAt: r.due_at }));
    },
    /** The same for one request: who will hear of it in the morning, and when. */
    async waitingFor(requestId: string): Promise<WaitingForMorning[]> {
      const rows = await db('held_alerts as h')
        .join('users as u', 'u.id', 'h.user_id')
        .where({ 'h.request_id': requestId })
        .whereNull('h.digest')
        .groupBy('u.id', 'u.name')
        .orderBy('u.name')
        .select('u.id', 'u.name', db.raw('count(*)::int as alerts'), db.raw('min(h.due_at) as due_at'));
      return rows.map((r) => ({ userId: r.id, name: r.name, alerts: r.alerts, dueAt: r.due_at }));
    },
  };
}
export type HeldAlertsStore = ReturnType<typeof createHeldAlertsStore>;
