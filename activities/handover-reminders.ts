// Reminds each lead shortly before their on-call shift starts (SMS and email, each sent once per shift). Run by
// the handover-reminder Schedule (workers/schedules.ts) through handoverRemindersWorkflow: as an activity it is
// retried and leaves a record in Temporal, where a pass in the worker's own loop did neither.
import { dueHandoverReminders, type Stores } from '../db';
import type { Notifier } from './notify';
import type { MessageRenderer } from './templates';

/** How long before a shift starts its lead is reminded. */
export const REMINDER_LEAD_MS = 60 * 60 * 1000;

export function createHandoverReminderActivities(deps: {
  stores: Stores;
  notifier: Notifier;
  renderer: MessageRenderer;
  publicBaseUrl: string;
}) {
  const { stores, notifier, renderer } = deps;
  return {
    /** Sends the reminders due at `at` (ms; the workflow's time); returns how many messages went out now. */
    async sendHandoverReminders(input: { at: number }): Promise<number> {
      const due = await dueHandoverReminders(stores, new Date(input.at), REMINDER_LEAD_MS);
      let sent = 0;
      for (const r of due) {
        const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
        const vars = { startsAt: when(r.startsAt), endsAt: when(r.endsAt), url: `${deps.publicBaseUrl}/on-call` };
        // The reminder's key is stable per shift: a later pass (or a retry) finds it sent and sends nothing.
        const key = { requestId: null, userId: r.lead.id, purpose: r.key };
        const outcomes = await Promise.all([
          r.lead.phone
            ? notifier.sms(key, async () => ({
                to: r.lead.phone as string,
                body: (await renderer.render(r.workspaceId, 'oncall.reminder.sms', 'en', vars)).body,
              }))
            : Promise.resolve('skipped' as const),
          notifier.email(key, async () => {
            const m = await renderer.render(r.workspaceId, 'oncall.reminder.email', 'en', vars);
            return { to: r.lead.email, subject: m.subject, text: m.body };
          }),
        ]);
        sent += outcomes.filter((o) => o === 'sent').length;
      }
      return sent;
    },
  };
}
