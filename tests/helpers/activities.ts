// The worker's activities outside a worker, wired as the worker wires them: the real send-once ledger and the real
// channels pointed at the suite's Twilio and SMTP sinks. For tests that call an activity themselves (as a replayed
// task or a retry would) and count what it writes and sends.
import { createActivities } from '../../activities';
import type { Config } from '../../config';
import type { Stores } from '../../db';
import { createChannels, createMessageRenderer, createNotifier, type Notifier } from '../../notifications';
import { statusCallbackUrl } from '../../workers/worker';

/** A notifier on the real channels (the stack's sinks), as the worker builds it. */
export const notifierOnSinks = (stores: Stores, config: Config): Notifier =>
  createNotifier(stores, createChannels(config, { statusCallbackUrl: statusCallbackUrl(config) }));

/** The activities as the worker builds them, on `stores` (a test's own pool when it counts statements). */
export function activitiesOnSinks(stores: Stores, config: Config) {
  return createActivities({
    stores,
    notifier: notifierOnSinks(stores, config),
    renderer: createMessageRenderer(stores),
    publicBaseUrl: config.publicBaseUrl,
    onCallLead: async () => null,
  });
}
