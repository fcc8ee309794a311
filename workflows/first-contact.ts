// The silent winner, inside the request workflow: after the win the counselor confirms first contact (a tap or
// an SMS reply); without it they are reminded, later the requester is asked, and a "no" (or silence) alerts the
// coordinators, who may release the request back to dispatch. Durable timers, counted from the win.
import { ActivityFailure, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import type { AlertReason } from '../activities/alerts';
import {
  confirmFirstContactUpdate,
  contactAnswerUpdate,
  releaseRequestUpdate,
  type ContactAnswerResult,
  type DispatchStatus,
  type FirstContactResult,
  type FirstContactStatus,
  type ReleaseResult,
} from './definitions';
import { DEFAULT_DISPATCH_POLICY, type DispatchPolicy, FIRST_CONTACT_DURATIONS } from '../domain/policy';
import { requireDuration } from './waves';
import { STORE_ACTIVITY, sendRetry } from './activity-options';

const store = proxyActivities<DispatchActivities>(STORE_ACTIVITY);
// Sends are bounded like the other after-care sends: a provider outage must not stall the check.
const send = proxyActivities<DispatchActivities>({ startToCloseTimeout: '60 seconds', retry: sendRetry([]) });

/** The phases in which a first contact has evidently happened: a time was agreed, or the session was held. */
const CONTACT_EVIDENT = new Set<DispatchStatus['phase']>(['scheduled', 'after-care', 'closed']);

export function createFirstContactCheck(ctx: {
  requestId: string;
  policy: DispatchPolicy;
  status: DispatchStatus;
  /** The current dispatch round: a hand-back or a release starts another, which ends this round's check. */
  round: () => number;
  alert: (reason: AlertReason, round: number | string) => Promise<void>;
  /** Ends the after-care of the current winner the way a hand-back does; false when it is past that. */
  release: () => boolean;
}) {
  const { requestId, policy, status } = ctx;
  const at = (from: number, key: (typeof FIRST_CONTACT_DURATIONS)[number]) =>
    from + requireDuration(policy[key] ?? DEFAULT_DISPATCH_POLICY[key]!);
  const current = (sessionId: string) => (status.firstContact?.sessionId === sessionId ? status.firstContact : null);

  setHandler(confirmFirstContactUpdate, async ({ sessionId }): Promise<FirstContactResult> => {
    const f = current(sessionId);
    if (!f || f.releasedBy) return 'not-now';
    if (f.confirmedBy === 'counselor') return 'already-confirmed';
    f.confirmedBy = 'counselor';
    await store.noteFirstContact({ requestId, sessionId, by: 'counselor' });
    return 'confirmed';
  });

  setHandler(contactAnswerUpdate, async ({ sessionId, answer }): Promise<ContactAnswerResult> => {
    const f = current(sessionId);
    if (!f || !f.requesterAsked || f.releasedBy) return 'not-asked';
    if (f.requesterAnswer === answer) return 'recorded'; // a double tap
    f.requesterAnswer = answer;
    if (answer === 'yes') f.confirmedBy ??= 'requester';
    await store.noteFirstContact({ requestId, sessionId, by: 'requester', answer });
    return 'recorded';
  });

  setHandler(releaseRequestUpdate, ({ coordinatorId }): ReleaseResult => {
    const f = status.firstContact;
    if (!f || f.round !== ctx.round() || f.releasedBy || !ctx.release()) return 'not-possible';
    f.releasedBy = coordinatorId;
    return 'released';
  });

  /** A send that stayed refused past its bound: the timeline shows what went out; the check goes on. */
  async function bounded(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
    }
  }

  /**
   * Started (not awaited) as the winner's after-care begins. `before` is the previous round's session id, so
   * the check waits for this round's session. Requests started before the check replay without it.
   */
  async function watch(round: number, before: string | undefined): Promise<void> {
    if (!patched('first-contact-check')) return;
    const wonAt = status.assignedAt ?? Date.now();
    const f: FirstContactStatus = {
      round,
      sessionId: null,
      confirmedBy: null,
      reminded: false,
      requesterAsked: false,
      requesterAnswer: null,
      alerted: null,
      releasedBy: null,
    };
    status.firstContact = f;
    const gone = () => ctx.round() !== round || f.releasedBy !== null;
    await condition(() => gone() || (status.aftercare !== undefined && status.aftercare.sessionId !== before));
    if (gone()) return;
    const sessionId = status.aftercare!.sessionId;
    f.sessionId = sessionId;

    const over = () => gone() || f.confirmedBy !== null || CONTACT_EVIDENT.has(status.phase);
    const saidNo = () => f.requesterAnswer === 'no';
    /** Waits until an instant; true when the check is over (or the requester said no) first. */
    const until = async (instant: number, early: () => boolean = over) => {
      const ms = instant - Date.now();
      return ms > 0 ? condition(early, ms) : early();
    };

    if (await until(at(wonAt, 'firstContactWithin'))) return;
    f.reminded = true;
    await bounded(() => send.remindFirstContact({ sessionId }));
    if (await until(at(wonAt, 'requesterCheckAfter'))) return;
    f.requesterAsked = true;
    await bounded(() => send.askRequesterAboutContact({ sessionId }));
    await until(at(wonAt, 'coordinatorAlertAfter'), () => over() || saidNo());
    if (over()) return;
    f.alerted = saidNo() ? 'requester-not-contacted' : 'first-contact-missing';
    await ctx.alert(f.alerted, `contact-${sessionId}`);
  }

  /** After a release: the winner hears the request went back to dispatch. */
  async function tellReleased(counselorId: string, round: number): Promise<void> {
    await bounded(() => send.tellReleased({ requestId, counselorId, round }));
  }

  return { watch, tellReleased };
}
