// The worker's pollers that must keep working while Temporal is down (the dispatch outbox, the notice outbox and
// the SMS inbox: all hold work that Temporal has not taken yet) run on this one loop. Everything else that runs on
// a clock is a Temporal Schedule (workers/schedules.ts).
//
// Passes never overlap: runOnce() (tests, a wake-up) queues behind the pass in flight. A failed pass is
// logged and the loop goes on at the next tick; stop() ends the wait at once and lets the pass in flight finish.

export interface Poller<T> {
  /** Starts the loop (a first pass at once); a second start while running does nothing. */
  start(): void;
  /** Stops the loop and waits for the pass in flight. */
  stop(): Promise<void>;
  /** One pass, after the one in flight; its error goes to the caller. */
  runOnce(): Promise<T>;
}

export function createPoller<T>(opts: {
  everyMs: number;
  pass: () => Promise<T>;
  onError: (err: unknown) => void;
}): Poller<T> {
  let inFlight: Promise<unknown> = Promise.resolve();
  let loop: Promise<void> | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;

  function runOnce(): Promise<T> {
    const pass = inFlight.then(() => opts.pass());
    inFlight = pass.catch(() => undefined);
    return pass;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      await runOnce().catch(opts.onError);
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, opts.everyMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return {
    start() {
      if (loop) return;
      stopped = false;
      loop = run();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await inFlight;
      loop = undefined;
    },
    runOnce,
  };
}
