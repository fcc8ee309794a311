// "Send a test SMS / a test email to me": a coordinator checks that this deployment's providers reach them. The
// message goes through the send-once ledger like every other (key: the coordinator, and an attempt id the page
// hands out), so a double-submitted form sends once; each send is audited.
import type { Config } from '../../config';
import { TEXT_FORMS, type TextForm } from '../../domain/text-forms';
import type { Stores } from '../../db';
import { createChannels, createNotifier, type SendOutcome } from '../../notifications';

/** The provider test sends one message of each form. */
export const TEST_CHANNELS = TEXT_FORMS;
export type TestChannel = TextForm;

export type TestSendResult = SendOutcome | 'no-phone' | 'sms-off';

const SMS_TEXT = 'Peer Dispatch: this is the test message you asked for. SMS from this deployment reach you.';
const EMAIL_SUBJECT = 'Peer Dispatch: test email';
const EMAIL_TEXT =
  'This is the test email you asked for from the settings.\n\nEmail from this deployment reaches you: offers, alerts and ' +
  'digests will arrive the same way. Nothing else to do.';

export function createProviderTestService(deps: { stores: Stores; config: Config }) {
  const { stores, config } = deps;
  // The same senders the worker uses: delivery receipts of the test SMS come back to the status webhook too.
  const notifier = createNotifier(
    stores,
    createChannels(config, { statusCallbackUrl: `${config.publicBaseUrl}/webhooks/twilio/status` }),
  );

  return {
    async send(userId: string, channel: TestChannel, attemptId: string): Promise<TestSendResult> {
      const user = await stores.users.getById(userId);
      if (!user) throw new Error('the signed-in user no longer exists');
      // An email-only deployment (no Twilio configured) has no SMS to test.
      if (channel === 'sms' && !notifier.has('sms')) return 'sms-off';
      if (channel === 'sms' && !user.phone) return 'no-phone';
      const key = { requestId: null, userId: user.id, purpose: `provider-test-${attemptId}` };
      const outcome =
        channel === 'sms'
          ? await notifier.sms(key, () => ({ to: user.phone as string, body: SMS_TEXT }))
          : await notifier.email(key, () => ({ to: user.email, subject: EMAIL_SUBJECT, text: EMAIL_TEXT }));
      await stores.audit.record({
        workspaceId: user.workspaceId,
        actorId: user.id,
        action: 'provider.test_sent',
        subjectType: 'user',
        subjectId: user.id,
        detail: { channel, outcome },
      });
      return outcome;
    },
  };
}
export type ProviderTestService = ReturnType<typeof createProviderTestService>;
