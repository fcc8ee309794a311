// What the metrics page reads: plain records per workspace since a date (api/metrics computes from them).
import type { Knex } from 'knex';
import { withDefaults } from '../../domain/policy';
import { loadGroup } from '../../domain/spread';
import {
  headStartOn,
  POLICY_CHANGED,
  type HeadStartChange,
  type HeadStartSnapshot,
} from '../../domain/spread-comparison';
import { whatIfPolicyOf, type HistoryRequest, type LoadGroup } from '../../domain/what-if';
import type { WaveChannel, WideningStep } from '../../domain/policy';

/**
 * The timeline event that says a session was agreed (after-care records it); its data.startsAt, when
 * present, is the session's start, else the event's time is used.
 */
export const SESSION_SCHEDULED_EVENT = 'session-scheduled';

export function createMetricsStore(db: Knex) {
  /** Timeline events of one type on the workspace's requests submitted since `since`. */
  const timeline = (workspaceId: string, since: Date, type: string) =>
    db('request_events as e')
      .join('help_requests as r', 'r.id', 'e.request_id')
      .where('r.workspace_id', workspaceId)
      .andWhere('r.created_at', '>=', since)
      .andWhere('e.type', type)
      .select('e.id', 'e.request_id');

  return {
    /**
     * The what-if's history (domain/what-if.ts): every request submitted in [from, to) with the policy it ran
     * under, its waves, each offer message that reached a counselor, the answers, and each offered counselor's
     * load when it came. Times are milliseconds after submission; no personal data.
     */
    async whatIfHistory(workspaceId: string, from: Date, to: Date): Promise<HistoryRequest[]> {
      const requests: { id: string; created_at: Date; urgent: boolean; policy: unknown }[] = await db(
        'help_requests as r',
      )
        .join('workspaces as w', 'w.id', 'r.workspace_id')
        .leftJoin('dispatch_outbox as o', 'o.request_id', 'r.id')
        .where('r.workspace_id', workspaceId)
        .andWhere('r.created_at', '>=', from)
        .andWhere('r.created_at', '<', to)
        .orderBy('r.created_at')
        // The snapshot the workflow started with; a request from before the outbox: the team's policy now.
        .select(
          'r.id',
          'r.created_at',
          'r.urgent',
          db.raw("coalesce(o.workflow_input->'policy', w.dispatch_policy) as policy"),
        );
      if (requests.length === 0) return [];
      const ids = requests.map((r) => r.id);
      const [events, contacts, declines, replies, loads] = await Promise.all([
        db('request_events')
          .whereIn('request_id', ids)
          .whereIn('type', ['wave-sent', 'matched', 'widened', 'accepted', 'assigned-by-coordinator'])
          .orderBy('id')
          .select('request_id', 'type', 'at', 'data'),
        db('notifications')
          .whereIn('request_id', ids)
          .andWhere('purpose', 'like', 'offer-%')
          .andWhere('status', 'sent')
          .whereNotNull('user_id')
          .select('request_id', 'user_id', 'channel', 'purpose', db.raw('coalesce(sent_at, created_at) as at')),
        db('offers')
          .whereIn('request_id', ids)
          .andWhere('status', 'declined')
          .whereNotNull('closed_at')
          .select('request_id', 'counselor_id', 'closed_at'),
        // Accepts that came as an SMS reply code (not a link).
        db('sms_inbox as i')
          .join('offers as o', 'o.id', 'i.offer_id')
          .whereIn('o.request_id', ids)
          .andWhere('i.action', 'accept')
          .select('o.request_id', 'o.counselor_id'),
        // Each offered counselor's load when the request came, by the same rule as dispatch (domain/spread.ts).
        db.raw(
          `select o.request_id, o.counselor_id, u.created_at as joined_at,
             (select count(*) from assignments a where a.counselor_id = o.counselor_id
                and a.created_at >= r.created_at - interval '7 days' and a.created_at < r.created_at)::int as last_week,
             (select count(*) from assignments a where a.counselor_id = o.counselor_id
                and a.created_at >= r.created_at - interval '63 days'
                and a.created_at < r.created_at - interval '7 days')::float / 8 as usual,
             (select max(e.at) from request_events e join help_requests r2 on r2.id = e.request_id
                where r2.workspace_id = r.workspace_id and e.type = 'accepted'
                  and e.data->>'counselorId' = o.counselor_id::text and e.at < r.created_at) as last_accept
           from offers o join help_requests r on r.id = o.request_id join users u on u.id = o.counselor_id
           where o.request_id = any(?::uuid[]) and o.channel <> 'assigned'`,
          [ids],
        ),
      ]);
      const byRequest = <T extends { request_id: string }>(rows: T[]) => {
        const m = new Map<string, T[]>();
        for (const r of rows) m.set(r.request_id, [...(m.get(r.request_id) ?? []), r]);
        return m;
      };
      const ev = byRequest(events);
      const ct = byRequest(contacts);
      const dc = byRequest(declines);
      const rp = byRequest(replies);
      const ld = byRequest(
        loads.rows as {
          request_id: string;
          counselor_id: string;
          joined_at: Date;
          last_week: number;
          usual: number;
          last_accept: Date | null;
        }[],
      );
      return requests.map((r): HistoryRequest => {
        const t0 = r.created_at.getTime();
        const off = (d: Date | string) => new Date(d).getTime() - t0;
        const mine = ev.get(r.id) ?? [];
        const waves = mine
          .filter((e) => e.type === 'wave-sent' && !e.data?.late)
          .map((e) => ({ wave: Number(e.data.wave), channel: e.data.channel as WaveChannel, atMs: off(e.at) }));
        // A wave-sent event per send (a widened match sends again); the wave started at its first.
        const firstOfWave = waves.filter((w, i) => waves.findIndex((x) => x.wave === w.wave) === i);
        const firstWave = mine.find((e) => e.type === 'wave-sent');
        const widened = mine
          .filter((e) => e.type === 'widened' && (!firstWave || e.at <= firstWave.at))
          .map((e) => e.data.step as WideningStep);
        const taken = mine.filter((e) => e.type === 'accepted' || e.type === 'assigned-by-coordinator');
        const firstTaken = taken[0];
        const viaReply = new Set((rp.get(r.id) ?? []).map((x) => x.counselor_id as string));
        const now = r.created_at;
        const load: Record<string, LoadGroup> = {};
        for (const l of ld.get(r.id) ?? []) {
          load[l.counselor_id] = loadGroup(
            { lastWeek: l.last_week, usualPerWeek: l.usual, lastAcceptAt: l.last_accept, joinedAt: l.joined_at },
            now,
          );
        }
        return {
          requestId: r.id,
          submittedAt: r.created_at,
          urgent: r.urgent,
          policy: whatIfPolicyOf(withDefaults(r.policy), r.urgent),
          waves: firstOfWave,
          contacts: (ct.get(r.id) ?? []).map((c) => ({
            counselorId: c.user_id,
            channel: c.channel,
            wave: Number(/-w(\d+)/.exec(c.purpose)?.[1] ?? 1),
            atMs: off(c.at),
          })),
          answers: [
            ...taken
              .filter((e) => e.type === 'accepted')
              .map((e) => ({
                counselorId: e.data.counselorId as string,
                kind: 'accepted' as const,
                atMs: off(e.at),
                via: viaReply.has(e.data.counselorId) ? ('sms-reply' as const) : ('link' as const),
              })),
            ...(dc.get(r.id) ?? []).map((d) => ({
              counselorId: d.counselor_id as string,
              kind: 'declined' as const,
              atMs: off(d.closed_at),
            })),
          ],
          assignedAtMs: firstTaken?.type === 'assigned-by-coordinator' ? off(firstTaken.at) : null,
          widened,
          load,
          actualMs: firstTaken ? off(firstTaken.at) : null,
        };
      });
    },
    /** Each request submitted since `since`, with what it asked for (language, topic, lived experience). */
    async requestKinds(
      workspaceId: string,
      since: Date,
    ): Promise<{ requestId: string; language: string; topic: string; livedExperience: string[] }[]> {
      const rows = await db('help_requests')
        .where('workspace_id', workspaceId)
        .andWhere('created_at', '>=', since)
        .select('id', 'language', 'topic', 'lived_experience');
      return rows.map((r) => ({
        requestId: r.id,
        language: r.language,
        topic: r.topic,
        livedExperience: r.lived_experience ?? [],
      }));
    },
    /** Each request submitted since `since`, with when (and by whom) it was first taken. */
    async requestTimes(
      workspaceId: string,
      since: Date,
    ): Promise<{ requestId: string; submittedAt: Date; takenAt: Date | null; counselorId: string | null }[]> {
      const rows = await db('help_requests as r')
        .leftJoin('assignments as a', 'a.request_id', 'r.id')
        .where('r.workspace_id', workspaceId)
        .andWhere('r.created_at', '>=', since)
        .select('r.id', 'r.created_at', 'a.created_at as taken_at', 'a.counselor_id');
      return rows.map((r) => ({
        requestId: r.id,
        submittedAt: r.created_at,
        takenAt: r.taken_at ?? null,
        counselorId: r.counselor_id ?? null,
      }));
    },
    /** The first session agreed for each request submitted since `since`. */
    async sessionTimes(workspaceId: string, since: Date): Promise<{ requestId: string; sessionAt: Date }[]> {
      const rows = await db('request_events as e')
        .join('help_requests as r', 'r.id', 'e.request_id')
        .where('r.workspace_id', workspaceId)
        .andWhere('r.created_at', '>=', since)
        .andWhere('e.type', SESSION_SCHEDULED_EVENT)
        .groupBy('e.request_id')
        .select('e.request_id', db.raw("min(coalesce((e.data->>'startsAt')::timestamptz, e.at)) as session_at"));
      return rows.map((r) => ({ requestId: r.request_id, sessionAt: new Date(r.session_at) }));
    },
    /** Each wave sent for the requests submitted since `since` (the wave-sent timeline events). */
    async waveSends(
      workspaceId: string,
      since: Date,
    ): Promise<{ requestId: string; eventId: number; wave: number; channel: string; sent: number }[]> {
      const rows = await timeline(workspaceId, since, 'wave-sent').select(
        db.raw("(e.data->>'wave')::int as wave"),
        db.raw("e.data->>'channel' as channel"),
        db.raw("coalesce((e.data->>'sent')::int, 0) as sent"),
      );
      return rows.map((r: Record<string, any>) => ({
        requestId: r.request_id,
        eventId: Number(r.id),
        wave: r.wave,
        channel: r.channel,
        sent: r.sent,
      }));
    },
    /** Each counselor's accept (not a coordinator's assignment) on the requests submitted since `since`. */
    async accepts(workspaceId: string, since: Date): Promise<{ requestId: string; eventId: number }[]> {
      const rows = await timeline(workspaceId, since, 'accepted');
      return rows.map((r: Record<string, any>) => ({ requestId: r.request_id, eventId: Number(r.id) }));
    },
    /** The counselors of the workspace who can be offered requests (active, training complete), by name. */
    async pool(workspaceId: string): Promise<{ id: string; name: string; joinedAt: Date }[]> {
      const rows = await db('users as u')
        .join('counselor_profiles as p', 'p.user_id', 'u.id')
        .where('u.workspace_id', workspaceId)
        .andWhere('p.active', true)
        .andWhere('p.training_complete', true)
        .orderBy('u.name')
        .select('u.id', 'u.name', 'u.created_at');
      return rows.map((r) => ({ id: r.id, name: r.name, joinedAt: r.created_at }));
    },
    /**
     * When the head start was switched on and off: the audited policy changes, oldest first, and (for the
     * time before changes were audited) whether each request's policy snapshot had a head start.
     */
    async headStartHistory(
      workspaceId: string,
    ): Promise<{ changes: HeadStartChange[]; snapshots: HeadStartSnapshot[] }> {
      const [changes, snapshots] = await Promise.all([
        db('audit_log')
          .where({ workspace_id: workspaceId, action: POLICY_CHANGED })
          .orderBy('id')
          .select('at', db.raw("detail->'headStartWasOn' as was_on"), db.raw("detail->'headStartIsOn' as is_on")),
        db('help_requests as r')
          .join('dispatch_outbox as o', 'o.request_id', 'r.id')
          .where('r.workspace_id', workspaceId)
          .orderBy('r.created_at')
          .select('r.created_at', db.raw("o.workflow_input->'policy'->>'headStart' as head_start")),
      ]);
      return {
        changes: changes.map((c) => ({ at: c.at, wasOn: c.was_on === true, isOn: c.is_on === true })),
        snapshots: snapshots.map((r) => ({
          at: r.created_at,
          on: headStartOn({ headStart: r.head_start ?? undefined }),
        })),
      };
    },
    /**
     * Every counselor's accept (not a coordinator's assignment) of the requests submitted in [from, to), at the
     * request's submission: its policy snapshot, taken then, decided whether the offers had a head start.
     */
    async acceptsOfRequestsBetween(
      workspaceId: string,
      from: Date,
      to: Date,
    ): Promise<{ counselorId: string; at: Date }[]> {
      const rows = await db('request_events as e')
        .join('help_requests as r', 'r.id', 'e.request_id')
        .where('r.workspace_id', workspaceId)
        .andWhere('e.type', 'accepted')
        .andWhere('r.created_at', '>=', from)
        .andWhere('r.created_at', '<', to)
        .select(db.raw("e.data->>'counselorId' as counselor_id"), 'r.created_at');
      return rows.map((r) => ({ counselorId: r.counselor_id, at: r.created_at }));
    },
  };
}
export type MetricsStore = ReturnType<typeof createMetricsStore>;
