// Reminds each lead shortly before their on-call shift starts (SMS and email, each sent once per shift).
import { dueHandoverReminders, type Stores } from '../db';
import { createTell, type MessageRenderer, type Notifier } from '../notifications';

export const REMINDER_LEAD_MS = 60 * 60 * 1000;

export function startHandoverReminders(deps: {
  stores: Stores;
  notifier: Notifier;
  renderer: MessageRenderer;
  publicBaseUrl: string;
  intervalMs?: number;
  log?: (m: string) => void;
}): { runOnce(now?: Date): Promise<number>; stop(): Promise<void> } {
  const { stores } = deps;
  // tell() applies the reachability rules (a lead who sent STOP gets the email only).
  const tell = createTell(deps);
  let running: Promise<unknown> = Promise.resolve();

  async function runOnce(now = new Date()): Promise<number> {
    const due = await dueHandoverReminders(stores, now, REMINDER_LEAD_MS);
    let sent = 0;
    for (const r of due) {
      const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      const vars = { startsAt: when(r.startsAt), endsAt: when(r.endsAt), url: `${deps.publicBaseUrl}/on-call` };
      // The reminder's key is stable per shift: a later pass finds it sent and sends nothing.
      const { outcomes } = await tell({ userId: r.lead.id }, 'oncall.reminder', vars, r.key, {
        workspaceId: r.workspaceId,
        requestId: null,
      });
      sent += outcomes.filter((o) => o === 'sent').length;
    }
    return sent;
  }

  const timer = setInterval(() => {
    running = running.then(() => runOnce()).catch((err) => deps.log?.(`handover reminders: ${(err as Error).message}`));
  }, deps.intervalMs ?? 60_000);

  return {
    runOnce: (now) => {
      const pass = running.then(() => runOnce(now));
      running = pass.catch(() => 0);
      return pass;
    },
    async stop() {
      clearInterval(timer);
      await running.catch(() => undefined);
    },
  };
}
