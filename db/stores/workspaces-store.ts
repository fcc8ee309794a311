import type { Knex } from 'knex';
import type { Workspace } from '../../domain/types';
import type { ServiceHours } from '../../domain/service-hours';
import type { TeamWord } from '../../domain/vocabulary';
import { toTeamWord } from './pool-store';

/** What the public intake needs of a workspace, read in one statement (see `forIntake`). */
export interface IntakeWorkspace {
  workspace: Workspace;
  /** The languages the requester pages speak (the board settings' `pageLanguages`). */
  pageLanguages: string[];
  /** The words the team added (`pool.teamWords`), in its order: kind, then label. */
  teamWords: TeamWord[];
  /** Null: always open (`serviceHours.get`). */
  serviceHours: ServiceHours | null;
}

interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  dispatch_policy: unknown;
  lock_screen_details?: boolean;
  time_zone: string;
  counselor_two_step: boolean;
  phone_country: string | null;
}

const toWorkspace = (r: WorkspaceRow): Workspace => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  dispatchPolicy: r.dispatch_policy,
  lockScreenDetails: r.lock_screen_details ?? false,
  timeZone: r.time_zone,
  counselorTwoStep: r.counselor_two_step,
  phoneCountry: r.phone_country ?? null,
});

export function createWorkspacesStore(db: Knex) {
  return {
    async create(
      input: {
        slug: string;
        name: string;
        dispatchPolicy: unknown;
        timeZone?: string;
        counselorTwoStep?: boolean;
        pageLanguages?: string[];
        phoneCountry?: string | null;
      },
      trx: Knex = db,
    ): Promise<Workspace> {
      const [row] = await trx<WorkspaceRow>('workspaces')
        .insert({
          slug: input.slug,
          name: input.name,
          dispatch_policy: JSON.stringify(input.dispatchPolicy),
          ...(input.timeZone ? { time_zone: input.timeZone } : {}),
          ...(input.counselorTwoStep !== undefined ? { counselor_two_step: input.counselorTwoStep } : {}),
          ...(input.pageLanguages ? { page_languages: input.pageLanguages } : {}),
          ...(input.phoneCountry ? { phone_country: input.phoneCountry } : {}),
        })
        .returning('*');
      return toWorkspace(row);
    },
    async getBySlug(slug: string): Promise<Workspace | undefined> {
      const row = await db<WorkspaceRow>('workspaces').where({ slug }).first();
      return row && toWorkspace(row);
    },
    /**
     * The workspace behind an intake form with what every intake page and submit reads of it: its page
     * languages, its own words and its service hours. One statement instead of four on the path to every
     * request (the same rows `board.settings`, `pool.teamWords` and `serviceHours.get` read).
     */
    async forIntake(slug: string): Promise<IntakeWorkspace | undefined> {
      const { rows } = await db.raw(
        `select w.*, coalesce((select json_agg(json_build_object('kind', v.kind, 'code', v.code, 'label', v.label,
                  'labels', v.labels) order by v.kind, v.label)
                from workspace_vocabulary v where v.workspace_id = w.id), '[]'::json) as team_words
           from workspaces w where w.slug = ?`,
        [slug],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        workspace: toWorkspace(row),
        pageLanguages: row.page_languages ?? ['en'],
        teamWords: (row.team_words as Parameters<typeof toTeamWord>[0][]).map(toTeamWord),
        serviceHours: (row.service_hours as ServiceHours | null | undefined) ?? null,
      };
    },
    async list(): Promise<(Workspace & { createdAt: Date })[]> {
      const rows = await db('workspaces').orderBy('created_at').select('*');
      return rows.map((r) => ({ ...toWorkspace(r), createdAt: r.created_at }));
    },
    /** The country of national phone formats; null: the time zone's. */
    async setPhoneCountry(id: string, country: string | null): Promise<void> {
      await db('workspaces').where({ id }).update({ phone_country: country });
    },
    async setCounselorTwoStep(id: string, on: boolean): Promise<void> {
      await db('workspaces').where({ id }).update({ counselor_two_step: on });
    },
    async getById(id: string): Promise<Workspace | undefined> {
      const row = await db<WorkspaceRow>('workspaces').where({ id }).first();
      return row && toWorkspace(row);
    },
    /** Whether SMS and email subjects may name the topic and hard-session category (off: discreet). */
    async setLockScreenDetails(id: string, on: boolean): Promise<void> {
      await db('workspaces').where({ id }).update({ lock_screen_details: on });
    },
    /** Replaces the dispatch policy; requests already running keep the snapshot they started with. */
    async updatePolicy(id: string, policy: unknown): Promise<Workspace | undefined> {
      const [row] = await db<WorkspaceRow>('workspaces')
        .where({ id })
        .update({ dispatch_policy: JSON.stringify(policy) })
        .returning('*');
      return row && toWorkspace(row);
    },
  };
}
export type WorkspacesStore = ReturnType<typeof createWorkspacesStore>;
