// Counselor profiles as the pool pages edit them: training tiers, certifications, capacity, away periods,
// channels, quiet hours, and the workspace's own specialisms and lived-experience tags. Every call is
// scoped to a workspace: a counselor of another workspace is "not found".
import { isUuid } from '../../domain/ids';
import type { Knex } from 'knex';
import { LIVED_EXPERIENCE_LABELS, TOPIC_LABELS, type TeamWord, type VocabularyKind } from '../../domain/vocabulary';

export interface Certification {
  id: string;
  name: string;
  /** YYYY-MM-DD, the last day it is valid. */
  expiresOn: string;
}

export interface AwayPeriod {
  id: string;
  fromOn: string;
  untilOn: string;
}

export interface Signoff {
  id: string;
  sessionOn: string;
  signedOffBy: string | null;
  signedOffByName: string | null;
}

export interface CounselorProfile {
  userId: string;
  workspaceId: string;
  name: string;
  email: string;
  phone: string | null;
  phoneVerified: boolean;
  smsStopped: boolean;
  active: boolean;
  languages: string[];
  specialisms: string[];
  livedExperience: string[];
  capacityPerWeek: number | null;
  /** Sessions a month (the team's calendar month), beside the weekly limit; null = no monthly limit. */
  capacityPerMonth: number | null;
  qualifiedOn: string | null;
  programmeTrainedOn: string | null;
  channels: string[];
  quietStart: string | null;
  quietEnd: string | null;
  timeZone: string;
  signoffs: Signoff[];
  supervisedRequired: number;
  certifications: Certification[];
  away: AwayPeriod[];
}

export interface ProfileChanges {
  languages?: string[];
  specialisms?: string[];
  livedExperience?: string[];
  capacityPerWeek?: number | null;
  capacityPerMonth?: number | null;
  qualifiedOn?: string | null;
  programmeTrainedOn?: string | null;
  channels?: string[];
  quietStart?: string | null;
  quietEnd?: string | null;
  timeZone?: string;
  active?: boolean;
}

export type { VocabularyKind } from '../../domain/vocabulary';

/** A workspace's words: the built-in ones (their ids keep working) plus the ones it added. */
export interface Vocabulary {
  specialisms: Record<string, string>;
  livedExperience: Record<string, string>;
}

