// The request workflow on the real Temporal dev server, with the real activities against the test database.
import { untilAfterWin } from '../helpers/aftercare';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { createDataConverter } from '../../codec';
import type { Workspace } from '../../db';
import {
  acceptOfferUpdate,
  dispatchStatusQuery,
  offerDeclinedSignal,
  type DispatchStatus,
} from '../../workflows/definitions';
import type { DispatchPolicy } from '../../domain/policy';
import { HISTORIES, maybeSaveHistory as saveHistory } from '../helpers/histories';
import {
  createCounselor,
  createWorkspace,
  FAST_POLICY,
  smsTo,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();
let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
});

function startRequest(
  policy: Partial<DispatchPolicy>,
  request: { language?: string; topic?: 'grief' | 'general' } = {},
) {
  return startStoredRequest(
    stack,
    ws,
    { ...FAST_POLICY, ...policy },
    { ...request, contact: { email: 'someone@example.org' } },
  );
}

const maybeSaveHistory = (name: string, workflowId: string) => saveHistory(stack.temporal, name, workflowId);

// Saved histories are encrypted with the test stack's payload key: replay decodes with the same converter.
const replay = (history: unknown, name: string) =>
  Worker.runReplayHistory(
    {
      workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE as string },
      dataConverter: createDataConverter(stack.config.payloadKeys),
    },
    history,
    name,
  );

const fixture = (file: string) => JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8'));

describe('request workflow', () => {
  it('closes as unmatched after the hold-open window when nobody fits', async () => {
    const { requestId, handle } = await startRequest(
      { waves: [{ channel: 'sms', wait: '1s' }], holdOpen: '1s' },
      {
        language: 'de',
        topic: 'grief',
      },
    );
    const result = await handle.result();
    expect(result.phase).toBe('unmatched');
    expect(result.matched).toBe(0);
    expect(result.offered).toEqual([]);
    expect((await stack.stores.requests.getById(requestId))?.phase).toBe('unmatched');
    const events = (await stack.stores.events.list(requestId)).map((e) => e.type);
    // Nobody in the team speaks German: the requester is told at once, after the coordinators' alert.
    expect(events).toEqual([
      'submitted',
      'matched',
      'widened',
      'widened',
      'escalated',
      'requester-told-nobody-can-take',
      'unmatched',
    ]);
    await maybeSaveHistory('unmatched', handle.workflowId);
  });

  it('answers each accept with won, taken or not-offered, records one winner and tells the others', async () => {
    const [a, b, c] = await Promise.all([
      createCounselor(stack.stores, ws, { languages: ['uk'] }),
      createCounselor(stack.stores, ws, { languages: ['uk'] }),
      createCounselor(stack.stores, ws, { languages: ['uk'] }),
    ]);
    const outsider = await createCounselor(stack.stores, ws, { languages: ['es'] });
    const { requestId, handle } = await startRequest(
      { waves: [{ channel: 'sms', wait: '30s' }], holdOpen: '30s' },
      {
        language: 'uk',
      },
    );
    await waitFor(
      'three offers',
      async () => {
        const status = await handle.query(dispatchStatusQuery);
        if (status.offered.length < 3) throw new Error(`${status.offered.length}`);
      },
      20_000,
    );

    await handle.signal(offerDeclinedSignal, { counselorId: c.id });
    expect(await handle.executeUpdate(acceptOfferUpdate, { args: [{ counselorId: outsider.id }] })).toBe('not-offered');
    expect(await handle.executeUpdate(acceptOfferUpdate, { args: [{ counselorId: a.id }] })).toBe('won');
    expect(await handle.executeUpdate(acceptOfferUpdate, { args: [{ counselorId: b.id }] })).toBe('taken');
    // The winner tapping again is told it is theirs, not that it is taken.
    expect(await handle.executeUpdate(acceptOfferUpdate, { args: [{ counselorId: a.id }] })).toBe('won');

    // After the win the workflow goes on to scheduling the session.
    const result: DispatchStatus = await untilAfterWin(handle);
    expect(result.phase).toBe('scheduling');
    expect(result.winner).toBe(a.id);
    expect(result.declined).toEqual([c.id]);
    expect(await stack.stores.requests.getAssignee(requestId)).toBe(a.id);
    const offers = await stack.stores.offers.listForRequest(requestId);
    expect(Object.fromEntries(offers.map((o) => [o.counselorId, o.status]))).toEqual({
      [a.id]: 'won',
      [b.id]: 'taken',
      [c.id]: 'taken',
    });
    // Offer, then "yours" for the winner and "covered" for the others: two SMS each, never more.
    const sms = await smsTo(stack.stores, [a.phone as string, b.phone as string, c.phone as string]);
    expect(sms).toHaveLength(6);
    expect(sms.filter((m) => m.to === a.phone).map((m) => m.body)).toEqual([
      expect.stringContaining('this request is yours'),
      expect.stringMatching(/Reply A\d+ to accept/),
    ]);
    expect(await smsTo(stack.stores, [outsider.phone as string])).toHaveLength(0);
    await maybeSaveHistory('assigned', handle.workflowId);
  });

  it('rejects a malformed accept in the validator without touching the request', async () => {
    await createCounselor(stack.stores, ws, { languages: ['et'] });
    const { requestId, handle } = await startRequest(
      { waves: [{ channel: 'sms', wait: '30s' }], holdOpen: '1s' },
      {
        language: 'et',
      },
    );
    await expect(handle.executeUpdate(acceptOfferUpdate, { args: [{ counselorId: '' }] })).rejects.toMatchObject({
      cause: { message: 'counselorId is required' },
    });
    expect((await handle.query(dispatchStatusQuery)).winner).toBeNull();
    await handle.terminate('test done');
    expect(await stack.stores.requests.getAssignee(requestId)).toBeUndefined();
  });

  it('lets a late accept find the request expired once it went unmatched', async () => {
    const late = await createCounselor(stack.stores, ws, { languages: ['es'], specialisms: ['grief'] });
    const { requestId, handle } = await startRequest(
      { waves: [{ channel: 'sms', wait: '1s' }], holdOpen: '1s' },
      {
        language: 'es',
        topic: 'grief',
      },
    );
    const result = await handle.result();
    expect(result.phase).toBe('unmatched');
    expect(result.offered).toEqual([late.id]);
    const [offer] = await stack.stores.offers.listForRequest(requestId);
    expect(offer.status).toBe('expired');
  });
});

