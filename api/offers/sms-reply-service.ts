// A counselor's text message, answered: accept or decline an offer by its reply code, STOP/START/HELP, and a
// short help text (at most every few minutes) for anything else. Strangers learn nothing about any request.
import { hasRole, isStaff } from '../../domain/roles';
import type { Offer, Stores, User } from '../../db';
import { topicLabel } from '../../domain/vocabulary';
import { REPLY_FOR_RESULT, render, smsTopic, type MessageKey } from '../../notifications/catalogue';
import { createMessageRenderer } from '../../notifications/renderer';
import type { AcceptResult } from '../../workflows/definitions';
import { AcceptPending, type DispatchService } from '../dispatch/service';
import { parseSmsReply } from '../../domain/sms-reply-grammar';

export interface InboundSms {
  messageSid: string;
  from: string;
  body: string;
}

interface Decision {
  /** What happened, kept in the inbound ledger (no message text). */
  outcome: string;
  /** The TwiML answer; null answers with an empty response. */
  answer: string | null;
}

interface Sender {
  id: string;
  workspaceId: string;
  language: string;
}

export interface SmsReplyOptions {
  /** Twilio gives up after about 15 s and does not honour 429: the engine gets this long, then the reply waits in the inbox. */
  engineDeadlineMs?: number;
  /** A sender who keeps sending what we cannot read hears from us at most this often. */
  helpEveryMs?: number;
}

// A webhook that died mid-way leaves its claim; Twilio's retry (after 15 s) may take it over after this.
const INBOUND_LEASE_MS = 20_000;

