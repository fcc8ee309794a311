// After the win: the assignment recorded, the winner confirmed with the contact, the others thanked, the
// requester told someone accepted (in the language they asked in).
import { ApplicationFailure } from '@temporalio/common';
import { gatherSends, labelsFor, type SendOutcome } from '../notifications';
import { timeToFirstAccept } from '../telemetry/metrics';
import { tellOnTheirChannel } from './offers';
import {
  heartbeating,
  requestHelpers,
  requestVars,
  retryIfNeeded,
  type ActivityDeps,
  type OfferChannel,
} from './request-helpers';

export function createAfterWinActivities(deps: ActivityDeps) {
  const { stores, tell, renderer, notifier, publicBaseUrl } = deps;
  const { loadForMessages } = requestHelpers(stores);
  return {
    async recordAssignment(input: {
      requestId: string;
      counselorId: string;
      assignedBy: string | null;
    }): Promise<void> {
      const { outcome, requestCreatedAt } = await stores.requests.recordAssignment(
        input.requestId,
        input.counselorId,
        input.assignedBy,
      );
      if (outcome === 'conflict') {
        throw ApplicationFailure.nonRetryable('Another counselor is already assigned', 'AssignmentConflict');
      }
      // Observed once per assignment: a retried activity finds it 'already' recorded.
      if (outcome === 'recorded' && requestCreatedAt) {
        timeToFirstAccept.observe(
          { by: input.assignedBy ? 'coordinator' : 'counselor' },
          Math.max(0, ((deps.now?.() ?? new Date()).getTime() - requestCreatedAt.getTime()) / 1000),
        );
      }
    },

    async reopenAfterRefusal(input: {
      requestId: string;
      counselorId: string;
      event?: 'assignment-refused' | 'handed-back' | 'released';
    }): Promise<void> {
      await stores.requests.reopenAfterRefusal(input.requestId, input.counselorId, input.event);
    },

    /** The winner gets the contact, the others a thank-you on the channel they were reached on, the requester the news. */
    async sendAfterWin(input: {
      requestId: string;
      round: number;
      winnerId: string;
      assignedBy: string | null;
      others: { counselorId: string; channel: OfferChannel }[];
    }): Promise<void> {
      const [{ request, discreet: quiet, contact: found }, people] = await Promise.all([
        loadForMessages(input.requestId, { contact: true }),
        stores.users.getReachability([input.winnerId, ...input.others.map((o) => o.counselorId)]),
      ]);
      const contact = found ?? {};
      const r = input.round;
      const ws = request.workspaceId;
      const sends: Promise<SendOutcome[]>[] = [];
      // All of these messages read the workspace's templates once, and go through the ledger as one batch per
      // channel: every tell below begins its sends before this function awaits anything (their people are read).
      const texts = renderer.batch();
      const together = gatherSends(notifier);
      const winner = people.find((p) => p.id === input.winnerId);

      // The winner's link shows the contact (and, when a coordinator assigned them, lets them refuse). One
      // link for both messages, memoised as a promise: the SMS and the email are built concurrently.
      let url: Promise<string> | undefined;
      const link = () =>
        (url ??= stores.offers
          .openWithToken({ requestId: request.id, counselorId: input.winnerId, wave: 0, channel: 'assigned' })
          .then(({ token }) => `${publicBaseUrl}/o/${token}`));
      if (winner)
        sends.push(
          tell(
            { user: winner },
            input.assignedBy ? 'assigned' : 'won',
            async ({ language, channel }) => ({
              ...requestVars(request, language, channel, quiet),
              // A workspace's own template may still say {contact}: it gets the link, never the contact itself.
              contact: await link(),
              url: await link(),
            }),
            `won-r${r}`,
            { workspaceId: ws, requestId: request.id, texts, notifier: together },
          ).then((t) => t.outcomes),
        );

      sends.push(
        tellOnTheirChannel(
          { ...deps, renderer: texts, notifier: together },
          request,
          input.others,
          `covered-r${r}`,
          'covered',
          people,
        ),
      );

      sends.push(
        tell(
          { requester: { language: request.language, contact } },
          'requester.accepted',
          ({ language }) => {
            const l = labelsFor(language);
            return { by: contact.phone && contact.email ? l.byEither : contact.phone ? l.byPhone : l.byEmail };
          },
          `requester-accepted-r${r}`,
          { workspaceId: ws, requestId: request.id, texts, notifier: together },
        ).then((t) => t.outcomes),
      );
      const outcomes = (await heartbeating(() => Promise.all(sends))).flat();
      retryIfNeeded(outcomes, 'after-win messages');
      await stores.events.add(request.id, 'after-win-sent', { messages: outcomes.length });
    },
  };
}
