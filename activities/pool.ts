// The pool's messages: invitation emails and phone-verification codes. The token or code is minted inside
// the message builder, which the send-once ledger runs only for a real send.
import { ApplicationFailure } from '@temporalio/common';
import type { Stores } from '../db';
import { CODE_VALID_MINUTES } from '../db/stores/onboarding-store';
import type { PoolMessageInput } from '../workflows/pool-definitions';
import { RetryableSendError } from './errors';
import type { Notifier } from './notify';

export interface PoolDeps {
  stores: Stores;
  notifier: Notifier;
  publicBaseUrl: string;
}

export function createPoolActivities({ stores, notifier, publicBaseUrl }: PoolDeps) {
  return {
    async sendPoolMessage(input: PoolMessageInput): Promise<'sent' | 'already-sent' | 'gone' | 'failed'> {
      let outcome;
      if (input.kind === 'invite') {
        const inv = await stores.onboarding.getInvitation(input.id);
        if (!inv || inv.usedAt) return 'gone';
        const ws = await stores.workspaces.getById(inv.workspaceId);
        outcome = await notifier.email({ requestId: null, userId: null, purpose: `invite-${inv.id}` }, async () => {
          const token = await stores.onboarding.mintInviteToken(inv.id);
          return {
            to: inv.email,
            subject: `You are invited to ${ws?.name ?? 'a peer support team'}`,
            text:
              `Hello ${inv.name},\n\n${ws?.name ?? 'A peer support team'} invites you to join its counselor pool.\n` +
              `Open this link to set your password and fill in your profile:\n\n${publicBaseUrl}/invite/${token}\n\n` +
              `The link works once and expires on ${inv.expiresAt.toISOString().slice(0, 10)}.` +
              ` If you did not expect this, ignore it.`,
          };
        });
      } else if (input.kind === 'phone-code') {
        const v = await stores.onboarding.getVerification(input.id);
        if (!v) return 'gone';
        outcome = await notifier.sms(
          { requestId: null, userId: v.userId, purpose: `phone-code-${input.id}` },
          async () => {
            const code = await stores.onboarding.mintPhoneCode(input.id);
            return {
              to: v.phone,
              body: `Peer Dispatch: your code is ${code}. It expires in ${CODE_VALID_MINUTES} minutes.`,
            };
          },
        );
      } else {
        throw ApplicationFailure.nonRetryable(`Unknown pool message ${String(input.kind)}`, 'UnknownPoolMessage');
      }
      if (outcome === 'retry') throw new RetryableSendError('The provider did not take the message yet');
      if (outcome === 'sent' || outcome === 'already-sent') return outcome;
      return 'failed';
    },
  };
}