export function createSmsReplyService(
  deps: {
    stores: Stores;
    dispatch: DispatchService;
    /** The engine's task queue: its workers finish the replies kept in the inbox. */
    taskQueue: string;
    log: (msg: string) => void;
  },
  opts: SmsReplyOptions = {},
) {
  const { stores, dispatch, taskQueue, log } = deps;
  const engineDeadlineMs = opts.engineDeadlineMs ?? 5000;
  const helpEveryMs = opts.helpEveryMs ?? 5 * 60_000;
  const renderer = createMessageRenderer(stores);

  async function text(who: Sender, key: MessageKey, vars: Record<string, string | number> = {}) {
    return (await renderer.render(who.workspaceId, key, who.language, vars)).body;
  }

  async function senderOf(user: User): Promise<Sender> {
    const [reach] = await stores.users.getReachability([user.id]);
    return { id: user.id, workspaceId: user.workspaceId, language: reach?.language ?? 'en' };
  }

  /** The counselor an offer went to answers in their own language, whoever else shares the phone. */
  async function counselorOf(offer: Offer, fallback: Sender): Promise<Sender> {
    if (offer.counselorId === fallback.id) return fallback;
    const user = await stores.users.getById(offer.counselorId);
    return user ? senderOf(user) : fallback;
  }

  /** "A1 (Grief), A2 (Trauma)": the codes the phone can answer, each with what it is about. */
  async function codeList(offers: Offer[], language: string): Promise<string> {
    const parts = await Promise.all(
      offers.map(async (o) => {
        const request = await stores.requests.getById(o.requestId);
        const topic = request && (language === 'en' ? topicLabel(request.topic) : smsTopic(request.topic, language));
        return `A${o.replyCode}${topic ? ` (${topic})` : ''}`;
      }),
    );
    return parts.join(', ');
  }

  async function chooseText(who: Sender, open: Offer[]) {
    return text(who, 'reply.choose', { codes: await codeList(open, who.language), first: open[0].replyCode ?? '' });
  }

  /** An error reply, throttled: an auto-responder or a confused sender does not start a ping-pong. */
  async function throttled(phone: string, outcome: string, answer: () => Promise<string>): Promise<Decision> {
    if (!(await stores.sms.allowHelp(phone, helpEveryMs))) return { outcome: `${outcome}-throttled`, answer: null };
    return { outcome, answer: await answer() };
  }

  /** STOP and START apply to the phone (every account on it); the requests it was offered note it on their timelines. */
  async function setStopped(users: User[], phone: string, stopped: boolean) {
    await stores.users.setSmsStopped(phone, stopped);
    for (const user of users) {
      const requestIds = new Set((await stores.offers.listOpenForCounselor(user.id)).map((o) => o.requestId));
      for (const requestId of requestIds) {
        await stores.events.add(requestId, stopped ? 'sms-stopped' : 'sms-started', { counselorId: user.id });
      }
    }
  }

  async function accept(sms: InboundSms, offer: Offer, who: Sender): Promise<Decision> {
    let result: AcceptResult;
    try {
      // The update id is the inbound message's: Twilio's retry of this webhook is answered by the same update.
      result = await dispatch.accept(offer, { updateId: sms.messageSid, deadlineMs: engineDeadlineMs });
    } catch (err) {
      if (!(err instanceof AcceptPending))
        log(`sms accept kept for later: ${(err as Error)?.name}: ${(err as Error)?.message}`);
      await stores.sms.enqueue({ ...inboxFields(sms), offerId: offer.id, action: 'accept', taskQueue });
      await stores.events.add(offer.requestId, 'sms-reply', {
        counselorId: offer.counselorId,
        action: 'accept',
        result: 'pending',
      });
      return { outcome: 'accept-pending', answer: await text(who, 'reply.pending') };
    }
    await stores.events.add(offer.requestId, 'sms-reply', { counselorId: offer.counselorId, action: 'accept', result });
    return { outcome: `accept-${result}`, answer: await text(who, REPLY_FOR_RESULT[result]) };
  }

  async function decline(sms: InboundSms, offer: Offer, who: Sender): Promise<Decision> {
    let result: AcceptResult | 'declined';
    try {
      result = await dispatch.decline(offer, { deadlineMs: engineDeadlineMs });
    } catch (err) {
      // Recorded in the database but the workflow could not be told: the drainer tells it later.
      if ((await stores.offers.getById(offer.id))?.status !== 'declined') throw err;
      log(`sms decline signal kept for later: ${(err as Error)?.name}: ${(err as Error)?.message}`);
      await stores.sms.enqueue({ ...inboxFields(sms), offerId: offer.id, action: 'decline', taskQueue });
      result = 'declined';
    }
    await stores.events.add(offer.requestId, 'sms-reply', {
      counselorId: offer.counselorId,
      action: 'decline',
      result,
    });
    return { outcome: `decline-${result}`, answer: await text(who, REPLY_FOR_RESULT[result]) };
  }

  /**
   * "C12": the winner of the offer with reply code 12 has been in touch. A bare "C" works when exactly one
   * request this phone won is still being arranged. Not the winner's session any more: the help text.
   */
  async function contacted(sms: InboundSms, code: number | null, who: Sender): Promise<Decision> {
    const won = await stores.offers.listWonForPhone(sms.from, code ?? undefined);
    const live: { offer: Offer; sessionId: string }[] = [];
    for (const offer of won) {
      const session = await stores.aftercare.currentSession(offer.requestId);
      if (session && session.counselorId === offer.counselorId && ['scheduling', 'scheduled'].includes(session.state))
        live.push({ offer, sessionId: session.id });
      if (code !== null && live.length > 0) break; // the newest won offer with that code is the one meant
    }
    if (live.length !== 1) return throttled(sms.from, 'contact-unknown', () => text(who, 'reply.contact-unknown'));
    const [{ offer, sessionId }] = live;
    const result = await dispatch.confirmFirstContact(offer.requestId, sessionId);
    const counselor = await counselorOf(offer, who);
    if (result === 'not-now')
      return { outcome: 'contact-not-now', answer: await text(counselor, 'reply.contact-unknown') };
    return { outcome: `contact-${result}`, answer: await text(counselor, 'reply.contacted') };
  }

  async function decide(sms: InboundSms): Promise<Decision> {
    const reply = parseSmsReply(sms.body);
    const users = await stores.users.findByPhone(sms.from);
    if (users.length === 0) {
      // A number we do not know learns nothing, not even whether a request exists; HELP gets the generic text.
      return reply.kind === 'help'
        ? { outcome: 'help-unknown-sender', answer: render('reply.help', 'en', {}).body }
        : { outcome: 'unknown-sender', answer: null };
    }
    const who = await senderOf(users.find((u) => hasRole(u, 'counselor')) ?? users[0]);

    switch (reply.kind) {
      case 'stop':
        await setStopped(users, sms.from, true);
        return { outcome: 'stop', answer: await text(who, 'reply.stopped') };
      case 'start':
        await setStopped(users, sms.from, false);
        return { outcome: 'start', answer: await text(who, 'reply.started') };
      case 'help':
        return { outcome: 'help', answer: await text(who, 'reply.help') };
      case 'acknowledge': {
        // A lead (or coordinator) answering an urgent alert: the latest one they were sent and nobody acknowledged.
        const staff = users.find((u) => isStaff(u));
        const requestId = staff && (await stores.safety.latestUnacknowledgedFor(staff.id));
        const request = requestId ? await stores.requests.getById(requestId) : undefined;
        if (!staff || !request) return throttled(sms.from, 'nothing-to-acknowledge', () => text(who, 'reply.help'));
        await dispatch.acknowledgeUrgent(request, staff.id);
        return { outcome: 'acknowledged', answer: await text(who, 'reply.acknowledged') };
      }
      case 'unknown':
        return throttled(sms.from, 'unreadable', () => text(who, 'reply.help'));
      case 'contacted':
        return contacted(sms, reply.code, who);
    }

    let offer: Offer | undefined;
    if (reply.code === null) {
      const open = await stores.offers.listOpenForPhone(sms.from);
      if (open.length === 0) return { outcome: 'no-offers', answer: await text(who, 'reply.no-offers') };
      if (open.length > 1) return { outcome: 'choose', answer: await chooseText(who, open) };
      offer = open[0];
    } else {
      offer = await stores.offers.findByReplyCode(sms.from, reply.code);
      if (!offer) {
        return throttled(sms.from, 'unknown-code', async () => {
          const open = await stores.offers.listOpenForPhone(sms.from);
          return open.length ? chooseText(who, open) : text(who, 'reply.no-offers');
        });
      }
    }
    const counselor = await counselorOf(offer, who);
    return reply.kind === 'accept' ? accept(sms, offer, counselor) : decline(sms, offer, counselor);
  }

  return {
    /** The text to answer with (null: an empty answer). A message already answered gets the same answer again. */
    async answer(sms: InboundSms): Promise<string | null> {
      const claim = await stores.sms.claimInbound(sms.messageSid, sms.from, INBOUND_LEASE_MS);
      if (claim.state === 'answered') return claim.answer;
      // The first delivery of this message is still being answered; it answers for both.
      if (claim.state === 'in-flight') return null;
      try {
        const { outcome, answer } = await decide(sms);
        await stores.sms.answerInbound(sms.messageSid, outcome, answer);
        return answer;
      } catch (err) {
        await stores.sms.releaseInbound(sms.messageSid).catch(() => undefined);
        throw err;
      }
    },
  };
}
export type SmsReplyService = ReturnType<typeof createSmsReplyService>;

const inboxFields = (sms: InboundSms) => ({ messageSid: sms.messageSid, fromPhone: sms.from, body: sms.body });
