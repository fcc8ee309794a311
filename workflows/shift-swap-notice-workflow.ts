// A shift swap was taken: the coordinators and the giver hear who now has the shift. Nights kept for staff: whoever
// is in their quiet hours for alerts hears when those end (a durable timer), the others at once; each person once.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';

export interface ShiftSwapNoticeInput {
  swapId: string;
}

/** One notice run per taken offer: a repeated start finds it started. */
export const shiftSwapNoticeWorkflowId = (swapId: string): string => `shift-swap-taken-${swapId}`;

const { planShiftSwapNotice, sendShiftSwapNotice } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '60 seconds' },
});

export async function shiftSwapNoticeWorkflow(input: ShiftSwapNoticeInput): Promise<void> {
  const { sends } = await planShiftSwapNotice(input);
  // Soonest first: at 0 (now) for those outside their quiet hours, else when their hours end.
  const times = [...new Set(sends.map((s) => s.at))].sort((a, b) => a - b);
  for (const at of times) {
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
    await sendShiftSwapNotice({ swapId: input.swapId, userIds: sends.filter((s) => s.at === at).map((s) => s.userId) });
  }
}
