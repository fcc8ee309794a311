// Lead shift swaps on the real stack: a lead offers a shift, another takes it; the rota (on-call lookup, handover
// reminder) follows the taker, the coordinators and the giver are told once (a coordinator in quiet hours when those
// end), everything is audited; every refusal says why and changes nothing; two takers racing get one winner.
import type { User, Workspace } from '../../db';
import { dueHandoverReminders } from '../../db';
import { REMINDER_LEAD_MS } from '../../activities/handover-reminders';
import { localDateTime, type IsoWeekday, type Rota } from '../../domain/rota';
import { shiftSwapNoticeWorkflowId } from '../../workflows/shift-swap-notice-workflow';
import { getPage, postForm, textOf, type Session } from '../helpers/forms';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack, waitFor } from '../helpers/stack';

const stack = useTestStack();

const ZONE = 'Europe/Tallinn';
const DAY = 86_400_000;
const url = (path: string) => `${stack.baseUrl}${path}`;

interface Team {
  ws: Workspace;
  coordinator: User;
  coordinatorSession: Session;
  /** Three leads in rotation order; `now` is on call now, `giver` has the next shift, `taker` the one after. */
  leads: Record<'now' | 'giver' | 'taker', User>;
  sessions: Record<'now' | 'giver' | 'taker', Session>;
  /** The giver's next shift, as the rota computes it. */
  shift: { startsAt: Date; endsAt: Date };
  /** The shift running now (the `now` lead's), unclipped start. */
  running: { startsAt: Date };
}

/** A rotation of three whose handover is 3 days ahead: nothing changes hands while a test runs. */
function rotaFor(leadIds: string[]): Rota {
  const now = new Date();
  return {
    timeZone: ZONE,
    handoverWeekday: localDateTime(new Date(now.getTime() + 3 * DAY), ZONE).weekday as IsoWeekday,
    handoverTime: '09:00',
    leadIds,
    startsOn: localDateTime(new Date(now.getTime() - 21 * DAY), ZONE).date,
  };
}

async function team(): Promise<Team> {
  const ws = await createWorkspace(stack.stores);
  const coordinator = await createStaff(stack.stores, ws);
  const ls = [
    await createStaff(stack.stores, ws, 'lead'),
    await createStaff(stack.stores, ws, 'lead'),
    await createStaff(stack.stores, ws, 'lead'),
  ];
  await stack.stores.rota.save(ws.id, rotaFor(ls.map((l) => l.id)));
  const shifts = await stack.stores.rota.upcoming(ws.id, 20);
  // Named by their place in the weeks ahead, so the messages read the same whoever the rotation put first.
  const roles = { now: shifts[0].leadId, giver: shifts[1].leadId, taker: shifts[2].leadId };
  const names = { now: 'Lead Anu', giver: 'Lead Berit', taker: 'Lead Carl' };
  const leads = {} as Team['leads'];
  for (const k of ['now', 'giver', 'taker'] as const) {
    await stack.db('users').where({ id: roles[k] }).update({ name: names[k] });
    leads[k] = { ...ls.find((l) => l.id === roles[k])!, name: names[k] };
  }
  const sessions = {
    now: await loginSession(stack.baseUrl, leads.now.email),
    giver: await loginSession(stack.baseUrl, leads.giver.email),
    taker: await loginSession(stack.baseUrl, leads.taker.email),
  };
  return {
    ws,
    coordinator,
    coordinatorSession: await loginSession(stack.baseUrl, coordinator.email),
    leads,
    sessions,
    shift: { startsAt: shifts[1].startsAt, endsAt: shifts[1].endsAt },
    running: { startsAt: new Date(shifts[1].startsAt.getTime() - 7 * DAY) },
  };
}

const swapsOf = (ws: Workspace) => stack.db('shift_swaps').where({ workspace_id: ws.id }).orderBy('created_at');
const overridesOf = (ws: Workspace) => stack.stores.rota.listOverrides(ws.id, new Date(0));
const offer = (t: Team, who: Session, startsAt: Date, note = '') =>
  postForm(url('/on-call/swaps'), who, { startsAt: startsAt.toISOString(), note });
const take = (who: Session, swapId: string, opts: { csrf?: boolean } = {}) =>
  postForm(url(`/on-call/swaps/${swapId}/take`), who, {}, opts);
const withdraw = (who: Session, swapId: string) => postForm(url(`/on-call/swaps/${swapId}/withdraw`), who, {});

