// The silent winner's side effects: the timeline notes, the reminder to the counselor, the question to the
// requester ("Has a counselor been in touch?") and the notice to a counselor whose request was released.
import { ApplicationFailure } from '@temporalio/common';
import type { CounselingSession } from '../db';
import { labelsFor } from '../notifications';
import { requestHelpers, requestVars, retryIfNeeded, type ActivityDeps } from './request-helpers';

export function createFirstContactActivities(deps: ActivityDeps) {
  const { stores, tell, publicBaseUrl } = deps;
  const { loadForMessages } = requestHelpers(stores);

  async function loadSession(sessionId: string): Promise<CounselingSession> {
    const session = await stores.aftercare.getSession(sessionId);
    if (!session) throw ApplicationFailure.nonRetryable(`Session ${sessionId} not found`, 'SessionNotFound');
    return session;
  }

  return {
    /** The timeline: who said the first contact happened (or that it did not). */
    async noteFirstContact(input: {
      requestId: string;
      sessionId: string;
      by: 'counselor' | 'requester';
      answer?: 'yes' | 'no';
    }): Promise<void> {
      const type = input.answer === 'no' ? 'requester-not-contacted' : 'first-contact-confirmed';
      await stores.events.add(input.requestId, type, { sessionId: input.sessionId, by: input.by });
    },

    /**
     * The winner has not confirmed first contact: a reminder with the one-tap link (their session page) and,
     * when their offer came by SMS, the reply "C<code>" (the code of the offer they won).
     */
    async remindFirstContact(input: { sessionId: string }): Promise<void> {
      const s = await loadSession(input.sessionId);
      const offer = await stores.offers.getFor(s.requestId, s.counselorId);
      let url: Promise<string> | undefined;
      const link = () =>
        (url ??= stores.offers
          .openWithToken({ requestId: s.requestId, counselorId: s.counselorId, wave: 0, channel: 'assigned' })
          .then(({ token }) => `${publicBaseUrl}/o/${token}/session`));
      const { outcomes } = await tell(
        { userId: s.counselorId },
        'first-contact.reminder',
        async ({ language }) => ({
          url: await link(),
          codeLine:
            offer?.status === 'won' && offer.replyCode !== null
              ? labelsFor(language).contactCodeLine.replace('{code}', String(offer.replyCode))
              : '',
        }),
        `first-contact-reminder-${s.id}`,
        { workspaceId: s.workspaceId, requestId: s.requestId },
      );
      retryIfNeeded(outcomes, 'first-contact reminders');
      await stores.events.add(s.requestId, 'first-contact-reminded', { sessionId: s.id, counselorId: s.counselorId });
    },

    /** "Has a counselor been in touch?": two links, each to a page whose button answers (links never act on GET). */
    async askRequesterAboutContact(input: { sessionId: string }): Promise<void> {
      const s = await loadSession(input.sessionId);
      let token: Promise<string> | undefined;
      const base = async () => `${publicBaseUrl}/s/${await (token ??= stores.aftercare.mintLink(s.id))}/contact`;
      const { outcomes } = await tell(
        { requesterOf: s.requestId },
        'requester.contact-check',
        async () => ({ yes: `${await base()}?answer=yes`, no: `${await base()}?answer=no` }),
        `contact-check-${s.id}`,
        { workspaceId: s.workspaceId, requestId: s.requestId },
      );
      retryIfNeeded(outcomes, 'contact checks');
      await stores.events.add(s.requestId, 'contact-check-sent', { sessionId: s.id });
    },

    /** A coordinator released the request from this counselor: they are told it went back to dispatch. */
    async tellReleased(input: { requestId: string; counselorId: string; round: number }): Promise<void> {
      const { request, discreet: quiet } = await loadForMessages(input.requestId);
      const { outcomes } = await tell(
        { userId: input.counselorId },
        'released',
        ({ language, channel }) => requestVars(request, language, channel, quiet),
        `released-r${input.round}`,
        { workspaceId: request.workspaceId, requestId: request.id },
      );
      retryIfNeeded(outcomes, 'release notices');
    },
  };
}
