// The same wave run again (its first workflow task run again after a worker died, the sendWave activity retried
// after it had recorded the wave) sends nothing twice, through the real ledger and sinks, and records the wave once;
// the two halves of a wave with a head start (one purpose, other counselors) are two waves on the timeline.
import type { User } from '../../db';
import { activitiesOnSinks } from '../helpers/activities';
import { createCounselor, createWorkspace, smsTo, useTestStack, waitFor } from '../helpers/stack';
import { storeRequest } from '../helpers/stored-requests';
import { useTestDb } from '../helpers/test-db';

// No worker: the test calls the activity itself, as a replayed task or a retry would.
const stack = useTestStack({ worker: false });
const testDb = useTestDb();
let activities: ReturnType<typeof activitiesOnSinks>;
beforeAll(() => {
  activities = activitiesOnSinks(testDb.stores, stack.config);
});

/** The first wave's input for these counselors, as the workflow builds it. */
const waveOne = (requestId: string, counselors: User[]) => ({
  requestId,
  purpose: 'offer-r1-w1',
  wave: 1,
  channel: 'sms' as const,
  counselorIds: counselors.map((c) => c.id),
  urgent: false,
  smsIncludesLink: true,
  validitySeconds: 30,
});

const wavesSent = async (requestId: string) =>
  (await testDb.stores.events.list(requestId)).filter((e) => e.type === 'wave-sent').map((e) => e.data);

async function smsCounts(counselors: User[]): Promise<number[]> {
  return Promise.all(counselors.map(async (c) => (await smsTo(stack.stores, [c.phone as string])).length));
}

it('records a wave run twice once, and sends each counselor one SMS', async () => {
  const ws = await createWorkspace(testDb.stores);
  const counselors = await Promise.all([1, 2].map(() => createCounselor(testDb.stores, ws)));
  const requestId = await storeRequest(testDb.stores, ws.id);
  const input = waveOne(requestId, counselors);

  const first = await activities.sendWave(input);
  // Run again with the same input, the ids in another order (the key does not depend on it).
  const again = await activities.sendWave({ ...input, counselorIds: [...input.counselorIds].reverse() });
  expect(first.sent.sort()).toEqual(input.counselorIds.sort());
  expect(again.sent.sort()).toEqual(input.counselorIds.sort());

  expect(await wavesSent(requestId)).toEqual([
    { wave: 1, channel: 'sms', purpose: 'offer-r1-w1', sent: 2, skipped: 0, failed: [] },
  ]);
  expect(await smsCounts(counselors)).toEqual([1, 1]);
});

it('records a wave once when two runs of it reach the record at the same moment', async () => {
  const ws = await createWorkspace(testDb.stores);
  const counselors = await Promise.all([1, 2, 3].map(() => createCounselor(testDb.stores, ws)));
  const requestId = await storeRequest(testDb.stores, ws.id);
  const input = waveOne(requestId, counselors);
  // The first run waits at its record of the wave until the second (its sends already made) gets there too.
  let arrived = 0;
  let bothThere!: () => void;
  const together = new Promise<void>((resolve) => (bothThere = resolve));
  const gated = activitiesOnSinks(
    {
      ...testDb.stores,
      events: {
        ...testDb.stores.events,
        addOnce: async (...args) => {
          if (++arrived === 2) bothThere();
          await together;
          return testDb.stores.events.addOnce(...args);
        },
      },
    },
    stack.config,
  );

  const first = gated.sendWave(input);
  await waitFor(
    'the first run at its record',
    async () => {
      if (arrived === 0) throw new Error('not yet');
    },
    20_000,
    20,
  );
  const results = await Promise.all([first, gated.sendWave(input)]);
  for (const r of results) expect(r.sent.sort()).toEqual(input.counselorIds.sort());

  expect(await wavesSent(requestId)).toHaveLength(1);
  expect(await smsCounts(counselors)).toEqual([1, 1, 1]);
});

it('records the two halves of a wave with a head start as two waves', async () => {
  const ws = await createWorkspace(testDb.stores);
  const [early, late] = await Promise.all([1, 2].map(() => createCounselor(testDb.stores, ws)));
  const requestId = await storeRequest(testDb.stores, ws.id);

  await activities.sendWave(waveOne(requestId, [early]));
  await activities.sendWave(waveOne(requestId, [late]));
  // Each half run again: nothing more.
  await activities.sendWave(waveOne(requestId, [early]));
  await activities.sendWave(waveOne(requestId, [late]));

  expect(await wavesSent(requestId)).toEqual([
    expect.objectContaining({ purpose: 'offer-r1-w1', sent: 1 }),
    expect.objectContaining({ purpose: 'offer-r1-w1', sent: 1 }),
  ]);
  expect(await smsCounts([early, late])).toEqual([1, 1]);
});