async function offered(t: Team, note = ''): Promise<string> {
  const res = await offer(t, t.sessions.giver, t.shift.startsAt, note);
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/on-call/swaps?done=offered');
  const [row] = await stack.db('shift_swaps').where({ workspace_id: t.ws.id, status: 'open' });
  return row.id;
}

/** A refusal: 409, the reason on the page, and "Nothing was changed". */
async function expectRefused(res: Response, reason: RegExp) {
  expect(res.status).toBe(409);
  const text = textOf(await res.text(), 'swap-error');
  expect(text).toMatch(reason);
  expect(text).toMatch(/Nothing was changed/);
}

const emailsTo = async (u: User, subject: RegExp) =>
  (await stack.stores.devOutbox.list({ to: u.email, kind: 'email' })).filter((m) => subject.test(m.subject ?? ''));

describe('a lead offers a shift and another takes it', () => {
  it('moves the shift to the taker: on-call lookup, handover reminder, pages; tells the coordinators and the giver once; audits', async () => {
    const t = await team();
    const mid = new Date(t.shift.startsAt.getTime() + DAY);
    expect((await stack.stores.rota.onCallLead(t.ws.id, mid))?.id).toBe(t.leads.giver.id);

    const mine = await (await getPage(url('/on-call/swaps'), t.sessions.giver)).text();
    expect(mine).toContain(`name="startsAt" value="${t.shift.startsAt.toISOString()}"`);
    const swapId = await offered(t, 'Family wedding');

    // The other leads see it on their home page; the coordinators are warned while nobody has taken it.
    const takerHome = await (await getPage(url('/'), t.sessions.taker)).text();
    expect(textOf(takerHome, 'swap-home')).toContain('Lead Berit offers the shift');
    const giverHome = await (await getPage(url('/'), t.sessions.giver)).text();
    expect(textOf(giverHome, 'swap-home')).toBe('');
    const warned = await (await getPage(url('/'), t.coordinatorSession)).text();
    expect(textOf(warned, 'swap-warnings')).toMatch(/Lead Berit offered the shift .* nobody has taken it yet/);
    expect(textOf(await (await getPage(url('/on-call/swaps'), t.sessions.taker)).text(), 'swap-open')).toContain(
      'Family wedding',
    );

    const res = await take(t.sessions.taker, swapId);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/on-call/swaps?done=taken');

    // The rota: an override puts the taker on call for exactly that shift.
    const [override] = await overridesOf(t.ws);
    expect(override).toMatchObject({ leadId: t.leads.taker.id, ...t.shift, note: 'Shift swap: taken from Lead Berit' });
    expect((await stack.stores.rota.onCallLead(t.ws.id, mid))?.id).toBe(t.leads.taker.id);
    expect((await stack.stores.rota.onCallLead(t.ws.id, new Date()))?.id).toBe(t.leads.now.id);
    const [row] = await swapsOf(t.ws);
    expect(row).toMatchObject({ status: 'taken', taker_id: t.leads.taker.id, override_id: override.id });

    // The handover reminder an hour before the shift goes to the taker, not the giver.
    const due = (
      await dueHandoverReminders(stack.stores, new Date(t.shift.startsAt.getTime() - 30 * 60_000), REMINDER_LEAD_MS)
    ).filter((r) => r.workspaceId === t.ws.id);
    expect(due.map((r) => [r.lead.id, r.startsAt.toISOString()])).toEqual([
      [t.leads.taker.id, t.shift.startsAt.toISOString()],
    ]);

    // Told: the coordinator and the giver, once each; not the taker (who did it).
    await stack.temporal.workflow.getHandle(shiftSwapNoticeWorkflowId(swapId)).result();
    const subject = /On-call swap: Lead Carl took a shift of Lead Berit/;
    const [toCoordinator] = await emailsTo(t.coordinator, subject);
    expect(toCoordinator.body).toContain('Lead Carl took the on-call shift Lead Berit offered');
    expect(toCoordinator.body).toContain(`(${ZONE})`);
    expect(await emailsTo(t.coordinator, subject)).toHaveLength(1);
    expect(await emailsTo(t.leads.giver, subject)).toHaveLength(1);
    expect(await emailsTo(t.leads.taker, subject)).toHaveLength(0);

    // The pages: the warning is gone, the swap shows as taken, the giver has no such shift left to offer.
    expect(textOf(await (await getPage(url('/'), t.coordinatorSession)).text(), 'swap-warnings')).toBe('');
    const after = await (await getPage(url('/on-call/swaps'), t.coordinatorSession)).text();
    expect(textOf(after, 'swap-history')).toMatch(/Lead Berit’s shift from .* taken by Lead Carl/);
    const giverPage = await (await getPage(url('/on-call/swaps'), t.sessions.giver)).text();
    expect(giverPage).not.toContain(`value="${t.shift.startsAt.toISOString()}"`);
    expect(textOf(await (await getPage(url('/on-call'), t.sessions.taker)).text(), 'my-shifts')).toContain('Override');

    const audit = await stack
      .db('audit_log')
      .where({ workspace_id: t.ws.id })
      .whereIn('action', ['shift-swap.offered', 'shift-swap.taken'])
      .orderBy('id');
    expect(audit.map((a) => [a.action, a.actor_id, a.subject_id])).toEqual([
      ['shift-swap.offered', t.leads.giver.id, swapId],
      ['shift-swap.taken', t.leads.taker.id, swapId],
    ]);
    expect(audit[1].detail).toMatchObject({ giverId: t.leads.giver.id, overrideId: override.id });
  });

  it('tells a coordinator in their quiet hours when those end, the others at once', async () => {
    const t = await team();
    const sleeper = await createStaff(stack.stores, t.ws);
    const swapId = await offered(t);
    const hhmmss = (d: Date) => d.toISOString().slice(11, 19);
    const quietEnd = new Date(Date.now() + 30_000);
    await stack.stores.heldAlerts.setStaffQuietHours(sleeper.id, {
      quietStart: hhmmss(new Date(Date.now() - 3_600_000)),
      quietEnd: hhmmss(quietEnd),
      timeZone: 'UTC',
    });
    expect((await take(t.sessions.taker, swapId)).status).toBe(303);
    const subject = /On-call swap: Lead Carl took a shift/;
    await waitFor('the awake coordinator’s notice', async () => {
      if ((await emailsTo(t.coordinator, subject)).length === 0) throw new Error('not yet');
    });
    const handle = stack.temporal.workflow.getHandle(shiftSwapNoticeWorkflowId(swapId));
    // The sleeper's notice waits on a durable timer to the end of their hours.
    await waitFor('a durable timer to the end of the sleeper’s quiet hours', async () => {
      const history = await handle.fetchHistory();
      if (!history.events?.some((e) => e.timerStartedEventAttributes)) throw new Error('no timer yet');
    });
    await handle.result();
    const [late] = await emailsTo(sleeper, subject);
    expect(late.receivedAt.getTime()).toBeGreaterThanOrEqual(Math.floor(quietEnd.getTime() / 1000) * 1000);
    expect(await emailsTo(sleeper, subject)).toHaveLength(1);
  }, 120_000);
});

