// The pool's messages: invitation emails and phone-verification codes. The token or code is minted inside
// the message builder, which the send-once ledger runs only for a real send.
import { hasRole } from '../domain/roles';
import { ApplicationFailure } from '@temporalio/common';
import { poolHealth, type Stores } from '../db';
import { CODE_VALID_MINUTES } from '../db/stores/onboarding-store';
import type { PoolHealthInput, PoolMessageInput } from '../workflows/pool-definitions';
import { RetryableSendError } from './errors';
import type { Notifier } from './notify';

export interface PoolDeps {
  stores: Stores;
  notifier: Notifier;
  publicBaseUrl: string;
  now?: () => Date;
}

export function createPoolActivities({ stores, notifier, publicBaseUrl, now = () => new Date() }: PoolDeps) {
  return {
    async sendPoolMessage(input: PoolMessageInput): Promise<'sent' | 'already-sent' | 'gone' | 'failed'> {
      let outcome;
      if (input.kind === 'invite') {
        const inv = await stores.onboarding.getInvitation(input.id);
        if (!inv || inv.usedAt) return 'gone';
        const ws = await stores.workspaces.getById(inv.workspaceId);
        outcome = await notifier.email(
          { requestId: null, userId: null, purpose: `invite-${inv.id}-${inv.expiresAt.getTime()}` },
          async () => {
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
          },
        );
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

    async poolHealthWorkspaces(input: PoolHealthInput): Promise<string[]> {
      const all = await stores.health.workspaceIds();
      return input.workspaceIds ? all.filter((id) => input.workspaceIds!.includes(id)) : all;
    },

    /**
     * Computes one workspace's pool health and emails its coordinators the digest, once per coordinator and
     * day. Returns how many counselors are flagged (a count: no names leave the activity).
     */
    async sendPoolHealthDigest(input: { workspaceId: string; day: string }): Promise<number> {
      const histories = await stores.health.histories(input.workspaceId, now());
      if (histories.length === 0) return 0;
      const health = poolHealth(histories, now());
      const flagged = histories.filter((h) => (health.flags.get(h.id) ?? []).length > 0);
      const ws = await stores.workspaces.getById(input.workspaceId);
      const coordinators = (await stores.users.listStaff(input.workspaceId)).filter((u) => hasRole(u, 'coordinator'));
      const f = health.figures;
      const text = [
        `Pool health for ${ws?.name ?? 'your team'} on ${input.day}.`,
        '',
        `Active breadth: ${f.activeBreadth.active} of ${f.activeBreadth.total} counselors took a session in the last 30 days.`,
        `Spread of sessions (Gini, 0 = even): ${f.evenness.toFixed(2)} over ${f.sessions30d} sessions.`,
        '',
        flagged.length ? `${flagged.length} counselor(s) flagged:` : 'Nobody is flagged today.',
        ...flagged.map((h) => `- ${h.name}: ${(health.flags.get(h.id) ?? []).map((x) => x.text).join('; ')}`),
        '',
        `The pool: ${publicBaseUrl}/pool`,
      ].join('\n');
      const outcomes = await Promise.all(
        coordinators.map((c) =>
          notifier.email({ requestId: null, userId: c.id, purpose: `pool-health-${input.day}` }, () => ({
            to: c.email,
            subject: `Pool health ${input.day}: ${flagged.length} flagged`,
            text,
          })),
        ),
      );
      if (outcomes.includes('retry')) throw new RetryableSendError('A digest was not yet taken by the mail server');
      return flagged.length;
    },
  };
}
