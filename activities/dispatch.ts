// The request workflow's side effects: matching, sending waves, recording the winner.
import { ApplicationFailure } from '@temporalio/common';
import type { Stores } from '../db';
import { RetryableSendError } from './errors';
import { coveredSms, offerSms, requesterAcceptedEmail, requesterAcceptedSms, winnerSms } from './messages';
import type { Notifier, SendOutcome } from './notify';

export interface DispatchDeps {
  stores: Stores;
  notifier: Notifier;
  publicBaseUrl: string;
}

export function createDispatchActivities({ stores, notifier, publicBaseUrl }: DispatchDeps) {
  async function loadRequest(requestId: string) {
    const request = await stores.requests.getById(requestId);
    if (!request) throw ApplicationFailure.nonRetryable(`Request ${requestId} not found`, 'RequestNotFound');
    return request;
  }

  return {
    async matchCounselors({ requestId }: { requestId: string }): Promise<string[]> {
      const request = await loadRequest(requestId);
      const ids = await stores.matching.matchCounselors({
        workspaceId: request.workspaceId,
        language: request.language,
        topic: request.topic,
        livedExperience: request.livedExperience,
      });
      await stores.events.add(requestId, 'matched', { count: ids.length });
      return ids;
    },

    /** Sends one wave to every recipient at once. A retry re-sends only what did not go out. */
    async sendWave(input: { requestId: string; wave: number; channel: 'sms'; counselorIds: string[] }): Promise<{
      sent: number;
      failed: string[];
    }> {
      const request = await loadRequest(input.requestId);
      if (request.phase === 'matching') await stores.requests.setPhase(request.id, 'offering');
      const counselors = await stores.users.getMany(input.counselorIds);
      const outcomes = await Promise.all(
        counselors.map(async (c): Promise<[string, SendOutcome]> => {
          const outcome = await notifier.sms(
            { requestId: request.id, userId: c.id, purpose: `offer-w${input.wave}` },
            async () => {
              const { token } = await stores.offers.openWithToken({
                requestId: request.id,
                counselorId: c.id,
                wave: input.wave,
                channel: input.channel,
              });
              return { to: c.phone as string, body: offerSms(request, `${publicBaseUrl}/o/${token}`) };
            },
          );
          return [c.id, outcome];
        }),
      );
      const retry = outcomes.filter(([, o]) => o === 'retry');
      if (retry.length > 0) {
        throw new RetryableSendError(`${retry.length} of ${outcomes.length} offers not yet accepted by the provider`);
      }
      const failed = outcomes.filter(([, o]) => o === 'permanent-failure' || o === 'in-doubt').map(([id]) => id);
      const sent = outcomes.filter(([, o]) => o === 'sent' || o === 'already-sent').length;
      await stores.events.add(request.id, 'wave-sent', { wave: input.wave, channel: input.channel, sent, failed });
      return { sent, failed };
    },

    async recordAssignment({ requestId, counselorId }: { requestId: string; counselorId: string }): Promise<void> {
      const result = await stores.requests.recordAssignment(requestId, counselorId);
      if (result === 'conflict') {
        throw ApplicationFailure.nonRetryable('Another counselor is already assigned', 'AssignmentConflict');
      }
    },

    /** The winner gets the contact, the others a thank-you, the requester the news. */
    async sendAfterWin(input: { requestId: string; winnerId: string; otherIds: string[] }): Promise<void> {
      const contact = (await stores.requests.getContact(input.requestId)) ?? {};
      const people = await stores.users.getMany([input.winnerId, ...input.otherIds]);
      const sends = people
        .filter((p) => p.phone)
        .map((p) =>
          p.id === input.winnerId
            ? notifier.sms({ requestId: input.requestId, userId: p.id, purpose: 'won' }, () => ({
                to: p.phone as string,
                body: winnerSms(contact),
              }))
            : notifier.sms({ requestId: input.requestId, userId: p.id, purpose: 'covered' }, () => ({
                to: p.phone as string,
                body: coveredSms(),
              })),
        );
      const requesterKey = { requestId: input.requestId, userId: null, purpose: 'requester-accepted' };
      if (contact.email) {
        sends.push(
          notifier.email(requesterKey, () => ({ to: contact.email as string, ...requesterAcceptedEmail(contact) })),
        );
      } else if (contact.phone) {
        sends.push(notifier.sms(requesterKey, () => ({ to: contact.phone as string, body: requesterAcceptedSms() })));
      }
      const outcomes = await Promise.all(sends);
      if (outcomes.includes('retry')) throw new RetryableSendError('Some after-win messages were not accepted yet');
      await stores.events.add(input.requestId, 'after-win-sent', { messages: outcomes.length });
    },

    async closeRequest({ requestId, phase }: { requestId: string; phase: 'unmatched' | 'cancelled' }): Promise<void> {
      await stores.requests.close(requestId, phase);
    },
  };
}
