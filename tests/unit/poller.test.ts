// The one loop of the worker's two pollers (workers/poller.ts): passes never overlap, a failed pass does not
// end the loop, and stop() waits for the pass in flight.
import { createPoller } from '../../workers/poller';

/** Resolves once the condition holds; fails after the bound. */
async function until(what: string, cond: () => boolean, boundMs = 5000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

it('runs passes one at a time, goes on after a failure, and stop() waits for the pass in flight', async () => {
  let running = 0;
  let overlapped = false;
  let passes = 0;
  let release: (() => void) | undefined;
  const errors: unknown[] = [];
  const poller = createPoller({
    everyMs: 1,
    pass: async () => {
      running += 1;
      if (running > 1) overlapped = true;
      passes += 1;
      try {
        if (passes === 2) throw new Error('database away');
        if (passes === 4) await new Promise<void>((r) => (release = r));
        return passes;
      } finally {
        running -= 1;
      }
    },
    onError: (err) => errors.push(err),
  });
  poller.start();
  poller.start(); // a second start changes nothing
  await until('the fourth pass to hang', () => release !== undefined);
  // A pass asked for meanwhile queues behind the one in flight.
  const queued = poller.runOnce();
  let stopped = false;
  const stopping = poller.stop().then(() => (stopped = true));
  await new Promise((r) => setImmediate(r));
  expect(stopped).toBe(false);
  release?.();
  await stopping;
  expect(await queued).toBe(5);
  expect(overlapped).toBe(false);
  expect(errors).toHaveLength(1);
  expect((errors[0] as Error).message).toBe('database away');
});
