// The rota store on the real Postgres: saving the rotation, overrides, and the on-call lead it answers with.
import { dueHandoverReminders, type User, type Workspace } from '../../db';
import type { Rota } from '../../domain/rota';
import { createStaff, createWorkspace } from '../helpers/stack';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();

const at = (iso: string) => new Date(iso);

async function team(): Promise<{ ws: Workspace; a: User; b: User; coordinator: User }> {
  const ws = await createWorkspace(testDb.stores);
  const [a, b, coordinator] = await Promise.all([
    createStaff(testDb.stores, ws, 'lead'),
    createStaff(testDb.stores, ws, 'lead'),
    createStaff(testDb.stores, ws, 'coordinator'),
  ]);
  return { ws, a, b, coordinator };
}

const mondays = (leadIds: string[]): Rota => ({
  timeZone: 'Europe/Tallinn',
  handoverWeekday: 1,
  handoverTime: '09:00',
  leadIds,
  startsOn: '2026-03-02',
});

describe('the rota store', () => {
  it('has no rota until one is saved, and saving again replaces it', async () => {
    const { ws, a, b, coordinator } = await team();
    expect(await testDb.stores.rota.get(ws.id)).toBeNull();
    expect(await testDb.stores.rota.onCallLead(ws.id, at('2026-03-10T00:00:00Z'))).toBeNull();

    const saved = await testDb.stores.rota.save(ws.id, mondays([a.id, b.id]), coordinator.id);
    expect(saved).toMatchObject({ ...mondays([a.id, b.id]), workspaceId: ws.id, updatedBy: coordinator.id });
    expect(saved.updatedAt).toBeInstanceOf(Date);

    await testDb.stores.rota.save(ws.id, {
      ...mondays([b.id, a.id]),
      handoverWeekday: 7,
      handoverTime: '18:30',
      startsOn: '2026-03-01',
    });
    expect(await testDb.stores.rota.get(ws.id)).toMatchObject({
      timeZone: 'Europe/Tallinn',
      handoverWeekday: 7,
      handoverTime: '18:30',
      leadIds: [b.id, a.id],
      startsOn: '2026-03-01',
      updatedBy: null,
    });
    expect(await testDb.db('oncall_rotas').where({ workspace_id: ws.id }).count()).toEqual([{ count: '1' }]);
  });

  it('answers the on-call lead as a User, following the rotation across the spring-forward change', async () => {
    const { ws, a, b } = await team();
    await testDb.stores.rota.save(ws.id, mondays([a.id, b.id]));
    expect(await testDb.stores.rota.onCallLead(ws.id, at('2026-03-02T06:59:00Z'))).toBeNull(); // before the first handover
    expect(await testDb.stores.rota.onCallLead(ws.id, at('2026-03-02T07:00:00Z'))).toEqual(a);
    expect(await testDb.stores.rota.onCallLead(ws.id, at('2026-03-30T05:59:00Z'))).toEqual(b);
    expect(await testDb.stores.rota.onCallLead(ws.id, at('2026-03-30T06:00:00Z'))).toEqual(a);
    expect(await testDb.stores.rota.onCallAt(ws.id, at('2026-03-30T06:00:00Z'))).toEqual({
      lead: a,
      source: 'rotation',
    });
  });

  it('lets an override win, a "nobody" override make a gap, and removes overrides of its own workspace only', async () => {
    const { ws, a, b, coordinator } = await team();
    const other = await team();
    await testDb.stores.rota.save(ws.id, mondays([a.id, b.id]));
    const swap = await testDb.stores.rota.addOverride(ws.id, {
      leadId: b.id,
      startsAt: at('2026-03-03T00:00:00Z'),
      endsAt: at('2026-03-05T00:00:00Z'),
      note: 'swap with B',
      createdBy: coordinator.id,
    });
    const off = await testDb.stores.rota.addOverride(ws.id, {
      leadId: null,
      startsAt: at('2026-03-04T00:00:00Z'),
      endsAt: at('2026-03-04T12:00:00Z'),
    });
    expect(swap).toMatchObject({ workspaceId: ws.id, leadId: b.id, note: 'swap with B', createdBy: coordinator.id });
    expect(off).toMatchObject({ leadId: null, note: '', createdBy: null });

    expect(await testDb.stores.rota.onCallAt(ws.id, at('2026-03-03T12:00:00Z'))).toEqual({
      lead: b,
      source: 'override',
      note: 'swap with B',
    });
    expect(await testDb.stores.rota.onCallAt(ws.id, at('2026-03-04T06:00:00Z'))).toEqual({
      lead: null,
      source: 'override',
    });
    expect(await testDb.stores.rota.onCallLead(ws.id, at('2026-03-04T12:00:00Z'))).toEqual(b);
    expect(await testDb.stores.rota.onCallLead(ws.id, at('2026-03-05T00:00:00Z'))).toEqual(a);

    expect((await testDb.stores.rota.listOverrides(ws.id, at('2026-03-01T00:00:00Z'))).map((o) => o.id)).toEqual([
      swap.id,
      off.id,
    ]);
    expect(await testDb.stores.rota.listOverrides(ws.id, at('2026-03-05T00:00:00Z'))).toEqual([]);

    expect(await testDb.stores.rota.removeOverride(other.ws.id, off.id)).toBe(false);
    expect(await testDb.stores.rota.removeOverride(ws.id, 'not-a-uuid')).toBe(false);
    expect(await testDb.stores.rota.removeOverride(ws.id, off.id)).toBe(true);
    expect(await testDb.stores.rota.removeOverride(ws.id, off.id)).toBe(false);
    expect(await testDb.stores.rota.onCallLead(ws.id, at('2026-03-04T06:00:00Z'))).toEqual(b);
  });

  it('refuses an override that ends before it starts', async () => {
    const { ws, a } = await team();
    await expect(
      testDb.stores.rota.addOverride(ws.id, {
        leadId: a.id,
        startsAt: at('2026-03-04T00:00:00Z'),
        endsAt: at('2026-03-03T00:00:00Z'),
      }),
    ).rejects.toThrow(/oncall_overrides_interval/);
  });

  it('treats someone who is no longer a lead of the workspace, or a lead of another one, as a gap', async () => {
    const { ws, a, b } = await team();
    const stranger = (await team()).a;
    await testDb.stores.rota.save(ws.id, mondays([a.id, b.id, stranger.id]));
    await testDb.db('users').where({ id: b.id }).update({ role: 'counselor' });
    expect(await testDb.stores.rota.onCallLead(ws.id, at('2026-03-02T08:00:00Z'))).toEqual(a);
    expect(await testDb.stores.rota.onCallAt(ws.id, at('2026-03-09T08:00:00Z'))).toEqual({
      lead: null,
      source: 'rotation',
    });
    expect(await testDb.stores.rota.onCallLead(ws.id, at('2026-03-16T08:00:00Z'))).toBeNull();
    expect(await testDb.stores.rota.gaps(ws.id, 21, at('2026-03-02T07:00:00Z'))).toEqual([
      { startsAt: at('2026-03-09T07:00:00Z'), endsAt: at('2026-03-23T07:00:00Z') },
    ]);
  });

  it('lists upcoming shifts with their leads, and the gaps between them', async () => {
    const { ws, a, b } = await team();
    await testDb.stores.rota.save(ws.id, mondays([a.id, b.id]));
    await testDb.stores.rota.addOverride(ws.id, {
      leadId: null,
      startsAt: at('2026-03-25T00:00:00Z'),
      endsAt: at('2026-03-26T00:00:00Z'),
      note: 'B away for a day',
    });
    const shifts = await testDb.stores.rota.upcoming(ws.id, 14, at('2026-03-23T07:00:00Z'));
    expect(
      shifts.map((s) => [s.lead?.name ?? null, s.leadId, s.source, s.startsAt.toISOString(), s.endsAt.toISOString()]),
    ).toEqual([
      [b.name, b.id, 'rotation', '2026-03-23T07:00:00.000Z', '2026-03-25T00:00:00.000Z'],
      [null, null, 'override', '2026-03-25T00:00:00.000Z', '2026-03-26T00:00:00.000Z'],
      [b.name, b.id, 'rotation', '2026-03-26T00:00:00.000Z', '2026-03-30T06:00:00.000Z'],
      [a.name, a.id, 'rotation', '2026-03-30T06:00:00.000Z', '2026-04-06T06:00:00.000Z'],
      // 14 days of 24 h end an hour after the handover: the spring-forward week was an hour short.
      [b.name, b.id, 'rotation', '2026-04-06T06:00:00.000Z', '2026-04-06T07:00:00.000Z'],
    ]);
    expect(shifts[1].note).toBe('B away for a day');
    expect(await testDb.stores.rota.gaps(ws.id, 14, at('2026-03-23T07:00:00Z'))).toEqual([
      { startsAt: at('2026-03-25T00:00:00Z'), endsAt: at('2026-03-26T00:00:00Z') },
    ]);
  });
});

