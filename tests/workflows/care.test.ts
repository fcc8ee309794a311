// Care for the carers on the real stack: a hard session recorded through the after-care workflow starts the
// team's cool-down (the match holds those topics only, explained) and two supervision check-ins whose timers
// tell the named supervisor, then the coordinators when overdue; a coordinator lifts the cool-down (audited);
// a counselor asks for a check-in from their home, once; marking it done stops its timers.
import type { User, Workspace } from '../../db';
import type { DispatchPolicy } from '../../domain/policy';
import { confirmSlotUpdate, proposeSlotsUpdate, recordOutcomeUpdate, workflowIdFor } from '../../workflows/definitions';
import { supervisionCheckinWorkflowId } from '../../workflows/supervision-definitions';
import { messageTo, untilPhase, winByOfferSms } from '../helpers/aftercare';
import { getPage, postForm } from '../helpers/forms';
import { maybeSaveHistory } from '../helpers/histories';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  FAST_POLICY,
  loginSession,
  putOnCall,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const POLICY: DispatchPolicy = {
  ...FAST_POLICY,
  waves: [{ channel: 'sms', wait: '30s' }],
  holdOpen: '1s',
  reminders: [],
  outcomeNudgeAfter: '60s',
  outcomeEscalateAfter: '60s',
  confirmWithin: '60s',
  debriefWithin: '1h',
  supervisionAfter: '3d',
  supervisionAfterHard: '4s',
  supervisionOverdueAfter: '4s',
  coolDownAfter: 1,
  coolDownWithin: '7d',
  coolDownHold: '2h',
};

async function team(policy: DispatchPolicy) {
  const ws = await createWorkspace(stack.stores, policy);
  const counselor = await createCounselor(stack.stores, ws, {
    languages: ['et'],
    specialisms: ['general', 'suicide-safety', 'grief'],
  });
  const supervisor = await createStaff(stack.stores, ws, 'lead');
  const onCall = await createStaff(stack.stores, ws, 'lead');
  const coordinator = await createStaff(stack.stores, ws, 'coordinator');
  await putOnCall(stack.stores, ws, onCall.id);
  return { ws, counselor, supervisor, onCall, coordinator };
}

/** Won by the counselor, a slot confirmed that has already ended: the workflow waits for the outcome. */
async function heldSession(ws: Workspace, counselor: User, policy: DispatchPolicy = POLICY) {
  const started = await startStoredRequest(stack, ws, policy, { language: 'et', topic: 'suicide-safety' });
  const { sessionId } = await winByOfferSms(stack, counselor, started.requestId);
  const start = Date.now() + 4_000;
  const slots = [{ start, end: start + 1_000 }];
  expect(await started.handle.executeUpdate(proposeSlotsUpdate, { args: [{ sessionId, slots }] })).toBe('proposed');
  await waitFor('the confirm', async () => {
    const r = await started.handle.executeUpdate(confirmSlotUpdate, { args: [{ sessionId, proposal: 1, index: 0 }] });
    if (r !== 'confirmed') throw new Error(r);
  });
  await untilPhase(stack, started.requestId, 'after-care');
  return { ...started, sessionId };
}

