// Spread the work: with a head start in the policy, a counselor below their usual load (here: gone quiet) gets
// the first offer wave before the rest, who hear after the head start; the history is recorded for replay.
import { dispatchStatusQuery, workflowIdFor } from '../../workflows/definitions';
import type { DispatchPolicy } from '../../domain/policy';
import { maybeSaveHistory } from '../helpers/histories';
import {
  acceptLinkIn,
  createCounselor,
  createWorkspace,
  FAST_POLICY,
  smsTo,
  startStoredRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const HEAD_START_MS = 6_000;
const POLICY: DispatchPolicy = {
  ...FAST_POLICY,
  waves: [
    { channel: 'sms', wait: '60s' },
    { channel: 'email', wait: '30s' },
  ],
  holdOpen: '30s',
  headStart: '6s',
  holdBackOvercommitted: true,
};

it('offers the first wave to a quiet counselor first and to the rest after the head start', async () => {
  const ws = await createWorkspace(stack.stores, POLICY);
  const quiet = await createCounselor(stack.stores, ws, { languages: ['fi'] });
  const usual = await createCounselor(stack.stores, ws, { languages: ['fi'] });
  // Joined 20 days ago and never accepted: gone quiet (pool health's 14 days), so below their usual load.
  await stack
    .db('users')
    .where({ id: quiet.id })
    .update({ created_at: new Date(Date.now() - 20 * 86_400_000) });

  const { requestId } = await startStoredRequest(stack, ws, POLICY, { language: 'fi' });
  const first = await waitFor('the quiet counselor’s SMS', async () => {
    const [m] = await smsTo(stack.stores, [quiet.phone!]);
    if (!m) throw new Error('none yet');
    return m;
  });
  const later = await waitFor(
    'the others’ SMS after the head start',
    async () => {
      const [m] = await smsTo(stack.stores, [usual.phone!]);
      if (!m) throw new Error('none yet');
      return m;
    },
    60_000,
  );
  // The workflow's timer guarantees the head start as a lower bound (a loaded machine only makes it longer).
  expect(later.receivedAt.getTime() - first.receivedAt.getTime()).toBeGreaterThanOrEqual(HEAD_START_MS - 500);
  const status = await stack.temporal.workflow.getHandle(workflowIdFor(requestId)).query(dispatchStatusQuery);
  expect(status.heldBack).toEqual([]);

  expect((await fetch(`${acceptLinkIn(later.body)}/accept`, { method: 'POST' })).status).toBe(200);
  await waitFor('the assignment', async () => {
    if ((await stack.stores.requests.getById(requestId))?.phase !== 'assigned') throw new Error('not yet');
  });
  await maybeSaveHistory(stack.temporal, 'head-start', workflowIdFor(requestId));
});
