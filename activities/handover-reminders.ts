// Reminds each lead shortly before their on-call shift starts (SMS and email, each sent once per shift). Run by
// the handover-reminder Schedule (workers/schedules.ts) through handoverRemindersWorkflow: as an activity it is
// retried and leaves a record in Temporal, where a pass in the worker's own loop did neither.
import { dueHandoverReminders, type Stores } from '../db';
import type { Tell } from '../notifications';

/** How long before a shift starts its lead is reminded. */
export const REMINDER_LEAD_MS = 60 * 60 * 1000;

export function createHandoverReminderActivities(deps: { stores: Stores; tell: Tell; publicBaseUrl: string }) {
  const { stores, tell } = deps;
  return {
    /** Sends the reminders due at `at` (ms; the workflow's time); returns how many messages went out now. */
    async sendHandoverReminders(input: { at: number }): Promise<number> {
      const due = await dueHandoverReminders(stores, new Date(input.at), REMINDER_LEAD_MS);
      let sent = 0;
      for (const r of due) {
        const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
        const vars = { startsAt: when(r.startsAt), endsAt: when(r.endsAt), url: `${deps.publicBaseUrl}/on-call` };
        // The reminder's key is stable per shift: a later pass (or a retry) finds it sent and sends nothing.
        // tell() applies the reachability rules (a lead who sent STOP gets the email only).
        const { outcomes } = await tell({ userId: r.lead.id }, 'oncall.reminder', vars, r.key, {
          workspaceId: r.workspaceId,
          requestId: null,
        });
        sent += outcomes.filter((o) => o === 'sent').length;
      }
      return sent;
    },
  };
}