describe('care for the carers', () => {
  it('a hard session starts the cool-down and check-ins that reach the named supervisor, then the coordinators', async () => {
    const { ws, counselor, supervisor, coordinator } = await team(POLICY);
    const boss = await loginSession(stack.baseUrl, coordinator.email);

    // The coordinator names the counselor's supervisor on the profile; a counselor cannot be one.
    const other = await createCounselor(stack.stores, ws);
    const refused = await postForm(`${stack.baseUrl}/pool/${counselor.id}/supervisor`, boss, {
      supervisorId: other.id,
    });
    expect(refused.status).toBe(400);
    expect(await stack.stores.care.supervisorOf(counselor.id)).toBeNull();
    const named = await postForm(`${stack.baseUrl}/pool/${counselor.id}/supervisor`, boss, {
      supervisorId: supervisor.id,
    });
    expect(named.status).toBe(303);
    expect((await stack.stores.care.supervisorOf(counselor.id))?.id).toBe(supervisor.id);

    const { requestId, handle, sessionId } = await heldSession(ws, counselor);
    expect(
      await handle.executeUpdate(recordOutcomeUpdate, {
        args: [{ sessionId, outcome: 'held', hard: true, category: 'suicide-ideation' }],
      }),
    ).toBe('recorded');

    // The suggested check-in is due at once: the named supervisor (not the on-call lead) hears.
    const suggested = await messageTo(stack.stores, supervisor.email, /Please check in with/);
    expect(suggested.body).toContain(counselor.name);
    // The session's check-in is due 4 s later, then overdue 4 s after that: the coordinators are told.
    await messageTo(stack.stores, supervisor.email, /Supervision check-in due/);
    const overdue = await messageTo(stack.stores, coordinator.email, /Supervision check-in overdue/);
    expect(overdue.body).toContain(counselor.name);
    const checkins = await stack.stores.care.openCheckins(ws.id);
    expect(checkins.map((c) => c.source).sort()).toEqual(['cool-down', 'session']);
    expect(checkins.every((c) => c.supervisorId === supervisor.id)).toBe(true);
    const supervisionTask = (await stack.stores.aftercare.listTasks(ws.id)).find((t) => t.kind === 'supervision');
    expect(supervisionTask?.ownerId).toBe(supervisor.id);

    // The cool-down holds suicide-and-safety requests only, and "who matches and why not" says so.
    const criteria = { workspaceId: ws.id, language: 'et', livedExperience: [] };
    const held = (await stack.stores.matching.explainMatch({ ...criteria, topics: ['suicide-safety'] })).find(
      (e) => e.userId === counselor.id,
    );
    expect(held?.offered).toBe(false);
    expect(held?.reasons.join(' ')).toMatch(
      /cooling down after hard sessions until .*: no Suicide and safety planning/,
    );
    const grief = (await stack.stores.matching.explainMatch({ ...criteria, topics: ['grief'] })).find(
      (e) => e.userId === counselor.id,
    );
    expect(grief?.reasons.some((r) => /cooling/.test(r))).toBe(false);

    // The profile as staff see it: the load by category and the cool-down; the pool page flags both.
    const profile = await (await getPage(`${stack.baseUrl}/pool/${counselor.id}`, boss)).text();
    expect(profile).toMatch(/data-category="suicide-ideation">1</);
    expect(profile).toContain('Cooling down until');
    const pool = await (await getPage(`${stack.baseUrl}/pool`, boss)).text();
    expect(pool).toContain('cooling down until');

    // Lifted early by the coordinator: audited, and the match offers those topics again. A second lift is a 409.
    const [cool] = await stack.stores.care.activeCoolDowns(ws.id);
    const lifted = await postForm(`${stack.baseUrl}/pool/${counselor.id}/cool-downs/${cool.id}/lift`, boss, {});
    expect(lifted.status).toBe(303);
    const again = await postForm(`${stack.baseUrl}/pool/${counselor.id}/cool-downs/${cool.id}/lift`, boss, {});
    expect(again.status).toBe(409);
    const audit = await stack.db('audit_log').where({ workspace_id: ws.id, action: 'cool-down.lifted' });
    expect(audit).toHaveLength(1);
    const after = (await stack.stores.matching.explainMatch({ ...criteria, topics: ['suicide-safety'] })).find(
      (e) => e.userId === counselor.id,
    );
    expect(after?.reasons.some((r) => /cooling/.test(r))).toBe(false);

    // Only ids and times in the histories: no names or addresses.
    for (const id of [workflowIdFor(requestId), ...checkins.map((c) => supervisionCheckinWorkflowId(c.id))]) {
      const history = JSON.stringify(await stack.temporal.workflow.getHandle(id).fetchHistory());
      for (const secret of [counselor.name, counselor.email, supervisor.email]) expect(history).not.toContain(secret);
    }
    await maybeSaveHistory(stack.temporal, 'care-supervision', handle.workflowId);
  });

  it('a cool-down holds the team’s own word the policy names, beside the category’s topic', async () => {
    const policy: DispatchPolicy = { ...POLICY, coolDownAlsoHolds: ['bereaved-by-suicide'] };
    const { ws, counselor } = await team(policy);
    await stack.stores.pool.addVocabulary(ws.id, 'specialism', 'bereaved-by-suicide', 'Bereaved by suicide');
    await stack
      .db('counselor_profiles')
      .where({ user_id: counselor.id })
      .update({
        specialisms: ['general', 'suicide-safety', 'grief', 'bereaved-by-suicide'],
      });
    const { sessionId, handle } = await heldSession(ws, counselor, policy);
    expect(
      await handle.executeUpdate(recordOutcomeUpdate, {
        args: [{ sessionId, outcome: 'held', hard: true, category: 'suicide-ideation' }],
      }),
    ).toBe('recorded');
    const [cool] = await waitFor('the cool-down', async () => {
      const active = await stack.stores.care.activeCoolDowns(ws.id);
      if (!active.length) throw new Error('not yet');
      return active;
    });
    expect(cool.topics).toEqual(['suicide-safety', 'bereaved-by-suicide']);
    const criteria = { workspaceId: ws.id, language: 'et', livedExperience: [] };
    const heldOf = async (topic: string) =>
      (await stack.stores.matching.explainMatch({ ...criteria, topics: [topic] })).find(
        (e) => e.userId === counselor.id,
      );
    expect((await heldOf('bereaved-by-suicide'))?.offered).toBe(false);
    expect((await heldOf('bereaved-by-suicide'))?.reasons.join(' ')).toMatch(/cooling down after hard sessions/);
    expect((await heldOf('grief'))?.reasons.some((r) => /cooling/.test(r))).toBe(false);
  });

  it('a counselor asks for a check-in once; marking it done stops its timers before anyone is chased', async () => {
    const policy = { ...POLICY, supervisionOverdueAfter: '1h' };
    const { ws, counselor, supervisor, coordinator } = await team(policy);
    await stack.stores.care.setSupervisor(ws.id, counselor.id, supervisor.id);
    const me = await loginSession(stack.baseUrl, counselor.email);

    const home = await (await getPage(`${stack.baseUrl}/me/offers`, me)).text();
    expect(home).toContain(supervisor.name);
    expect(home).toContain('Ask for a supervision check-in');
    const asked = await postForm(`${stack.baseUrl}/me/supervision`, me, {});
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe('/me/offers?notice=supervision-asked');
    const notice = await messageTo(stack.stores, supervisor.email, /asks for a supervision check-in/);
    expect(notice.body).toContain(counselor.name);

    // Asking again while one is open changes nothing.
    const twice = await postForm(`${stack.baseUrl}/me/supervision`, me, {});
    expect(twice.headers.get('location')).toBe('/me/offers?notice=supervision-already');
    const open = await stack.stores.care.openCheckins(ws.id);
    expect(open).toHaveLength(1);
    expect((await stack.stores.devOutbox.list({ to: supervisor.email })).length).toBe(1);
    // Without CSRF nothing is asked.
    expect((await postForm(`${stack.baseUrl}/me/supervision`, me, {}, { csrf: false })).status).toBe(403);

    // The supervisor's task list shows it; marking it done ends its workflow as done, audited.
    const lead = await loginSession(stack.baseUrl, supervisor.email);
    const tasks = await (await getPage(`${stack.baseUrl}/tasks`, lead)).text();
    expect(tasks).toContain(`data-checkin="${open[0].id}"`);
    const done = await postForm(`${stack.baseUrl}/checkins/${open[0].id}/done`, lead, {});
    expect(done.status).toBe(303);
    const result = await stack.temporal.workflow.getHandle(supervisionCheckinWorkflowId(open[0].id)).result();
    expect(result).toBe('done');
    expect((await postForm(`${stack.baseUrl}/checkins/${open[0].id}/done`, lead, {})).status).toBe(409);
    expect(await stack.db('audit_log').where({ workspace_id: ws.id, action: 'supervision.done' })).toHaveLength(1);
    expect(
      (await stack.stores.devOutbox.list({ to: coordinator.email })).some((m) => /overdue/.test(m.subject ?? '')),
    ).toBe(false);
    // Another team's coordinator cannot see or close it.
    const stranger = await createStaff(stack.stores, await createWorkspace(stack.stores), 'coordinator');
    const theirs = await loginSession(stack.baseUrl, stranger.email);
    expect((await postForm(`${stack.baseUrl}/checkins/${open[0].id}/done`, theirs, {})).status).toBe(404);
  });
});
