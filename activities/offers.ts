// Offers: one wave of offers on one channel to every recipient at once, and the notices that follow an
// offer (covered, withdrawn) on the channel it reached the counselor on.
import { createHash } from 'node:crypto';
import { offersSent } from '../telemetry/metrics';
import type { HelpRequest, Stores } from '../db';
import { criteriaForRequest } from '../db/stores/matching-store';
import type { WideningStep } from '../domain/policy';
import { quietHoursEnd } from '../domain/quiet-hours';
import type { Reachability } from '../db/stores/users-store';
import { LIVED_EXPERIENCE_LABELS } from '../domain/vocabulary';
import {
  fill,
  labelsFor,
  smsReach,
  type MessageRenderer,
  type NotificationKey,
  type Notifier,
  type SendOutcome,
} from '../notifications';
import {
  attemptAbandoned,
  heartbeating,
  requestHelpers,
  requestVars,
  retryIfNeeded,
  type ActivityDeps,
  type OfferChannel,
} from './request-helpers';

export function createOfferActivities({
  stores,
  notifier,
  renderer,
  publicBaseUrl,
  now = () => new Date(),
}: ActivityDeps) {
  const { startOffering } = requestHelpers(stores);
  return {
    /**
     * Sends one wave of offers on one channel to every recipient at once. Each send first claims its
     * idempotency row, so a retry re-sends only what did not go out. Counselors who cannot be reached on
     * this channel now (quiet hours, STOP, no address, no SMS configured) are returned as skipped for a later wave.
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
      /**
       * A send held back by quiet hours, now due: only to those the match still finds (not paused, not over
       * capacity, not the one who declined), and only while the request is still being offered.
       */
      stillQualifies?: { widening: WideningStep[]; exclude: string[] };
    }): Promise<{ sent: string[]; skipped: string[]; failed: string[]; quiet?: { id: string; until: number }[] }> {
      // What the first SMS needs, read at once rather than one round trip after another: the request with its
      // workspace's lock-screen setting in the same statement as the phase write (matching → offering, which
      // only has to land before the first send), and the recipients beside it.
      const [{ request, discreet: discreetTexts }, reachability] = await Promise.all([
        startOffering(input.requestId),
        input.stillQualifies ? undefined : stores.users.getReachability(input.counselorIds),
      ]);
      let ids = input.counselorIds;
      if (input.stillQualifies) {
        const open = request.phase === 'offering' || request.phase === 'matching';
        const fit = new Set(
          open
            ? await stores.matching.matchCounselors(
                criteriaForRequest(request, input.stillQualifies.widening, input.stillQualifies.exclude),
              )
            : [],
        );
        ids = ids.filter((id) => fit.has(id));
      }
      const people = reachability ?? (await stores.users.getReachability(ids));
      const at = now();
      const smsOn = notifier.has('sms');
      const unreachable = (c: Reachability) =>
        !smsOn || smsReach(c, { at, urgent: input.urgent, quietHours: true }) !== 'yes';
      const skipped = input.channel === 'sms' ? people.filter(unreachable).map((c) => c.id) : [];
      // In quiet hours only (SMS on, a phone, no STOP): the workflow sends the SMS when the hours end.
      const quiet =
        input.channel === 'sms' && smsOn
          ? people.flatMap((c) => {
              if (smsReach(c, { at, urgent: input.urgent, quietHours: true }) !== 'quiet') return [];
              const until = quietHoursEnd(at, c.quietStart, c.quietEnd, c.timeZone);
              return until ? [{ id: c.id, until: until.getTime() }] : [];
            })
          : [];
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
                  const l = labelsFor(c.language);
                  const { body } = await texts.render(request.workspaceId, 'offer.sms', c.language, {
                    ...requestVars(request, c.language, 'sms', discreetTexts),
                    urgent: request.urgent ? l.urgentSms : '',
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
                  const l = labelsFor(c.language);
                  const { subject, body } = await texts.render(request.workspaceId, 'offer.email', c.language, {
                    ...requestVars(request, c.language, 'email', discreetTexts),
                    urgent: request.urgent ? l.urgentEmail : '',
                    lived: lived ? fill(l.livedLine, { list: lived }) + '\n' : '',
                    url: `${publicBaseUrl}/o/${token}`,
                    smsLine: offer.replyCode ? `\n${fill(l.smsReplyLine, { code: offer.replyCode })}` : '',
                  });
                  return { to: c.email, subject, text: body };
                }),
              );
            });
      const outcomes = (await heartbeating(send)).map((o, i): [string, SendOutcome] => [reached[i].id, o]);
      // Counted per attempt, before a retry is asked for: a refused send shows as 'retry', its resend as 'sent'.
      for (const [, outcome] of outcomes) offersSent.inc({ channel: input.channel, outcome });
      retryIfNeeded(
        outcomes.map(([, o]) => o),
        'offers',
      );
      // Skipped people are found again by every attempt: counted once, by the attempt that completes the wave.
      if (skipped.length > 0) offersSent.inc({ channel: input.channel, outcome: 'skipped' }, skipped.length);
      const sent = outcomes.filter(([, o]) => o === 'sent' || o === 'already-sent').map(([id]) => id);
      const failed = outcomes.filter(([, o]) => o === 'permanent-failure' || o === 'in-doubt').map(([id]) => id);
      // A first attempt in the worker that outlived its bound: the activity that took the wave over records it.
      // Once per wave: the same wave run again (its first workflow task replayed, the activity retried after this
      // write) finds its sends already made and must not record the wave a second time.
      if (!attemptAbandoned())
        await stores.events.addOnce(request.id, 'wave-sent', waveKey(input), {
          wave: input.wave,
          channel: input.channel,
          purpose: input.purpose,
          sent: sent.length,
          skipped: skipped.length,
          failed,
          ...(input.channel === 'sms' && !smsOn ? { smsOff: true } : {}),
          ...(quiet.length ? { heldForQuietHours: quiet.length } : {}),
          ...(input.stillQualifies ? { late: true, noLongerQualified: input.counselorIds.length - ids.length } : {}),
        });
      // Those a held-back send no longer qualifies for were never reached on this channel: the workflow must not
      // count them as reached (they would get a "covered" SMS for an offer that only went by email).
      const dropped = input.counselorIds.filter((id) => !ids.includes(id));
      return { sent, skipped: [...skipped, ...dropped], failed, ...(quiet.length ? { quiet } : {}) };
    },
  };
}

