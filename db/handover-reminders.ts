// Which leads to remind of an on-call shift about to start. Decides only; the worker sends (and de-duplicates by key).
import type { OnCallSource } from '../domain/rota';
import type { RotaStore } from './stores/rota-store';
import type { User } from '../domain/types';

export interface HandoverReminder {
  workspaceId: string;
  lead: User;
  /** The shift the lead takes over: from startsAt to endsAt (endsAt may be clipped a week past the window). */
  startsAt: Date;
  endsAt: Date;
  source: Exclude<OnCallSource, 'none'>;
  /** The override's note, when an override puts the lead on call. */
  note?: string;
  /** Who was on call just before (null: nobody). */
  previousLeadId: string | null;
  /** Stable per (workspace, lead, start): use it as the idempotency key of the reminder sent. */
  key: string;
}

/** How far past the window to look, so a reminder can say when the shift ends. */
const LOOKAHEAD_MS = 8 * 86_400_000;

/**
 * The reminders due at `now`: one for each lead whose on-call shift starts in (now, now + windowMs], in every
 * workspace with a rota. A lead already on call just before the start (the same lead two weeks running, or an override
 * that hands over to the same person) gets none: nothing changes for them. Called repeatedly with overlapping windows,
 * it returns the same reminder again with the same key, so the sender must de-duplicate on `key`.
 */
export async function dueHandoverReminders(
  stores: { rota: RotaStore },
  now: Date,
  windowMs: number,
): Promise<HandoverReminder[]> {
  const due: HandoverReminder[] = [];
  const until = now.getTime() + windowMs;
  const days = (windowMs + LOOKAHEAD_MS) / 86_400_000;
  for (const workspaceId of await stores.rota.workspacesWithRota(now)) {
    const shifts = await stores.rota.upcoming(workspaceId, days, now);
    for (let i = 1; i < shifts.length; i += 1) {
      const shift = shifts[i];
      const start = shift.startsAt.getTime();
      if (start > until) break;
      // Shift 0 is the one running at `now` (clipped): only later ones start inside the window.
      if (!shift.lead || shift.source === 'none' || shifts[i - 1].leadId === shift.leadId) continue;
      due.push({
        workspaceId,
        lead: shift.lead,
        startsAt: shift.startsAt,
        endsAt: shift.endsAt,
        source: shift.source,
        ...(shift.note ? { note: shift.note } : {}),
        previousLeadId: shifts[i - 1].leadId,
        key: `oncall-handover:${workspaceId}:${shift.lead.id}:${shift.startsAt.toISOString()}`,
      });
    }
  }
  return due;
}
