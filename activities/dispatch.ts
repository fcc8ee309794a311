// The request workflow's side effects: matching, sending offers and alerts, recording the outcome.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { HelpRequest, RequesterContact, Stores, User } from '../db';
import { criteriaForRequest } from '../db/stores/matching-store';
import { languageName, LIVED_EXPERIENCE_LABELS, TOPIC_LABELS } from '../db/vocabulary';
import type { WideningStep } from '../workflows/policy';
import { RetryableSendError } from './errors';
import { smsLanguage, smsTopic, smsUrgent, type MessageKey } from './messages';
import type { NotificationKey, Notifier, SendOutcome } from './notify';
import { inQuietHours } from './quiet-hours';
import type { MessageRenderer } from './templates';

export interface DispatchDeps {
  stores: Stores;
  /** Who the rota says is the on-call lead at that moment; null for a gap in the rota. */
  onCallLead: (workspaceId: string, at: Date) => Promise<User | null>;
  notifier: Notifier;
  renderer: MessageRenderer;
  publicBaseUrl: string;
  now?: () => Date;
}

type OfferChannel = 'sms' | 'email';
type Reachability = Awaited<ReturnType<Stores['users']['getReachability']>>[number];
export type AlertReason =
  | 'no-match'
  | 'widened'
  | 'no-accept'
  | 'assignment-refused'
  | 'urgent'
  | 'urgent-unacknowledged'
  | 'counselor-escalation'
  // After the win (activities/aftercare.ts):
  | 'handed-back'
  | 'unconfirmed'
  | 'missing-outcome'
  | 'debrief-overdue'
  | 'out-of-scope';

const ALERT_TEXT: Record<AlertReason, string> = {
  'no-match': 'no counselor matches this request',
  widened: 'the match had to be widened',
  'no-accept': 'nobody has accepted yet',
  'assignment-refused': 'the assigned counselor cannot take it',
  urgent: 'someone may be in danger now',
  'urgent-unacknowledged': 'an urgent alert was not acknowledged by the on-call lead',
  'counselor-escalation': 'a counselor says this needs more than peer support',
  'handed-back': 'the counselor handed the request back',
  unconfirmed: 'no session time is confirmed yet',
  'missing-outcome': 'the counselor has not recorded the session outcome',
  'debrief-overdue': 'a debrief after a hard session is overdue',
  'out-of-scope': 'a counselor marked the request out of scope for peer support',
};

/**
 * Who hears an alert. Urgent alerts and counselor escalations go to the on-call lead alone (the
 * coordinators when the rota has a gap); an unacknowledged urgent alert goes to the coordinators;
 * dispatch alerts go to the coordinators and the on-call lead.
 */
const AUDIENCE: Record<AlertReason, 'on-call' | 'coordinators' | 'coordinators-and-on-call'> = {
  'no-match': 'coordinators-and-on-call',
  widened: 'coordinators-and-on-call',
  'no-accept': 'coordinators-and-on-call',
  'assignment-refused': 'coordinators-and-on-call',
  urgent: 'on-call',
  'urgent-unacknowledged': 'coordinators',
  'counselor-escalation': 'on-call',
  'handed-back': 'coordinators-and-on-call',
  unconfirmed: 'coordinators',
  'missing-outcome': 'coordinators',
  'debrief-overdue': 'coordinators',
  'out-of-scope': 'coordinators',
};