/** node-pg reads a `date` as local midnight: take the local calendar day back out. */
const day = (d: unknown): string | null => {
  if (d === null || d === undefined) return null;
  if (!(d instanceof Date)) return String(d).slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const hhmm = (t: string | null): string | null => (t ? t.slice(0, 5) : null);

const COLUMNS: Record<keyof ProfileChanges, string> = {
  languages: 'languages',
  specialisms: 'specialisms',
  livedExperience: 'lived_experience',
  capacityPerWeek: 'capacity_per_week',
  capacityPerMonth: 'capacity_per_month',
  qualifiedOn: 'qualified_on',
  programmeTrainedOn: 'programme_trained_on',
  channels: 'channels',
  quietStart: 'quiet_start',
  quietEnd: 'quiet_end',
  timeZone: 'time_zone',
  active: 'active',
};

/** A workspace_vocabulary row as the intake reads it (also read by the workspaces store's intake look-up). */
export const toTeamWord = (r: {
  kind: TeamWord['kind'];
  code: string;
  label: string;
  labels: Record<string, string> | null;
}): TeamWord => ({
  kind: r.kind,
  code: r.code,
  label: r.label,
  labels: r.labels ?? {},
});

export function createPoolStore(db: Knex) {
  async function counselorIn(trx: Knex | Knex.Transaction, workspaceId: string, counselorId: string) {
    return trx('counselor_profiles as p')
      .join('users as u', 'u.id', 'p.user_id')
      .where({ 'p.user_id': counselorId, 'p.workspace_id': workspaceId })
      .whereRaw(`'counselor' = any(u.roles)`)
      .first('p.user_id');
  }

  return {
    async getProfile(workspaceId: string, counselorId: string): Promise<CounselorProfile | undefined> {
      // Ids are uuids: anything else cannot name a counselor (and would be a query error).
      if (!isUuid(counselorId)) return undefined;
      const row = await db('counselor_profiles as p')
        .join('users as u', 'u.id', 'p.user_id')
        .join('workspaces as w', 'w.id', 'p.workspace_id')
        .where({ 'p.user_id': counselorId, 'p.workspace_id': workspaceId })
        .whereRaw(`'counselor' = any(u.roles)`)
        .first(
          'p.*',
          'u.name',
          'u.email',
          'u.phone',
          'u.phone_verified_at',
          'u.sms_stopped_at',
          'w.required_supervised_sessions',
        );
      if (!row) return undefined;
      const [signoffs, certifications, away] = await Promise.all([
        db('supervised_signoffs as s')
          .leftJoin('users as by', 'by.id', 's.signed_off_by')
          .where('s.counselor_id', counselorId)
          .orderBy([{ column: 's.session_on' }, { column: 's.created_at' }])
          .select('s.id', 's.session_on', 's.signed_off_by', 'by.name as by_name'),
        db('counselor_certifications').where({ counselor_id: counselorId }).orderBy(['expires_on', 'name']),
        db('counselor_away')
          .where({ counselor_id: counselorId })
          .andWhereRaw("until_on >= (now() at time zone 'UTC')::date")
          .orderBy('from_on'),
      ]);
      return {
        userId: row.user_id,
        workspaceId: row.workspace_id,
        name: row.name,
        email: row.email,
        phone: row.phone,
        phoneVerified: row.phone !== null && row.phone_verified_at !== null,
        smsStopped: row.sms_stopped_at !== null,
        active: row.active,
        languages: row.languages,
        specialisms: row.specialisms,
        livedExperience: row.lived_experience,
        capacityPerWeek: row.capacity_per_week,
        capacityPerMonth: row.capacity_per_month ?? null,
        qualifiedOn: day(row.qualified_on),
        programmeTrainedOn: day(row.programme_trained_on),
        channels: row.channels,
        quietStart: hhmm(row.quiet_start),
        quietEnd: hhmm(row.quiet_end),
        timeZone: row.time_zone,
        supervisedRequired: row.required_supervised_sessions,
        signoffs: signoffs.map((s) => ({
          id: s.id,
          sessionOn: day(s.session_on)!,
          signedOffBy: s.signed_off_by,
          signedOffByName: s.by_name,
        })),
        certifications: certifications.map((c) => ({ id: c.id, name: c.name, expiresOn: day(c.expires_on)! })),
        away: away.map((a) => ({ id: a.id, fromOn: day(a.from_on)!, untilOn: day(a.until_on)! })),
      };
    },

    /** A coordinator's whole profile form: contact and profile in one transaction, both or neither. */
    async saveCoordinatorEdit(
      workspaceId: string,
      counselorId: string,
      contact: { name: string; phone: string | null },
      changes: ProfileChanges,
    ): Promise<boolean> {
      return db.transaction(async (trx) => {
        const pool = createPoolStore(trx);
        return (
          (await pool.updateContact(workspaceId, counselorId, contact)) &&
          (await pool.updateProfile(workspaceId, counselorId, changes))
        );
      });
    },

    /** Applies the changes given (validated by the caller); false when the counselor is not in the workspace. */
    async updateProfile(workspaceId: string, counselorId: string, changes: ProfileChanges): Promise<boolean> {
      const columns: Record<string, unknown> = {};
      for (const [key, column] of Object.entries(COLUMNS) as [keyof ProfileChanges, string][]) {
        if (changes[key] !== undefined) columns[column] = changes[key];
      }
      const n = await db('counselor_profiles')
        .where({ user_id: counselorId, workspace_id: workspaceId })
        .update(Object.keys(columns).length ? columns : { user_id: counselorId });
      return n > 0;
    },

    /** Name and phone as a coordinator corrects them; a changed phone must be verified again before SMS. */
    async updateContact(
      workspaceId: string,
      counselorId: string,
      c: { name: string; phone: string | null },
    ): Promise<boolean> {
      const n = await db('users')
        .where({ id: counselorId, workspace_id: workspaceId })
        .whereRaw(`'counselor' = any(roles)`)
        .update({
          name: c.name,
          phone: c.phone,
          phone_verified_at: db.raw('case when phone is not distinct from ? then phone_verified_at end', [c.phone]),
        });
      return n > 0;
    },

    async signOffSupervised(
      workspaceId: string,
      counselorId: string,
      input: { sessionOn: string; signedOffBy: string | null },
    ): Promise<boolean> {
      return db.transaction(async (trx) => {
        if (!(await counselorIn(trx, workspaceId, counselorId))) return false;
        await trx('supervised_signoffs').insert({
          workspace_id: workspaceId,
          counselor_id: counselorId,
          session_on: input.sessionOn,
          signed_off_by: input.signedOffBy,
        });
        return true;
      });
    },

    async removeSignoff(workspaceId: string, counselorId: string, signoffId: string): Promise<boolean> {
      if (!isUuid(signoffId)) return false;
      const n = await db('supervised_signoffs')
        .where({ id: signoffId, counselor_id: counselorId, workspace_id: workspaceId })
        .delete();
      return n > 0;
    },

    async addCertification(
      workspaceId: string,
      counselorId: string,
      input: { name: string; expiresOn: string },
    ): Promise<boolean> {
      return db.transaction(async (trx) => {
        if (!(await counselorIn(trx, workspaceId, counselorId))) return false;
        // A renewal replaces the certification of the same name: the lapsed row must not keep them off dispatch.
        await trx('counselor_certifications')
          .where({ workspace_id: workspaceId, counselor_id: counselorId })
          .whereRaw('lower(name) = lower(?)', [input.name])
          .delete();
        await trx('counselor_certifications').insert({
          workspace_id: workspaceId,
          counselor_id: counselorId,
          name: input.name,
          expires_on: input.expiresOn,
        });
        return true;
      });
    },

    async removeCertification(workspaceId: string, counselorId: string, id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      const n = await db('counselor_certifications')
        .where({ id, counselor_id: counselorId, workspace_id: workspaceId })
        .delete();
      return n > 0;
    },

    async addAway(
      workspaceId: string,
      counselorId: string,
      input: { fromOn: string; untilOn: string },
    ): Promise<boolean> {
      return db.transaction(async (trx) => {
        if (!(await counselorIn(trx, workspaceId, counselorId))) return false;
        await trx('counselor_away').insert({
          workspace_id: workspaceId,
          counselor_id: counselorId,
          from_on: input.fromOn,
          until_on: input.untilOn,
        });
        return true;
      });
    },

    async removeAway(workspaceId: string, counselorId: string, id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      const n = await db('counselor_away').where({ id, counselor_id: counselorId, workspace_id: workspaceId }).delete();
      return n > 0;
    },

    async vocabulary(workspaceId: string): Promise<Vocabulary> {
      const rows = await db('workspace_vocabulary').where({ workspace_id: workspaceId }).orderBy('label');
      const own = (kind: VocabularyKind) =>
        Object.fromEntries(rows.filter((r) => r.kind === kind).map((r) => [r.code, r.label]));
      return {
        specialisms: { ...TOPIC_LABELS, ...own('specialism') },
        livedExperience: { ...LIVED_EXPERIENCE_LABELS, ...own('lived-experience') },
      };
    },

    /** The words the workspace added, with their label per language (the intake offers them beside the built-in ones). */
    async teamWords(workspaceId: string): Promise<TeamWord[]> {
      const rows = await db('workspace_vocabulary').where({ workspace_id: workspaceId }).orderBy(['kind', 'label']);
      return rows.map(toTeamWord);
    },

    /** Sets the other-language labels of a word the workspace added; false when it has no such word. */
    async setVocabularyLabels(
      workspaceId: string,
      kind: VocabularyKind,
      code: string,
      labels: Record<string, string>,
    ): Promise<boolean> {
      const n = await db('workspace_vocabulary')
        .where({ workspace_id: workspaceId, kind, code })
        .update({ labels: JSON.stringify(labels) });
      return n > 0;
    },

    /** Adds a word; false when the code is taken (built in or already added). */
    async addVocabulary(
      workspaceId: string,
      kind: VocabularyKind,
      code: string,
      label: string,
      /** Labels in the workspace's other page languages (language → label). */
      labels: Record<string, string> = {},
    ): Promise<boolean> {
      const builtIn = kind === 'specialism' ? TOPIC_LABELS : LIVED_EXPERIENCE_LABELS;
      if (code in builtIn) return false;
      const inserted = await db('workspace_vocabulary')
        .insert({ workspace_id: workspaceId, kind, code, label, labels: JSON.stringify(labels) })
        .onConflict(['workspace_id', 'kind', 'code'])
        .ignore()
        .returning('code');
      return inserted.length > 0;
    },

    async requiredSupervised(workspaceId: string): Promise<number> {
      const row = await db('workspaces').where({ id: workspaceId }).first('required_supervised_sessions');
      return row?.required_supervised_sessions ?? 3;
    },

    async setRequiredSupervised(workspaceId: string, n: number): Promise<void> {
      await db('workspaces').where({ id: workspaceId }).update({ required_supervised_sessions: n });
    },

    /** Certifications of the workspace's counselors that expire from today up to `days` ahead. */
    async expiringWithin(
      workspaceId: string,
      days: number,
    ): Promise<{ counselorId: string; name: string; certification: string; expiresOn: string }[]> {
      const rows = await db('counselor_certifications as c')
        .join('users as u', 'u.id', 'c.counselor_id')
        .where('c.workspace_id', workspaceId)
        .andWhereRaw("c.expires_on >= (now() at time zone 'UTC')::date")
        .andWhereRaw("c.expires_on <= (now() at time zone 'UTC')::date + ?::int", [days])
        .orderBy(['c.expires_on', 'u.name'])
        .select('c.counselor_id', 'u.name', 'c.name as certification', 'c.expires_on');
      return rows.map((r) => ({
        counselorId: r.counselor_id,
        name: r.name,
        certification: r.certification,
        expiresOn: day(r.expires_on)!,
      }));
    },
  };
}
export type PoolStore = ReturnType<typeof createPoolStore>;
