// Delivery receipts from the SMS provider: the notification's delivery status moves forward only, and an
// offer SMS that could not be delivered sends that counselor's email at once.
import type { DeliveryStatus, NotificationRecord, Stores } from '../../db';
import type { DispatchService } from '../dispatch/service';

export interface DeliveryReceipt {
  providerId: string;
  status: DeliveryStatus;
  errorCode: string | null;
}

const FAILED: ReadonlySet<DeliveryStatus> = new Set(['failed', 'undelivered']);

export function createDeliveryReceiptService(
  deps: { stores: Stores; dispatch: DispatchService; log: (msg: string) => void },
  opts: { waitForSendMs?: number; signalDeadlineMs?: number } = {},
) {
  const { stores, dispatch, log } = deps;
  // A receipt can overtake the sender recording the provider's id (the provider answers, then calls back
  // at once): an unknown id is looked for again for a moment before the receipt is dropped.
  const waitForSendMs = opts.waitForSendMs ?? 3000;
  const signalDeadlineMs = opts.signalDeadlineMs ?? 5000;

  async function apply(receipt: DeliveryReceipt): Promise<NotificationRecord | undefined> {
    const error = FAILED.has(receipt.status)
      ? `Provider reported ${receipt.status}${receipt.errorCode ? ` (error ${receipt.errorCode})` : ''}`
      : null;
    const deadline = Date.now() + waitForSendMs;
    for (;;) {
      const changed = await stores.notifications.applyDeliveryStatus(receipt.providerId, receipt.status, error);
      if (changed || Date.now() >= deadline || (await stores.notifications.existsForProvider(receipt.providerId))) {
        return changed;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    async record(receipt: DeliveryReceipt): Promise<void> {
      const changed = await apply(receipt);
      // Unchanged: a duplicate, a late receipt, or a message this app did not send.
      if (!changed || !FAILED.has(receipt.status) || !changed.requestId) return;
      const { requestId, userId, channel, purpose } = changed;
      await stores.events.add(requestId, 'delivery-failed', {
        counselorId: userId,
        channel,
        purpose,
        status: receipt.status,
        errorCode: receipt.errorCode,
      });
      if (channel !== 'sms' || !purpose.startsWith('offer-') || !userId) return;
      try {
        await dispatch.smsUndelivered(requestId, userId, { deadlineMs: signalDeadlineMs });
      } catch (err) {
        // The email wave still reaches them; only the early email is lost.
        log(`sms-undelivered signal failed for ${requestId}: ${(err as Error)?.name}: ${(err as Error)?.message}`);
      }
    },
  };
}
export type DeliveryReceiptService = ReturnType<typeof createDeliveryReceiptService>;
