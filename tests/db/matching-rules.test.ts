// The match and its explanation on the real Postgres: 14 counselors x 3 requests, each exclusion reason at
// least once, asserting who is chosen (and in what order) and the reasons given for everyone else.
import { type MatchCriteria, type User, type Workspace } from '../../db';
import { createCounselor, createWorkspace } from '../helpers/stack';
import { storeAssignedRequest } from '../helpers/stored-requests';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();

const today = () => new Date().toISOString().slice(0, 10);
const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** An assignment of a stored request to the counselor, now: what capacity and ranking count. */
async function assign(ws: Workspace, counselorId: string) {
  await storeAssignedRequest(testDb, ws.id, counselorId);
}

describe('matching and its explanation', () => {
  let ws: Workspace;
  const c: Record<string, User> = {};
  const expiredOn = daysFromNow(-10);
  const awayUntil = daysFromNow(5);

  beforeAll(async () => {
    ws = await createWorkspace(testDb.stores);
    const full = {
      languages: ['ru', 'en'],
      specialisms: ['grief', 'general'],
      livedExperience: ['bereavement', 'parent'],
    };
    const make = async (key: string, profile: Record<string, unknown> = {}) => {
      c[key] = await createCounselor(testDb.stores, ws, { ...full, ...profile });
    };
    await make('ideal');
    await make('noRussian', { languages: ['en'] });
    await make('noGrief', { specialisms: ['trauma'] });
    await make('noParent', { livedExperience: ['bereavement'] });
    await make('atCapacity', { capacityPerWeek: 2 });
    await make('underCapacity', { capacityPerWeek: 2 });
    await make('supervised', { trainingComplete: false });
    await make('unqualified', { trainingComplete: false });
    await make('expired');
    await make('away');
    await make('awayLater');
    await make('paused');
    await make('inactive', { active: false });
    await make('many', { languages: ['en'], specialisms: ['trauma'], livedExperience: [], trainingComplete: false });

    await assign(ws, c.atCapacity.id);
    await assign(ws, c.atCapacity.id);
    await assign(ws, c.underCapacity.id);
    // Supervised practice 1 of the workspace's 3; the other tiers done.
    await testDb.stores.pool.updateProfile(ws.id, c.supervised.id, {
      qualifiedOn: '2024-05-01',
      programmeTrainedOn: '2025-01-10',
    });
    await testDb.stores.pool.signOffSupervised(ws.id, c.supervised.id, { sessionOn: '2025-02-01', signedOffBy: null });
    // Everything but the formal qualification.
    await testDb.stores.pool.updateProfile(ws.id, c.unqualified.id, { programmeTrainedOn: '2025-01-10' });
    for (let i = 0; i < 3; i++)
      await testDb.stores.pool.signOffSupervised(ws.id, c.unqualified.id, {
        sessionOn: '2025-02-01',
        signedOffBy: null,
      });
    await testDb.stores.pool.addCertification(ws.id, c.expired.id, { name: 'First aid', expiresOn: expiredOn });
    await testDb.stores.pool.addCertification(ws.id, c.expired.id, {
      name: 'Safeguarding',
      expiresOn: daysFromNow(200),
    });
    // A certification still valid (expires today, the last valid day) does not exclude.
    await testDb.stores.pool.addCertification(ws.id, c.ideal.id, { name: 'First aid', expiresOn: today() });
    await testDb.stores.pool.addAway(ws.id, c.away.id, { fromOn: daysFromNow(-1), untilOn: awayUntil });
    await testDb.stores.pool.addAway(ws.id, c.awayLater.id, { fromOn: daysFromNow(3), untilOn: daysFromNow(9) });
    await testDb.stores.pauses.pause({
      workspaceId: ws.id,
      counselorId: c.paused.id,
      source: 'debrief',
      reason: 'debrief pending',
    });
  });

  const TRAINING_NONE = [
    'training: formal qualification missing',
    'training: programme training missing',
    'training: supervised practice 0/3',
  ];

  // Reasons per counselor for each request; [] = offered.
  const table = (): { request: Omit<MatchCriteria, 'workspaceId'>; expect: Record<string, string[]> }[] => [
    {
      // A Russian-speaking parent dealing with bereavement.
      request: { language: 'ru', topics: ['grief'], livedExperience: ['bereavement', 'parent'] },
      expect: {
        ideal: [],
        noRussian: ['no Russian'],
        noGrief: ['no Grief'],
        noParent: ['no lived experience: Parent'],
        atCapacity: ['capacity 2/2 this week'],
        underCapacity: [],
        supervised: ['training: supervised practice 1/3'],
        unqualified: ['training: formal qualification missing'],
        expired: [`certification expired ${expiredOn}`],
        away: [`away until ${awayUntil}`],
        awayLater: [],
        paused: ['paused: debrief pending'],
        inactive: ['inactive'],
        many: [...TRAINING_NONE, 'no Russian', 'no Grief', 'no lived experience: Bereavement, Parent'],
      },
    },
    {
      request: { language: 'en', topics: ['general'], livedExperience: [] },
      expect: {
        ideal: [],
        noRussian: [],
        noGrief: ['no General support'],
        noParent: [],
        atCapacity: ['capacity 2/2 this week'],
        underCapacity: [],
        supervised: ['training: supervised practice 1/3'],
        unqualified: ['training: formal qualification missing'],
        expired: [`certification expired ${expiredOn}`],
        away: [`away until ${awayUntil}`],
        awayLater: [],
        paused: ['paused: debrief pending'],
        inactive: ['inactive'],
        many: [...TRAINING_NONE, 'no General support'],
      },
    },
    {
      // Widened to general support, and handed back by the ideal counselor.
      request: { language: 'ru', topics: ['grief', 'general'], livedExperience: [], exclude: [c.ideal.id] },
      expect: {
        ideal: ['handed this request back'],
        noRussian: ['no Russian'],
        noGrief: ['no Grief or General support'],
        noParent: [],
        atCapacity: ['capacity 2/2 this week'],
        underCapacity: [],
        supervised: ['training: supervised practice 1/3'],
        unqualified: ['training: formal qualification missing'],
        expired: [`certification expired ${expiredOn}`],
        away: [`away until ${awayUntil}`],
        awayLater: [],
        paused: ['paused: debrief pending'],
        inactive: ['inactive'],
        many: [...TRAINING_NONE, 'no Russian', 'no Grief or General support'],
      },
    },
  ];

  it('chooses exactly the counselors every rule allows and says why for everyone else (42 combinations)', async () => {
    let combinations = 0;
    for (const row of table()) {
      const criteria = { workspaceId: ws.id, ...row.request };
      const chosen = await testDb.stores.matching.matchCounselors(criteria);
      const explained = await testDb.stores.matching.explainMatch(criteria);
      const keyOf = new Map(Object.entries(c).map(([k, u]) => [u.id, k]));

      const expectedChosen = Object.entries(row.expect)
        .filter(([, reasons]) => reasons.length === 0)
        .map(([k]) => k)
        .sort();
      expect(chosen.map((id) => keyOf.get(id)).sort()).toEqual(expectedChosen);
      // Breadth first: the one with a session this week comes after those without.
      expect(keyOf.get(chosen[chosen.length - 1])).toBe('underCapacity');

      expect(explained).toHaveLength(Object.keys(row.expect).length);
      for (const e of explained) {
        const key = keyOf.get(e.userId)!;
        expect({ key, reasons: e.reasons }).toEqual({ key, reasons: row.expect[key] });
        expect(e.offered).toBe(row.expect[key].length === 0);
        combinations += 1;
      }
      // The explanation's "offered" is the match, nobody more or less.
      expect(
        explained
          .filter((e) => e.offered)
          .map((e) => e.userId)
          .sort(),
      ).toEqual([...chosen].sort());
    }
    expect(combinations).toBeGreaterThanOrEqual(30);
  });

  it('lets a counselor back in once the reason is gone: capacity freed by a new limit, the pause lifted', async () => {
    const criteria = { workspaceId: ws.id, language: 'en', topics: ['general'], livedExperience: [] };
    expect(await testDb.stores.matching.matchCounselors(criteria)).not.toContain(c.atCapacity.id);
    await testDb.stores.pool.updateProfile(ws.id, c.atCapacity.id, { capacityPerWeek: 3 });
    expect(await testDb.stores.matching.matchCounselors(criteria)).toContain(c.atCapacity.id);
    await testDb.stores.pool.updateProfile(ws.id, c.atCapacity.id, { capacityPerWeek: 2 });

    const [pause] = await testDb.stores.pauses.openFor(c.paused.id);
    await testDb.stores.pauses.lift(ws.id, pause.id, null);
    expect(await testDb.stores.matching.matchCounselors(criteria)).toContain(c.paused.id);
  });

  it('shows the pool without a request: live or not and why, and availability', async () => {
    const status = await testDb.stores.matching.poolStatus(ws.id);
    const byKey = new Map(status.map((s) => [Object.entries(c).find(([, u]) => u.id === s.userId)![0], s]));
    expect(byKey.get('supervised')!.notLive).toEqual(['training: supervised practice 1/3']);
    expect(byKey.get('expired')!.notLive).toEqual([`certification expired ${expiredOn}`]);
    expect(byKey.get('away')!.notLive).toEqual([]);
    expect(byKey.get('away')!.reasons).toEqual([`away until ${awayUntil}`]);
    expect(byKey.get('noRussian')!.reasons).toEqual([]);
    expect(byKey.get('many')!.notLive).toEqual(TRAINING_NONE);
  });

  it('keeps counselors of another workspace out of both', async () => {
    const other = await createWorkspace(testDb.stores);
    const outsider = await createCounselor(testDb.stores, other);
    const criteria = { workspaceId: ws.id, language: 'en', topics: ['general'], livedExperience: [] };
    expect(await testDb.stores.matching.matchCounselors(criteria)).not.toContain(outsider.id);
    expect((await testDb.stores.matching.explainMatch(criteria)).map((e) => e.userId)).not.toContain(outsider.id);
  });
});
