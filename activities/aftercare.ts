// After the win: the session row, proposals, confirmations (with an .ics), reminders, the outcome,
// and the after-care tasks (debrief, supervision check-in). Every send goes through the send-once ledger.
import type { TextForm } from '../domain/text-forms';
import { ApplicationFailure } from '@temporalio/common';
import { hasRole } from '../domain/roles';
import type { CounselingSession, HardCategory, SessionOutcome, Stores, TaskKind, User } from '../db';
import { sessionIcs, slotText } from '../domain/calendar';
import {
  fill,
  labelsFor,
  RetryableSendError,
  type MessageName,
  type Recipient,
  type SendOutcome,
  type Tell,
} from '../notifications';

export interface AftercareDeps {
  stores: Stores;
  tell: Tell;
  publicBaseUrl: string;
  onCallLead: (workspaceId: string, at: Date) => Promise<User | null>;
  now?: () => Date;
}

interface SlotInput {
  start: number;
  end: number;
}

export function createAftercareActivities({
  stores,
  tell,
  publicBaseUrl,
  onCallLead,
  now = () => new Date(),
}: AftercareDeps) {
  async function loadSession(sessionId: string): Promise<CounselingSession> {
    const session = await stores.aftercare.getSession(sessionId);
    if (!session) throw ApplicationFailure.nonRetryable(`Session ${sessionId} not found`, 'SessionNotFound');
    return session;
  }

  function retryIfNeeded(outcomes: SendOutcome[], what: string) {
    if (outcomes.includes('retry')) throw new RetryableSendError(`some ${what} not yet accepted by the provider`);
  }

  /** The counselor's link to their session page: a fresh offer link (earlier links keep working). */
  async function counselorUrl(s: CounselingSession): Promise<string> {
    const { token } = await stores.offers.openWithToken({
      requestId: s.requestId,
      counselorId: s.counselorId,
      wave: 0,
      channel: 'assigned',
    });
    return `${publicBaseUrl}/o/${token}/session`;
  }
  const requesterUrl = async (s: CounselingSession) => `${publicBaseUrl}/s/${await stores.aftercare.mintLink(s.id)}`;

  type Vars = Record<string, string | number | undefined>;
  type Attach = (language: string, url: string) => Attachment[];

  /**
   * One side of the session told `message` in their language, with their link (`url`), minted once per message
   * pair and only when a message is really built.
   */
  async function tellWithLink(
    recipient: Recipient,
    mintUrl: () => Promise<string>,
    s: CounselingSession,
    purpose: string,
    message: MessageName,
    vars: (language: string) => Vars,
    attach?: Attach,
  ): Promise<SendOutcome[]> {
    let url: Promise<string> | undefined;
    const link = () => (url ??= mintUrl());
    const { outcomes } = await tell(
      recipient,
      message,
      async ({ language }) => ({ ...vars(language), url: await link() }),
      purpose,
      {
        workspaceId: s.workspaceId,
        requestId: s.requestId,
        attachments: attach && (({ language, vars: v }) => attach(language, String(v.url))),
      },
    );
    return outcomes;
  }

  type TellOneSide = (
    s: CounselingSession,
    purpose: string,
    message: MessageName,
    vars: (language: string) => Vars,
    attach?: Attach,
  ) => Promise<SendOutcome[]>;

  /** The counselor (SMS and email, by tell's rules) in their language. */
  const tellCounselor: TellOneSide = (s, ...rest) =>
    tellWithLink({ userId: s.counselorId }, () => counselorUrl(s), s, ...rest);

  /** The requester by email when they gave one, else by SMS (one message, never both), in their intake language. */
  const tellRequester: TellOneSide = (s, ...rest) =>
    tellWithLink({ requesterOf: s.requestId }, () => requesterUrl(s), s, ...rest);

  const slotOf = (s: CounselingSession, language: string) =>
    slotText(s.startsAt as Date, s.endsAt as Date, s.timeZone, labelsFor(language).dateLocale);
  const slotVars = (s: CounselingSession) => (language: string) => ({ slot: slotOf(s, language) });
  /** The calendar file, its title and description in the reader's language. */
  const invite =
    (s: CounselingSession, sequence: number, cancelled = false): Attach =>
    (language, url) => {
      const l = labelsFor(language);
      return [
        {
          filename: 'session.ics',
          contentType: `text/calendar; charset=utf-8; method=${cancelled ? 'CANCEL' : 'PUBLISH'}`,
          content: sessionIcs(s, sequence, url, now(), cancelled, {
            summary: l.icsSummary,
            description: fill(l.icsDescription, { url }),
          }),
        },
      ];
    };

  return {
    async openSession(input: {
      requestId: string;
      counselorId: string;
      round: number;
    }): Promise<{ sessionId: string }> {
      const session = await stores.aftercare.openSession(input);
      return { sessionId: session.id };
    },

    async setSessionState(input: { sessionId: string; state: 'after-care' | 'closed' | 'handed-back' }) {
      await stores.aftercare.setState(input.sessionId, input.state);
    },

    /** A hand-back after a time was confirmed: the requester hears it is off, with a cancelling calendar file. */
    async tellRequesterHandedBack(input: { sessionId: string }): Promise<void> {
      const s = await loadSession(input.sessionId);
      if (s.state !== 'handed-back' || !s.startsAt || !s.endsAt) return;
      const outcomes = await tellRequester(
        s,
        `handed-back-${s.id}`,
        'handed-back',
        slotVars(s),
        invite(s, s.proposal + 1, true),
      );
      retryIfNeeded(outcomes, 'hand-back notices');
    },

    /** The after-care is over: the request is closed (its status link and the retention clock start from here). */
    async closeAssignedRequest(input: { requestId: string }): Promise<void> {
      if (await stores.requests.setPhase(input.requestId, 'closed', ['assigned'])) {
        await stores.events.add(input.requestId, 'closed', {});
      }
    },

    /** Records the proposal and sends the requester the times with a link to choose one. */
    async sendProposal(input: { sessionId: string; proposal: number; slots: SlotInput[] }): Promise<void> {
      const s = await loadSession(input.sessionId);
      const slots = input.slots.map((x) => ({ start: new Date(x.start), end: new Date(x.end) }));
      await stores.aftercare.propose(s.id, input.proposal, slots);
      await stores.events.add(s.requestId, 'times-proposed', { sessionId: s.id, proposal: input.proposal });
      retryIfNeeded(
        await tellRequester(s, `proposal-${s.id}-${input.proposal}`, 'proposal', (language) => {
          const locale = labelsFor(language).dateLocale;
          return { slots: slots.map((x) => `- ${slotText(x.start, x.end, s.timeZone, locale)}`).join('\n') };
        }),
        'proposals',
      );
    },

    /** Records the confirmed slot; both sides get a confirmation with the .ics. */
    async confirmSlot(input: { sessionId: string; slot: SlotInput; confirmation: number }): Promise<void> {
      const slot = { start: new Date(input.slot.start), end: new Date(input.slot.end) };
      await stores.aftercare.confirm(input.sessionId, slot);
      await stores.aftercare.closeTask(input.sessionId, 'unconfirmed');
      const s = await loadSession(input.sessionId);
      await stores.events.add(s.requestId, 'session-confirmed', {
        sessionId: s.id,
        startsAt: slot.start.toISOString(),
      });
      const purpose = `confirmed-${s.id}-${input.confirmation}`;
      const outcomes = [
        ...(await tellRequester(s, purpose, 'confirmed', slotVars(s), invite(s, s.proposal))),
        ...(await tellCounselor(s, purpose, 'session.confirmed', slotVars(s), invite(s, s.proposal))),
      ];
      retryIfNeeded(outcomes, 'confirmations');
    },

    /** Back to proposing; the side that did not ask hears about it. */
    async reopenScheduling(input: {
      sessionId: string;
      by: 'counselor' | 'requester';
      n: number | string;
    }): Promise<void> {
      const s = await loadSession(input.sessionId);
      await stores.aftercare.reschedule(s.id);
      await stores.events.add(s.requestId, 'reschedule-requested', { sessionId: s.id, by: input.by });
      const purpose = `reschedule-${s.id}-${input.n}`;
      const outcomes =
        input.by === 'requester'
          ? await tellCounselor(s, purpose, 'reschedule.counselor', () => ({}))
          : await tellRequester(s, purpose, 'reschedule.requester', () => ({}));
      retryIfNeeded(outcomes, 'reschedule messages');
    },

    async sendReminder(input: { sessionId: string; label: string; confirmation: number }): Promise<void> {
      const s = await loadSession(input.sessionId);
      const purpose = `reminder-${input.label}-${s.id}-${input.confirmation}`;
      const outcomes = [
        ...(await tellRequester(s, purpose, 'reminder', slotVars(s))),
        ...(await tellCounselor(s, purpose, 'reminder', slotVars(s))),
      ];
      await stores.events.add(s.requestId, 'reminder-sent', { sessionId: s.id, label: input.label });
      retryIfNeeded(outcomes, 'reminders');
    },

    /** Asks the counselor for the outcome (attempt 2 on is a nudge). */
    async askOutcome(input: { sessionId: string; attempt: number; confirmation: number }): Promise<void> {
      const s = await loadSession(input.sessionId);
      await stores.aftercare.setState(s.id, 'after-care');
      const nudge = input.attempt > 1;
      retryIfNeeded(
        await tellCounselor(
          s,
          `outcome-${input.attempt}-${s.id}-${input.confirmation}`,
          nudge ? 'outcome.nudge' : 'outcome',
          () => ({}),
        ),
        'outcome requests',
      );
    },

    async saveOutcome(input: {
      sessionId: string;
      outcome: SessionOutcome;
      hard: boolean;
      category: HardCategory | null;
    }): Promise<void> {
      const s = await loadSession(input.sessionId);
      await stores.aftercare.recordOutcome(s.id, input);
      await stores.aftercare.closeTask(s.id, 'missing-outcome');
      await stores.events.add(s.requestId, 'outcome-recorded', {
        sessionId: s.id,
        outcome: input.outcome,
        hard: input.hard,
        ...(input.category ? { category: input.category } : {}),
      });
    },

    /** A task for the coordinators (an unconfirmed session, a missing outcome); the alert goes separately. */
    async openTask(input: { sessionId: string; kind: TaskKind; dueInMs: number }): Promise<{ taskId: string }> {
      const { task } = await stores.aftercare.openTask({
        sessionId: input.sessionId,
        kind: input.kind,
        ownerId: null,
        dueAt: new Date(now().getTime() + input.dueInMs),
      });
      return { taskId: task.id };
    },

    /**
     * A hard session: a debrief task for the on-call lead (the coordinators when nobody is on call), new
     * offers to the counselor paused until it is done, and the lead told at once with the counselor's name
     * and phone so the call can happen now. Those details are loaded here, never passed through the workflow.
     */
    async openDebrief(input: { sessionId: string; dueInMs: number }): Promise<{ taskId: string }> {
      const s = await loadSession(input.sessionId);
      const lead = await onCallLead(s.workspaceId, now());
      const { task } = await stores.aftercare.openTask({
        sessionId: s.id,
        kind: 'debrief',
        ownerId: lead?.id ?? null,
        dueAt: new Date(now().getTime() + input.dueInMs),
      });
      const open = await stores.pauses.openFor(s.counselorId);
      if (!open.some((p) => p.ref === task.id)) {
        await stores.pauses.pause({
          workspaceId: s.workspaceId,
          counselorId: s.counselorId,
          source: 'debrief',
          reason: 'A debrief is pending after a hard session',
          ref: task.id,
        });
      }
      await stores.events.add(s.requestId, 'debrief-opened', { sessionId: s.id, taskId: task.id });
      const counselor = await stores.users.getById(s.counselorId);
      const staff = lead
        ? [lead]
        : (await stores.users.listStaff(s.workspaceId)).filter((u) => hasRole(u, 'coordinator'));
      // A lock screen shows the hard-session category only when the team has chosen to show it.
      const details = !!(await stores.workspaces.getById(s.workspaceId))?.lockScreenDetails;
      const category = (language: string, channel: TextForm) => {
        const l = labelsFor(language);
        const label = l.hardCategories[s.hardCategory ?? 'other-distress'] ?? l.hardCategories['other-distress'];
        return channel === 'sms' && !details ? l.discreetHardCategory : label;
      };
      const vars = {
        url: `${publicBaseUrl}/tasks`,
        name: counselor?.name ?? 'A counselor',
        phone: counselor?.phone ?? '-',
        email: counselor?.email ?? '',
      };
      const outcomes = (
        await Promise.all(
          staff.map((p) =>
            tell(
              { userId: p.id },
              'debrief',
              ({ language, channel }) => ({ ...vars, category: category(language, channel) }),
              `debrief-${task.id}`,
              { workspaceId: s.workspaceId, requestId: s.requestId },
            ),
          ),
        )
      ).flatMap((t) => t.outcomes);
      retryIfNeeded(outcomes, 'debrief alerts');
      return { taskId: task.id };
    },

    /** Out of scope: the session closes, the requester hears the workspace's alternatives, the coordinators get a task. */
    async markOutOfScope(input: { sessionId: string; alternatives: string }): Promise<void> {
      const s = await loadSession(input.sessionId);
      await stores.aftercare.setState(s.id, 'out-of-scope');
      await stores.aftercare.openTask({ sessionId: s.id, kind: 'out-of-scope', ownerId: null, dueAt: now() });
      await stores.events.add(s.requestId, 'out-of-scope', { sessionId: s.id });
      retryIfNeeded(
        await tellRequester(s, `out-of-scope-${s.id}`, 'out-of-scope', () => ({ alternatives: input.alternatives })),
        'out-of-scope messages',
      );
    },

    /**
     * The supervision check-in task, due later; its owner is the counselor's named supervisor, else the on-call
     * lead of now (else the coordinators).
     */
    async openSupervision(input: { sessionId: string; dueInMs: number }): Promise<{ taskId: string }> {
      const s = await loadSession(input.sessionId);
      const owner = (await stores.care.supervisorOf(s.counselorId)) ?? (await onCallLead(s.workspaceId, now()));
      const { task } = await stores.aftercare.openTask({
        sessionId: s.id,
        kind: 'supervision',
        ownerId: owner?.id ?? null,
        dueAt: new Date(now().getTime() + input.dueInMs),
      });
      await stores.events.add(s.requestId, 'supervision-scheduled', { sessionId: s.id, taskId: task.id });
      return { taskId: task.id };
    },
  };
}

type Attachment = { filename: string; content: string; contentType: string };