describe('replay', () => {
  it('replays every saved history against the current workflow code', async () => {
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(
      expect.arrayContaining([
        'assigned.json',
        'unmatched.json',
        'escalated-unmatched.json',
        'assignment-refused.json',
        'aftercare.json',
        'before-local-match.assigned.json',
        'before-local-match.aftercare.json',
        'nobody-can-take.json',
        'match-at-intake.json',
        'first-wave-local.json',
        'answer-after-first-send.json',
      ]),
    );
    for (const file of files) await replay(fixture(file), file);
  });

  it('runs the match in the worker now, while requests started before that still replay their matching activity', () => {
    type HistoryEvent = {
      activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
      markerRecordedEventAttributes?: { markerName?: string };
    };
    const kinds = (file: string) => {
      const events: HistoryEvent[] = fixture(file).events;
      return {
        matchActivities: events.filter(
          (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'matchCounselors',
        ).length,
        localActivities: events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
          .length,
      };
    };
    expect(kinds('assigned.json')).toEqual({ matchActivities: 0, localActivities: 1 });
    expect(kinds('before-local-match.assigned.json')).toEqual({ matchActivities: 1, localActivities: 0 });
  });

  it('fails the replay when the recorded history does not match the code', async () => {
    // A first activity the workflow does not schedule: what a non-deterministic change looks like.
    const history = fixture('unmatched.json');
    const scheduled = history.events.find((e: Record<string, any>) => e.activityTaskScheduledEventAttributes);
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'somethingElse';
    await expect(replay(history, 'tampered')).rejects.toThrow(/Nondeterminism|DeterminismViolation|somethingElse/i);
  });
});