export function createDispatchActivities({
  stores,
  notifier,
  renderer,
  publicBaseUrl,
  onCallLead,
  now = () => new Date(),
}: DispatchDeps) {
  async function loadRequest(requestId: string): Promise<HelpRequest> {
    const request = await stores.requests.getById(requestId);
    if (!request) throw ApplicationFailure.nonRetryable(`Request ${requestId} not found`, 'RequestNotFound');
    return request;
  }

  /** Throws so Temporal retries when any send was refused for now; permanent failures are only recorded. */
  function retryIfNeeded(outcomes: SendOutcome[], what: string) {
    const retry = outcomes.filter((o) => o === 'retry').length;
    if (retry > 0)
      throw new RetryableSendError(`${retry} of ${outcomes.length} ${what} not yet accepted by the provider`);
  }

  const summaryVars = (request: HelpRequest, language: string) => ({
    topic: language === 'en' ? TOPIC_LABELS[request.topic] : smsTopic(request.topic, language),
    language: smsLanguage(request.language, language, languageName(request.language)),
  });

  /** The people an alert goes to; a rota gap sends the on-call part to the coordinators. */
  async function alertAudience(workspaceId: string, audience: (typeof AUDIENCE)[AlertReason]) {
    const staff = await stores.users.listStaff(workspaceId);
    const coordinators = staff.filter((u) => u.role === 'coordinator');
    if (audience === 'coordinators') return { people: coordinators, onCallGap: false };
    const lead = await onCallLead(workspaceId, now());
    const onCall = lead ? [lead] : coordinators;
    const people =
      audience === 'on-call' ? onCall : [...new Map([...coordinators, ...onCall].map((u) => [u.id, u])).values()];
    return { people, onCallGap: !lead };
  }

  /**
   * Heartbeats every second while a send runs, so a worker that dies mid-wave is noticed in seconds
   * (the heartbeat timeout) rather than at the end of the activity's whole timeout.
   */
  async function heartbeating<T>(fn: () => Promise<T>): Promise<T> {
    let ctx: Context | undefined;
    try {
      ctx = Context.current();
    } catch {
      return fn(); // called outside an activity (a unit test)
    }
    ctx.heartbeat();
    const timer = setInterval(() => ctx?.heartbeat(), 1000);
    try {
      return await fn();
    } finally {
      clearInterval(timer);
    }
  }

  return {
    async matchCounselors(input: {
      requestId: string;
      widening: WideningStep[];
      exclude: string[];
    }): Promise<string[]> {
      const request = await loadRequest(input.requestId);
      const ids = await stores.matching.matchCounselors(criteriaForRequest(request, input.widening, input.exclude));
      const last = input.widening[input.widening.length - 1];
      await stores.events.add(request.id, last ? 'widened' : 'matched', {
        count: ids.length,
        ...(last ? { step: last } : {}),
      });
      return ids;
    },

    /**
     * Sends one wave of offers on one channel to every recipient at once. Each send first claims its
     * idempotency row, so a retry re-sends only what did not go out. Counselors who cannot be reached on
     * this channel now (quiet hours, STOP, no address) are returned as skipped for a later wave.
     */
    async sendWave(input: {
      requestId: string;
      purpose: string;
      wave: number;
      channel: OfferChannel;
      counselorIds: string[];
      urgent: boolean;
      smsIncludesLink: boolean;
      validitySeconds: number;
    }): Promise<{ sent: string[]; skipped: string[]; failed: string[] }> {
      const request = await loadRequest(input.requestId);
      await stores.requests.setPhase(request.id, 'offering', ['matching']);
      const people = await stores.users.getReachability(input.counselorIds);
      const at = now();
      const unreachable = (c: Reachability) =>
        !c.phone ||
        c.smsStopped ||
        (inQuietHours(at, c.quietStart, c.quietEnd, c.timeZone) && !(input.urgent && c.urgentSmsOptIn));
      const skipped = input.channel === 'sms' ? people.filter(unreachable).map((c) => c.id) : [];
      const reached = people.filter((c) => !skipped.includes(c.id));
      const byId = new Map(reached.map((c) => [c.id, c]));
      const keys = reached.map((c) => ({ requestId: request.id, userId: c.id, purpose: input.purpose }));
      // The wave's messages are built together: one set of offer writes and one template lookup per language.
      const texts = renderer.batch();
      const openOffers = (claimed: NotificationKey[]) =>
        stores.offers.openManyWithTokens({
          requestId: request.id,
          wave: input.wave,
          channel: input.channel,
          recipients: claimed.map((k) => ({
            counselorId: k.userId as string,
            phone: input.channel === 'sms' ? byId.get(k.userId as string)?.phone : undefined,
          })),
        });
      const send = () =>
        input.channel === 'sms'
          ? notifier.smsMany(keys, async (claimed) => {
              const opened = await openOffers(claimed);
              return Promise.all(
                opened.map(async ({ offer, token }) => {
                  const c = byId.get(offer.counselorId) as Reachability;
                  const { body } = await texts.render(request.workspaceId, 'offer.sms', c.language, {
                    ...summaryVars(request, c.language),
                    urgent: request.urgent ? smsUrgent(c.language) : '',
                    code: offer.replyCode ?? '',
                    link: input.smsIncludesLink ? ` ${publicBaseUrl}/o/${token}` : '',
                  });
                  return { to: c.phone as string, body, validitySeconds: input.validitySeconds };
                }),
              );
            })
          : notifier.emailMany(keys, async (claimed) => {
              const opened = await openOffers(claimed);
              const lived = request.livedExperience.map((t) => LIVED_EXPERIENCE_LABELS[t] ?? t).join(', ');
              return Promise.all(
                opened.map(async ({ offer, token }) => {
                  const c = byId.get(offer.counselorId) as Reachability;
                  const { subject, body } = await texts.render(request.workspaceId, 'offer.email', c.language, {
                    topic: TOPIC_LABELS[request.topic],
                    language: languageName(request.language),
                    urgent: request.urgent ? 'URGENT: ' : '',
                    lived: lived ? `Lived experience: ${lived}\n` : '',
                    url: `${publicBaseUrl}/o/${token}`,
                    smsLine: offer.replyCode ? `\nOr reply A${offer.replyCode} to our text message.` : '',
                  });
                  return { to: c.email, subject, text: body };
                }),
              );
            });
      const outcomes = (await heartbeating(send)).map((o, i): [string, SendOutcome] => [reached[i].id, o]);
      retryIfNeeded(
        outcomes.map(([, o]) => o),
        'offers',
      );
      const sent = outcomes.filter(([, o]) => o === 'sent' || o === 'already-sent').map(([id]) => id);
      const failed = outcomes.filter(([, o]) => o === 'permanent-failure' || o === 'in-doubt').map(([id]) => id);
      await stores.events.add(request.id, 'wave-sent', {
        wave: input.wave,
        channel: input.channel,
        purpose: input.purpose,
        sent: sent.length,
        skipped: skipped.length,
        failed,
      });
      return { sent, skipped, failed };
    },

    /**
     * Alerts staff by SMS and email, with a link to the request (and, for urgent alerts, a link to
     * acknowledge). A counselor's escalation carries their name and phone number so the call can happen now.
     */
    async alertStaff(input: {
      requestId: string;
      reason: AlertReason;
      /** Part of the idempotency key: a dispatch round, a repeat number, or an escalation's id. */
      round: number | string;
      counselorId?: string;
    }): Promise<{ recipients: number; onCallGap: boolean }> {
      const request = await loadRequest(input.requestId);
      const { people, onCallGap } = await alertAudience(request.workspaceId, AUDIENCE[input.reason]);
      const counselor = input.counselorId ? await stores.users.getById(input.counselorId) : undefined;
      const urgentKind = input.reason === 'urgent' || input.reason === 'urgent-unacknowledged';
      const baseVars = {
        reason:
          ALERT_TEXT[input.reason] + (counselor ? ` (${counselor.name}, ${counselor.phone ?? counselor.email})` : ''),
        topic: TOPIC_LABELS[request.topic],
        language: languageName(request.language),
        urgent: request.urgent ? 'URGENT ' : '',
        url: `${publicBaseUrl}/requests/${request.id}`,
        ackHint: urgentKind ? ' Reply OK to acknowledge.' : '',
      };
      const purpose = `alert-${input.reason}-r${input.round}`;
      // A phone that sent STOP gets no SMS, staff included: the email still goes.
      const stopped = new Set(
        (await stores.users.getReachability(people.map((p) => p.id))).filter((r) => r.smsStopped).map((r) => r.id),
      );
      const outcomes = await heartbeating(() =>
        Promise.all(
          people.map(async (s) => {
            // One acknowledgement link per person and alert, minted only when the message is really built.
            let ack: Promise<string> | undefined;
            const vars = async () => ({
              ...baseVars,
              url: urgentKind
                ? `${publicBaseUrl}/a/${await (ack ??= stores.safety.mintAlertLink(request.id, s.id))}`
                : baseVars.url,
            });
            const key = { requestId: request.id, userId: s.id, purpose };
            return Promise.all([
              s.phone && !stopped.has(s.id)
                ? notifier.sms(key, async () => ({
                    to: s.phone as string,
                    body: (await renderer.render(request.workspaceId, 'alert.sms', 'en', await vars())).body,
                  }))
                : Promise.resolve<SendOutcome>('skipped'),
              notifier.email(key, async () => {
                const m = await renderer.render(request.workspaceId, 'alert.email', 'en', await vars());
                return { to: s.email, subject: m.subject, text: m.body };
              }),
            ]);
          }),
        ),
      );
      retryIfNeeded(outcomes.flat(), 'alerts');
      await stores.events.add(request.id, 'escalated', {
        reason: input.reason,
        staff: people.length,
        ...(onCallGap ? { onCallGap: true } : {}),
      });
      return { recipients: people.length, onCallGap };
    },

    async recordAssignment(input: {
      requestId: string;
      counselorId: string;
      assignedBy: string | null;
    }): Promise<void> {
      const result = await stores.requests.recordAssignment(input.requestId, input.counselorId, input.assignedBy);
      if (result === 'conflict') {
        throw ApplicationFailure.nonRetryable('Another counselor is already assigned', 'AssignmentConflict');
      }
    },

    async reopenAfterRefusal(input: {
      requestId: string;
      counselorId: string;
      event?: 'assignment-refused' | 'handed-back';
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
      const request = await loadRequest(input.requestId);
      const contact = (await stores.requests.getContact(request.id)) ?? {};
      const [winner] = await stores.users.getReachability([input.winnerId]);
      const r = input.round;
      const sends: Promise<SendOutcome | SendOutcome[]>[] = [];
      const ws = request.workspaceId;

      if (winner) {
        // The winner's link shows the contact (and, when a coordinator assigned them, lets them refuse).
        const linkFor = async () => {
          const { token } = await stores.offers.openWithToken({
            requestId: request.id,
            counselorId: winner.id,
            wave: 0,
            channel: 'assigned',
          });
          return `${publicBaseUrl}/o/${token}`;
        };
        const kind: MessageKey = input.assignedBy ? 'assigned.sms' : 'won.sms';
        // One link for both messages (memoised as a promise: the SMS and the email are built concurrently).
        let url: Promise<string> | undefined;
        const link = () => (url ??= linkFor());
        const vars = summaryVars(request, winner.language);
        if (winner.phone && !winner.smsStopped) {
          sends.push(
            notifier.sms({ requestId: request.id, userId: winner.id, purpose: `won-r${r}` }, async () => ({
              to: winner.phone as string,
              // A workspace's own template may still say {contact}: it gets the link, never the contact itself.
              body: (
                await renderer.render(ws, kind, winner.language, { ...vars, url: await link(), contact: await link() })
              ).body,
            })),
          );
        }
        sends.push(
          notifier.email({ requestId: request.id, userId: winner.id, purpose: `won-r${r}` }, async () => {
            const emailKind: MessageKey = input.assignedBy ? 'assigned.email' : 'won.email';
            const m = await renderer.render(ws, emailKind, winner.language, {
              ...vars,
              topic: TOPIC_LABELS[request.topic],
              language: languageName(request.language),
              url: await link(),
              contact: await link(),
            });
            return { to: winner.email, subject: m.subject, text: m.body };
          }),
        );
      }

      sends.push(tellOnTheirChannel(request, input.others, `covered-r${r}`, 'covered'));

      const by = [contact.phone && 'phone', contact.email && 'email'].filter(Boolean).join(' or ');
      sends.push(...tellRequester(request, contact, `requester-accepted-r${r}`, 'requester.accepted', { by }));
      const outcomes = (await heartbeating(() => Promise.all(sends))).flat();
      retryIfNeeded(outcomes, 'after-win messages');
      await stores.events.add(request.id, 'after-win-sent', { messages: outcomes.length });
    },

    /** Closes the request; the requester hears honestly why, offered counselors that it is withdrawn. */
    async closeRequest(input: {
      requestId: string;
      phase: 'unmatched' | 'cancelled';
      round: number;
      cancelledBy: 'coordinator' | 'requester' | null;
      notify: { counselorId: string; channel: OfferChannel }[];
      /** From the policy snapshot the request started with. */
      alternatives?: string;
    }): Promise<void> {
      const request = await loadRequest(input.requestId);
      await stores.requests.close(request.id, input.phase, input.cancelledBy ? { by: input.cancelledBy } : {});
      const contact = (await stores.requests.getContact(request.id)) ?? {};
      const sends: Promise<SendOutcome | SendOutcome[]>[] = [];
      if (input.phase === 'unmatched') {
        const alternatives = input.alternatives ?? '';
        sends.push(...tellRequester(request, contact, 'requester-unmatched', 'requester.unmatched', { alternatives }));
      } else if (input.cancelledBy === 'coordinator') {
        sends.push(...tellRequester(request, contact, 'requester-cancelled', 'requester.cancelled', {}));
      }
      if (input.phase === 'cancelled') {
        sends.push(tellOnTheirChannel(request, input.notify, `withdrawn-r${input.round}`, 'withdrawn'));
      }
      retryIfNeeded((await Promise.all(sends)).flat(), 'closing messages');
    },
  };

  /**
   * Tells each counselor on the channel their offer reached them on (email when that was SMS but they can
   * no longer get one): one batch per channel, each template looked up once.
   */
  async function tellOnTheirChannel(
    request: HelpRequest,
    recipients: { counselorId: string; channel: OfferChannel }[],
    purpose: string,
    kind: 'covered' | 'withdrawn',
  ): Promise<SendOutcome[]> {
    const people = await stores.users.getReachability(recipients.map((n) => n.counselorId));
    const channelOf = new Map(recipients.map((n) => [n.counselorId, n.channel]));
    const bySms = people.filter((p) => channelOf.get(p.id) === 'sms' && p.phone && !p.smsStopped);
    const byEmail = people.filter((p) => !bySms.includes(p));
    const keyOf = (p: Reachability) => ({ requestId: request.id, userId: p.id, purpose });
    const texts = renderer.batch();
    const [sms, email] = await Promise.all([
      notifier.smsMany(bySms.map(keyOf), (keys) =>
        Promise.all(
          keys.map(async (k) => {
            const p = people.find((q) => q.id === k.userId) as Reachability;
            const { body } = await texts.render(request.workspaceId, `${kind}.sms`, p.language, {});
            return { to: p.phone as string, body };
          }),
        ),
      ),
      notifier.emailMany(byEmail.map(keyOf), (keys) =>
        Promise.all(
          keys.map(async (k) => {
            const p = people.find((q) => q.id === k.userId) as Reachability;
            const m = await texts.render(request.workspaceId, `${kind}.email`, p.language, {});
            return { to: p.email, subject: m.subject, text: m.body };
          }),
        ),
      ),
    ]);
    return [...sms, ...email];
  }

  /** The requester is told by email when they gave one, else by SMS (one message, never both). */
  function tellRequester(
    request: HelpRequest,
    contact: RequesterContact,
    purpose: string,
    key: 'requester.accepted' | 'requester.unmatched' | 'requester.cancelled',
    vars: Record<string, string>,
  ): Promise<SendOutcome>[] {
    const k = { requestId: request.id, userId: null, purpose };
    if (contact.email) {
      return [
        notifier.email(k, async () => {
          const m = await renderer.render(request.workspaceId, `${key}.email`, request.language, vars);
          return { to: contact.email as string, subject: m.subject, text: m.body };
        }),
      ];
    }
    if (contact.phone) {
      return [
        notifier.sms(k, async () => ({
          to: contact.phone as string,
          body: (await renderer.render(request.workspaceId, `${key}.sms`, request.language, vars)).body,
        })),
      ];
    }
    return [];
  }
}