describe('refusals change nothing', () => {
  it('refuses offering a shift that is not yours, one already started, one already offered or taken, and bad input', async () => {
    const t = await team();
    await expectRefused(await offer(t, t.sessions.taker, t.shift.startsAt), /not your shift/);
    await expectRefused(await offer(t, t.sessions.now, t.running.startsAt), /already started/);
    await expectRefused(await offer(t, t.coordinatorSession, t.shift.startsAt), /not your shift/);
    expect((await offer(t, t.sessions.giver, t.shift.startsAt)).status).toBe(303);
    expect(await swapsOf(t.ws)).toHaveLength(1);
    await expectRefused(await offer(t, t.sessions.giver, t.shift.startsAt), /already offered/);
    const garbage = await postForm(url('/on-call/swaps'), t.sessions.giver, { startsAt: 'next tuesday' });
    expect(garbage.status).toBe(400);
    expect(textOf(await garbage.text(), 'swap-error')).toMatch(/Choose one of your shifts to offer/);
    expect(await swapsOf(t.ws)).toHaveLength(1);

    const [row] = await swapsOf(t.ws);
    expect((await take(t.sessions.taker, row.id)).status).toBe(303);
    await expectRefused(await offer(t, t.sessions.giver, t.shift.startsAt), /already taken this shift from you/);
    expect(await swapsOf(t.ws)).toHaveLength(1);
    expect(await overridesOf(t.ws)).toHaveLength(1);
  });

  it('refuses taking your own offer, a taken or withdrawn one, and a taker who is not a lead, of another team, or deactivated', async () => {
    const t = await team();
    const swapId = await offered(t);
    const counselor = await loginSession(stack.baseUrl, (await createCounselor(stack.stores, t.ws)).email);
    const stranger = await loginSession(
      stack.baseUrl,
      (await createStaff(stack.stores, await createWorkspace(stack.stores), 'lead')).email,
    );
    const leaving = await createStaff(stack.stores, t.ws, 'lead');
    const leavingSession = await loginSession(stack.baseUrl, leaving.email);
    await stack.stores.team.deactivate(leaving.id, null);

    await expectRefused(await take(t.sessions.giver, swapId), /your own offer/);
    await expectRefused(await take(t.coordinatorSession, swapId), /Only a lead can take/);
    expect((await take(counselor, swapId)).status).toBe(403);
    expect((await take(stranger, swapId)).status).toBe(404);
    expect((await take(leavingSession, swapId)).status).toBe(401);
    expect((await take(t.sessions.taker, swapId, { csrf: false })).status).toBe(403);
    expect((await take(t.sessions.taker, 'not-a-uuid')).status).toBe(404);
    expect(await swapsOf(t.ws)).toMatchObject([{ status: 'open', taker_id: null }]);
    expect(await overridesOf(t.ws)).toEqual([]);

    expect((await withdraw(t.sessions.giver, swapId)).status).toBe(303);
    await expectRefused(await take(t.sessions.taker, swapId), /withdrawn/);
    expect(await overridesOf(t.ws)).toEqual([]);

    const again = await offered(t);
    expect((await take(t.sessions.taker, again)).status).toBe(303);
    await expectRefused(await take(t.sessions.now, again), /already taken/);
    expect(await overridesOf(t.ws)).toHaveLength(1);
  });

  it('lets only the giver or a coordinator withdraw an open offer, once', async () => {
    const t = await team();
    const swapId = await offered(t);
    await expectRefused(await withdraw(t.sessions.taker, swapId), /not your shift/);
    expect((await withdraw(t.coordinatorSession, swapId)).status).toBe(303);
    await expectRefused(await withdraw(t.sessions.giver, swapId), /withdrawn/);
    const again = await offered(t);
    const res = await withdraw(t.sessions.giver, again);
    expect(res.headers.get('location')).toBe('/on-call/swaps?done=withdrawn');
    expect((await swapsOf(t.ws)).map((r) => r.status)).toEqual(['withdrawn', 'withdrawn']);
    expect(
      // In the order they withdrew (a select without an order may come back in any).
      await stack
        .db('audit_log')
        .where({ workspace_id: t.ws.id, action: 'shift-swap.withdrawn' })
        .orderBy('id')
        .pluck('actor_id'),
    ).toEqual([t.coordinator.id, t.leads.giver.id]);
  });
});