/**
 * What makes one wave one wave: its purpose and channel and whom it asks. Not the purpose alone: a wave with a head
 * start sends its two halves under one purpose, and each half is a wave of its own on the timeline. Ids only, hashed
 * to a short key.
 */
function waveKey(input: { purpose: string; channel: OfferChannel; counselorIds: string[] }): string {
  const whom = [...input.counselorIds].sort().join(',');
  return `wave:${createHash('sha256').update(`${input.purpose}|${input.channel}|${whom}`).digest('hex').slice(0, 32)}`;
}

/**
 * Tells each counselor on the channel their offer reached them on (email when that was SMS but they can
 * no longer get one): one batch per channel, each template looked up once.
 */
export async function tellOnTheirChannel(
  deps: { stores: Stores; notifier: Notifier; renderer: MessageRenderer },
  request: HelpRequest,
  recipients: { counselorId: string; channel: OfferChannel }[],
  purpose: string,
  kind: 'covered' | 'withdrawn',
  /** Their reachability (others' may be among it), when the caller has already read it. */
  known?: Reachability[],
): Promise<SendOutcome[]> {
  const { stores, notifier, renderer } = deps;
  const channelOf = new Map(recipients.map((n) => [n.counselorId, n.channel]));
  const people = known
    ? known.filter((p) => channelOf.has(p.id))
    : await stores.users.getReachability(recipients.map((n) => n.counselorId));
  const at = new Date();
  const bySms = people.filter(
    (p) => channelOf.get(p.id) === 'sms' && notifier.has('sms') && smsReach(p, { at }) === 'yes',
  );
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