describe('dueHandoverReminders', () => {
  it('names the lead whose shift starts within the window, once per start, and not a lead who stays on call', async () => {
    const { ws, a, b } = await team();
    const solo = await team();
    await testDb.stores.rota.save(ws.id, mondays([a.id, b.id]));
    await testDb.stores.rota.save(solo.ws.id, mondays([solo.a.id]));
    const mine = async (now: string, windowMs: number) =>
      (await dueHandoverReminders(testDb.stores, at(now), windowMs)).filter((r) =>
        [ws.id, solo.ws.id].includes(r.workspaceId),
      );

    // The handover to A on Mon 30 Mar is at 09:00 EEST = 06:00Z (the first one after the spring-forward change).
    const due = await mine('2026-03-30T04:00:00Z', 2 * 3_600_000);
    expect(due).toEqual([
      {
        workspaceId: ws.id,
        lead: a,
        startsAt: at('2026-03-30T06:00:00Z'),
        endsAt: at('2026-04-06T06:00:00Z'),
        source: 'rotation',
        previousLeadId: b.id,
        key: `oncall-handover:${ws.id}:${a.id}:2026-03-30T06:00:00.000Z`,
      },
    ]);
    // The window is (now, now + window]: not yet due an hour and a minute before, no longer due at the handover.
    expect(await mine('2026-03-30T04:59:00Z', 3_600_000)).toEqual([]);
    expect(await mine('2026-03-30T06:00:00Z', 3_600_000)).toEqual([]);
    // An override handing over to B is a handover too, with its note.
    await testDb.stores.rota.addOverride(ws.id, {
      leadId: b.id,
      startsAt: at('2026-04-01T10:00:00Z'),
      endsAt: at('2026-04-02T10:00:00Z'),
      note: 'swap',
    });
    expect(await mine('2026-04-01T09:30:00Z', 3_600_000)).toMatchObject([
      { workspaceId: ws.id, lead: b, source: 'override', note: 'swap', previousLeadId: a.id },
    ]);
  });
});