it('gives a raced offer to exactly one of the leads who take it at once', async () => {
  const t = await team();
  const extra = await createStaff(stack.stores, t.ws, 'lead');
  const extraSession = await loginSession(stack.baseUrl, extra.email);
  const swapId = await offered(t);
  const takers = [t.sessions.taker, t.sessions.now, extraSession];
  const results = await Promise.all(takers.map((s) => take(s, swapId)));
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([303, 409, 409]);
  const winner = [t.leads.taker, t.leads.now, extra][results.findIndex((r) => r.status === 303)];
  for (const r of results.filter((x) => x.status === 409)) await expectRefused(r, /already taken/);
  const overrides = await overridesOf(t.ws);
  expect(overrides.map((o) => o.leadId)).toEqual([winner.id]);
  expect(await swapsOf(t.ws)).toMatchObject([{ status: 'taken', taker_id: winner.id }]);
  expect(
    await stack.db('audit_log').where({ workspace_id: t.ws.id, action: 'shift-swap.taken' }).pluck('actor_id'),
  ).toEqual([winner.id]);
});

it('closes an offer nobody took when its shift starts, and warns the coordinators of it', async () => {
  const t = await team();
  const swapId = await offered(t);
  // The shift has started (moved into the past rather than waiting days for it).
  await stack
    .db('shift_swaps')
    .where({ id: swapId })
    .update({ starts_at: new Date(Date.now() - 3_600_000) });
  await expectRefused(await take(t.sessions.taker, swapId), /offer closed without anyone taking it/);
  await expectRefused(await withdraw(t.sessions.giver, swapId), /offer closed/);
  expect(await overridesOf(t.ws)).toEqual([]);
  const home = await (await getPage(url('/'), t.coordinatorSession)).text();
  expect(textOf(home, 'swap-warnings')).toMatch(
    /Nobody took the shift Lead Berit offered .* started with Lead Berit on call/,
  );
  const page = await (await getPage(url('/on-call/swaps'), t.sessions.taker)).text();
  expect(textOf(page, 'swap-history')).toContain('closed: nobody took it');
  expect(textOf(page, 'swap-open')).toBe('No shift is on offer.');
});
