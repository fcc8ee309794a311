// The pool's messages: invitation emails, phone-verification codes and emails to an account's owner (a password-reset
// link, the notice of failed sign-ins). A token or code is minted inside the message builder, which the send-once
// ledger runs only for a real send.
import { hasRole } from '../domain/roles';
import { SIGN_IN_FAILURES_NOTICE_AFTER } from '../domain/sign-in';
import { ApplicationFailure } from '@temporalio/common';
import { poolHealth, type HealthFlag, type ReachOut, type Stores } from '../db';
import { CODE_VALID_MINUTES } from '../db/stores/onboarding-store';
import type { PoolHealthInput, PoolMessageInput } from '../workflows/pool-definitions';
import { flagText, gapText, labelsFor, RetryableSendError, type Tell } from '../notifications';

export interface PoolDeps {
  stores: Stores;
  tell: Tell;
  publicBaseUrl: string;
  now?: () => Date;
}

export function createPoolActivities({ stores, tell, publicBaseUrl, now = () => new Date() }: PoolDeps) {
  /**
   * One flagged counselor's digest line: their flags, a link to write to them about the first one (the form opens
   * pre-filled; nothing is sent from the link), and who already reached out, when someone did.
   */
  function flaggedLine(
    h: { id: string; name: string },
    flags: HealthFlag[],
    reachedOut: Map<string, ReachOut>,
    language: string,
  ): string {
    const l = labelsFor(language);
    const link = l.reachOutLink.replace('{url}', `${publicBaseUrl}/reach-out/${h.id}?flag=${flags[0].kind}`);
    const reached = flags
      .map((f) => reachedOut.get(`${h.id}:${f.kind}`))
      .filter((r): r is ReachOut => !!r)
      .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
    const done = reached
      ? ` (${l.reachedOut.replace('{name}', reached.staffName).replace('{day}', reached.at.toISOString().slice(0, 10))})`
      : '';
    return `- ${h.name}: ${flags.map((x) => flagText(x, language)).join('; ')}${done}\n  ${link}`;
  }

  return {
    async sendPoolMessage(input: PoolMessageInput): Promise<'sent' | 'already-sent' | 'gone' | 'failed'> {
      let outcome;
      if (input.kind === 'invite') {
        const inv = await stores.onboarding.getInvitation(input.id);
        if (!inv || inv.usedAt) return 'gone';
        const ws = await stores.workspaces.getById(inv.workspaceId);
        const team = ws?.name ?? 'a peer support team';
        // An invitation goes to an address that is not an account yet: in English, the invitee has no profile yet.
        const { outcomes } = await tell(
          { address: { email: inv.email }, language: 'en' },
          'invite',
          async () => ({
            name: inv.name,
            team,
            url: `${publicBaseUrl}/invite/${await stores.onboarding.mintInviteToken(inv.id)}`,
            expires: inv.expiresAt.toISOString().slice(0, 10),
          }),
          `invite-${inv.id}-${inv.expiresAt.getTime()}`,
          { workspaceId: inv.workspaceId, requestId: null },
        );
        outcome = outcomes[0];
      } else if (input.kind === 'phone-code') {
        const v = await stores.onboarding.getVerification(input.id);
        if (!v) return 'gone';
        const user = await stores.users.getById(v.userId);
        const [reach] = await stores.users.getReachability([v.userId]);
        // The phone being verified is not verified yet: it is addressed directly (the code proves it).
        const { outcomes } = await tell(
          { address: { phone: v.phone }, language: reach?.language ?? 'en', accountId: v.userId },
          'phone-code',
          async () => ({ code: await stores.onboarding.mintPhoneCode(input.id), minutes: CODE_VALID_MINUTES }),
          `phone-code-${input.id}`,
          { workspaceId: user?.workspaceId ?? '', requestId: null },
        );
        outcome = outcomes[0] ?? 'skipped';
      } else if (input.kind === 'password-reset' || input.kind === 'sign-in-failures') {
        // An email to an account's owner, one per ask (its round).
        const user = await stores.users.getById(input.id);
        if (!user) return 'gone';
        const { outcomes } = await tell(
          { userId: user.id },
          input.kind,
          input.kind === 'password-reset'
            ? // The link is minted only when the ledger lets the message through: one live link per real send.
              async () => ({
                url: `${publicBaseUrl}/reset-password/${await stores.accounts.mintPasswordReset(user.id)}`,
              })
            : { failures: SIGN_IN_FAILURES_NOTICE_AFTER },
          `${input.kind}-${input.round ?? 0}`,
          { workspaceId: user.workspaceId, requestId: null, channels: ['email'] },
        );
        outcome = outcomes[0] ?? 'skipped';
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
      // A gap that opens inside the fortnight (covered today, thin on a later day) is news; one thin all along is on
      // the forecast page, not repeated every morning.
      const forecast = await stores.forecast.forecast(input.workspaceId, now());
      const opening = forecast.gaps.filter((g) => g.opens);
      const reachedOut = await stores.reachOuts.latest(input.workspaceId, now());
      const outcomes = (
        await Promise.all(
          coordinators.map((c) =>
            tell(
              { userId: c.id },
              'pool-health',
              ({ language }) => ({
                team: ws?.name ?? '',
                day: input.day,
                active: f.activeBreadth.active,
                total: f.activeBreadth.total,
                evenness: f.evenness.toFixed(2),
                sessions: f.sessions30d,
                flagged: flagged.length,
                flaggedList: flagged.length
                  ? flagged.map((h) => flaggedLine(h, health.flags.get(h.id) ?? [], reachedOut, language)).join('\n')
                  : labelsFor(language).nobodyFlagged,
                forecast: opening.length
                  ? [
                      labelsFor(language).forecastOpening.replace('{url}', `${publicBaseUrl}/forecast`),
                      ...opening.map((g) => gapText(g, forecast.vocabulary, language)),
                    ].join('\n')
                  : labelsFor(language).forecastNoGap,
                url: `${publicBaseUrl}/pool`,
              }),
              `pool-health-${input.day}`,
              { workspaceId: input.workspaceId, requestId: null, channels: ['email'] },
            ),
          ),
        )
      ).flatMap((t) => t.outcomes);
      if (outcomes.includes('retry')) throw new RetryableSendError('A digest was not yet taken by the mail server');
      return flagged.length;
    },
  };
}
