// The on-call rota's tables (oncall_rotas, oncall_overrides) and the questions asked of them: who is the on-call
// lead at a moment, and the shifts and gaps ahead. The arithmetic is domain/rota.ts; this file only loads its inputs.
import { hasRole } from '../../domain/roles';
import { isUuid } from '../../domain/ids';
import type { Knex } from 'knex';
import {
  gapsBetween,
  onCallAt,
  upcomingShifts,
  type Gap,
  type IsoWeekday,
  type OnCallSource,
  type Rota,
  type RotaOverride,
  type Shift,
} from '../../domain/rota';
import type { User } from '../../domain/types';
import type { UsersStore } from './users-store';

export interface RotaSettings extends Rota {
  workspaceId: string;
  updatedBy: string | null;
  updatedAt: Date;
}

export interface OnCallOverride extends RotaOverride {
  id: string;
  workspaceId: string;
  note: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface OnCallNow {
  lead: User | null;
  source: OnCallSource;
  note?: string;
}

/** A shift with its lead loaded (null in a gap). */
export interface UpcomingShift extends Shift {
  lead: User | null;
}

interface RotaRow {
  workspace_id: string;
  time_zone: string;
  handover_weekday: number;
  handover_time: string;
  lead_ids: string[];
  starts_on: string;
  updated_by: string | null;
  updated_at: Date;
}

interface OverrideRow {
  id: string;
  workspace_id: string;
  lead_id: string | null;
  starts_at: Date;
  ends_at: Date;
  note: string;
  created_by: string | null;
  created_at: Date;
}

const toRota = (r: RotaRow): RotaSettings => ({
  workspaceId: r.workspace_id,
  timeZone: r.time_zone,
  handoverWeekday: r.handover_weekday as IsoWeekday,
  handoverTime: r.handover_time,
  leadIds: r.lead_ids,
  startsOn: r.starts_on,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

const toOverride = (r: OverrideRow): OnCallOverride => ({
  id: r.id,
  workspaceId: r.workspace_id,
  leadId: r.lead_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const DAY_MS = 86_400_000;

export function createRotaStore(db: Knex, users: UsersStore) {
  // Dates and times as text: pg would turn a date into a Date at the server's midnight.
  const rotaColumns = [
    'workspace_id',
    'time_zone',
    'handover_weekday',
    db.raw(`to_char(handover_time, 'HH24:MI') as handover_time`),
    'lead_ids',
    db.raw(`to_char(starts_on, 'YYYY-MM-DD') as starts_on`),
    'updated_by',
    'updated_at',
  ];

  async function get(workspaceId: string): Promise<RotaSettings | null> {
    const row: RotaRow | undefined = await db('oncall_rotas')
      .where({ workspace_id: workspaceId })
      .select(rotaColumns)
      .first();
    return row ? toRota(row) : null;
  }

  /** Overrides that overlap [from, until), in the order they were added (a later one wins where they overlap). */
  async function overridesBetween(workspaceId: string, from: Date, until: Date): Promise<OnCallOverride[]> {
    const rows = await db<OverrideRow>('oncall_overrides')
      .where({ workspace_id: workspaceId })
      .where('ends_at', '>', from)
      .where('starts_at', '<', until)
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rows.map(toOverride);
  }

  /** The workspace's current leads: anyone else named by the rota is a gap. */
  async function leadsOf(workspaceId: string): Promise<Map<string, User>> {
    const staff = await users.listStaff(workspaceId);
    return new Map(staff.filter((u) => hasRole(u, 'lead')).map((u) => [u.id, u]));
  }

  async function inputs(workspaceId: string, from: Date, until: Date) {
    const [rota, overrides, leads] = await Promise.all([
      get(workspaceId),
      overridesBetween(workspaceId, from, until),
      leadsOf(workspaceId),
    ]);
    return { rota, overrides, leads, opts: { isLead: (id: string) => leads.has(id) } };
  }

  async function onCallNow(workspaceId: string, at: Date = new Date()): Promise<OnCallNow> {
    const { rota, overrides, leads, opts } = await inputs(workspaceId, at, new Date(at.getTime() + 1));
    const who = onCallAt(rota, overrides, at, opts);
    return {
      lead: who.leadId ? (leads.get(who.leadId) ?? null) : null,
      source: who.source,
      ...(who.note ? { note: who.note } : {}),
    };
  }

  return {
    get,
    leadsOf,

    /** Creates or replaces the workspace's rotation. Callers validate (zone, time, leads of this workspace). */
    async save(workspaceId: string, rota: Rota, updatedBy: string | null = null): Promise<RotaSettings> {
      await db('oncall_rotas')
        .insert({
          workspace_id: workspaceId,
          time_zone: rota.timeZone,
          handover_weekday: rota.handoverWeekday,
          handover_time: rota.handoverTime,
          lead_ids: [...rota.leadIds],
          starts_on: rota.startsOn,
          updated_by: updatedBy,
          updated_at: db.fn.now(),
        })
        .onConflict('workspace_id')
        .merge();
      return (await get(workspaceId)) as RotaSettings;
    },

    /** Every override that has not ended by `since` (default: now), in the order they were added. */
    async listOverrides(workspaceId: string, since: Date = new Date()): Promise<OnCallOverride[]> {
      return overridesBetween(workspaceId, since, new Date(8.64e15));
    },

    overridesBetween,

    async addOverride(
      workspaceId: string,
      input: { leadId: string | null; startsAt: Date; endsAt: Date; note?: string; createdBy?: string | null },
    ): Promise<OnCallOverride> {
      const [row] = await db<OverrideRow>('oncall_overrides')
        .insert({
          workspace_id: workspaceId,
          lead_id: input.leadId,
          starts_at: input.startsAt,
          ends_at: input.endsAt,
          note: input.note ?? '',
          created_by: input.createdBy ?? null,
        })
        .returning('*');
      return toOverride(row);
    },

    /** Removes one of the workspace's overrides; false when there is none with that id in this workspace. */
    async removeOverride(workspaceId: string, overrideId: string): Promise<boolean> {
      if (!isUuid(overrideId)) return false;
      const n = await db('oncall_overrides').where({ id: overrideId, workspace_id: workspaceId }).delete();
      return n > 0;
    },

    /** Who the rota says is on call at a moment, with the reason (a null lead is a gap). */
    onCallAt: onCallNow,

    /** The on-call lead at a moment, or null for a gap (then alerts go to the coordinators). */
    async onCallLead(workspaceId: string, at: Date = new Date()): Promise<User | null> {
      return (await onCallNow(workspaceId, at)).lead;
    },

    /** The shifts from `from` (default now) for `days` days, gaps included, each with its lead loaded. */
    async upcoming(workspaceId: string, days: number, from: Date = new Date()): Promise<UpcomingShift[]> {
      const until = new Date(from.getTime() + days * DAY_MS);
      const { rota, overrides, leads, opts } = await inputs(workspaceId, from, until);
      return upcomingShifts(rota, overrides, from, until, opts).map((s) => ({
        ...s,
        lead: s.leadId ? (leads.get(s.leadId) ?? null) : null,
      }));
    },

    /** When nobody is on call in the next `days` days (default from now). */
    async gaps(workspaceId: string, days: number, from: Date = new Date()): Promise<Gap[]> {
      const until = new Date(from.getTime() + days * DAY_MS);
      const { rota, overrides, opts } = await inputs(workspaceId, from, until);
      return gapsBetween(rota, overrides, from, until, opts);
    },

    /** Workspaces with a rota or an override still to end: the ones that can have a handover to remind of. */
    async workspacesWithRota(now: Date = new Date()): Promise<string[]> {
      const rows = await db
        .select('workspace_id')
        .from('oncall_rotas')
        .union((q) => q.select('workspace_id').from('oncall_overrides').where('ends_at', '>', now));
      return rows.map((r: { workspace_id: string }) => r.workspace_id).sort();
    },
  };
}
export type RotaStore = ReturnType<typeof createRotaStore>;
