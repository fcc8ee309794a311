// What the routes ask of dispatch: submit a request, accept an offer, read a request's status.
import type { Log } from '../../log';
import { randomUUID } from 'node:crypto';
import type { HelpRequest, Offer, Stores, Workspace } from '../../db';
import {
  acceptUpdateIdFor,
  type AcceptResult,
  type AssignResult,
  type CancelResult,
  type DispatchStatus,
  type FirstContactResult,
  type ReleaseResult,
  type RequestWorkflowInput,
} from '../../workflows/definitions';
import { answerFromOfferStatus, engineFailure, isNoAnswer, isWorkflowGone, type Engine } from '../../engine';
import { criteriaForRequest } from '../../domain/match-criteria';
import { DEFAULT_DISPATCH_POLICY, validatePolicy, withDefaults, type DispatchPolicy } from '../../domain/policy';
import { Unavailable } from '../errors';
import { requestsReceived } from '../../telemetry/metrics';
import type { IntakeInput } from '../intake/form';

/** How long an accept waits for the workflow's answer before telling the counselor to check back. */
const ACCEPT_DEADLINE_MS = 8000;

/** How long intake waits for Temporal to take a new workflow before leaving it to the outbox reconciler. */
const START_DEADLINE_MS = 2000;

export class AcceptPending extends Error {}

export function createDispatchService(deps: {
  stores: Stores;
  engine: Engine;
  log: Log;
  rememberWorkspace?: (requestId: string, workspaceId: string) => void;
}) {
  const { stores, engine, log } = deps;
  const { taskQueue } = engine;

  /** The workspace's policy as it is now: the snapshot the new workflow keeps. */
  function policyOf(workspace: Workspace): DispatchPolicy {
    const policy = withDefaults(workspace.dispatchPolicy);
    return validatePolicy(policy).length === 0 ? policy : DEFAULT_DISPATCH_POLICY;
  }

  /** A closed offer's answer comes from the database; only an open one needs the workflow. */
  const answerFromOffer = (offer: Offer): AcceptResult | undefined => answerFromOfferStatus(offer.status);

  return {
    /**
     * Stores the request with its outbox row (one transaction), then starts the workflow at once. When
     * Temporal cannot be reached the requester still gets their answer: the reconciler in the worker
     * starts it from the outbox as soon as Temporal is back.
     */
    async submit(workspace: Workspace, input: IntakeInput): Promise<{ request: HelpRequest; statusToken: string }> {
      const id = randomUUID();
      const urgent = input.safety === 'yes';
      const workflowInput: RequestWorkflowInput = { requestId: id, urgent, policy: policyOf(workspace) };
      // The first match, made here rather than in the workflow's first task: one query before the workflow starts
      // instead of a local activity that reads the request back first. A failed match only leaves it to the workflow.
      const matched = await stores.matching
        .matchCounselors(
          criteriaForRequest(
            {
              workspaceId: workspace.id,
              language: input.language,
              topic: input.topic,
              livedExperience: input.livedExperience,
            },
            [],
          ),
        )
        .catch((err: Error) => {
          log(`request ${id}: the intake's match failed (${err.name}); the workflow matches`, 'warn');
          return undefined;
        });
      const { request, statusToken } = await stores.requests.create({
        id,
        workspaceId: workspace.id,
        language: input.language,
        topic: input.topic,
        livedExperience: input.livedExperience,
        safety: input.safety,
        urgent,
        contact: { email: input.email, phone: input.phone, message: input.message },
        availability: input.availability,
        // The outbox keeps the input without the match: a workflow it starts later matches afresh.
        workflowInput: { ...workflowInput },
        taskQueue,
        ...(matched ? { matched: matched.length } : {}),
      });
      deps.rememberWorkspace?.(id, workspace.id);
      try {
        // Bounded: when Temporal is unreachable the requester is answered now and the outbox takes over.
        await engine.within(START_DEADLINE_MS, () =>
          engine.startRequest(stores.dispatchOutbox, {
            ...workflowInput,
            ...(matched ? { matchedAtIntake: matched } : {}),
          }),
        );
      } catch (err) {
        log(`dispatch start deferred to the outbox for ${request.id}: ${(err as Error).name}`);
      }
      requestsReceived.inc({ urgent: String(urgent) });
      log(`request ${request.id} submitted${urgent ? ' (urgent)' : ''}`, 'info');
      return { request, statusToken };
    },

    /**
     * The update id defaults to one derived from the offer, so a double tap or a retried POST is
     * answered once; an SMS reply passes the inbound message's id so Twilio's retry is answered once.
     */
    async accept(offer: Offer, opts: { updateId?: string; deadlineMs?: number } = {}): Promise<AcceptResult> {
      const known = answerFromOffer(offer);
      if (known) return known;
      try {
        const result = await engine.within(opts.deadlineMs ?? ACCEPT_DEADLINE_MS, () =>
          engine.accept(offer.requestId, offer.counselorId, { updateId: opts.updateId ?? acceptUpdateIdFor(offer.id) }),
        );
        log(`request ${offer.requestId}: accept of offer ${offer.id} answered ${result}`, 'info');
        return result;
      } catch (err) {
        const failure = engineFailure(err);
        if (failure === 'not-found' || failure === 'rejected') {
          const fresh = (await stores.offers.listForRequest(offer.requestId)).find((o) => o.id === offer.id);
          return (fresh && answerFromOffer(fresh)) ?? 'expired';
        }
        if (isNoAnswer(err)) throw new AcceptPending('The accept is still being confirmed');
        throw err;
      }
    },

    /**
     * Records the decline first (the database is the record), then tells the workflow. With a deadline, a
     * signal the engine cannot take in time throws once the decline is recorded (the caller keeps it to resend).
     */
    async decline(offer: Offer, opts: { deadlineMs?: number } = {}): Promise<'declined' | AcceptResult> {
      if (!(await stores.offers.decline(offer.id))) {
        const fresh = await stores.offers.getById(offer.id);
        return (fresh && answerFromOffer(fresh)) ?? 'expired';
      }
      await stores.events.add(offer.requestId, 'declined', { counselorId: offer.counselorId });
      const signal = () => engine.decline(offer.requestId, offer.counselorId);
      await (opts.deadlineMs ? engine.within(opts.deadlineMs, signal) : signal());
      return 'declined';
    },

    /** The provider could not deliver an offer SMS: the workflow reaches that counselor by email now. */
    async smsUndelivered(requestId: string, counselorId: string, opts: { deadlineMs?: number } = {}): Promise<boolean> {
      const signal = () => engine.smsUndelivered(requestId, counselorId);
      return opts.deadlineMs ? engine.within(opts.deadlineMs, signal) : signal();
    },

    /** The counselor a coordinator assigned cannot take it. */
    async refuseAssignment(offer: Offer): Promise<boolean> {
      if (offer.status !== 'won') return false;
      return engine.refuseAssignment(offer.requestId, offer.counselorId);
    },

    async assign(request: HelpRequest, counselorId: string, coordinatorId: string): Promise<AssignResult> {
      try {
        return await engine.assign(request.id, counselorId, coordinatorId);
      } catch (err) {
        if (isWorkflowGone(err)) return 'closed';
        throw err;
      }
    },

    async widen(request: HelpRequest, coordinatorId: string): Promise<boolean> {
      await stores.events.add(request.id, 'widen-requested', { coordinatorId });
      return engine.widen(request.id, coordinatorId);
    },

    async extend(request: HelpRequest, byMs: number, coordinatorId: string): Promise<boolean> {
      await stores.events.add(request.id, 'extended', { byMs, coordinatorId });
      return engine.extend(request.id, byMs, coordinatorId);
    },

    /**
     * A coordinator releases the request from a silent winner: the workflow decides whether it still can (the
     * session is being scheduled or is scheduled); the release itself is recorded by the workflow's round.
     */
    async release(request: HelpRequest, coordinatorId: string): Promise<ReleaseResult> {
      const session = await stores.aftercare.currentSession(request.id);
      if (!session) return 'not-possible';
      try {
        return await engine.within(ACCEPT_DEADLINE_MS, () => engine.release(request.id, coordinatorId, session.id));
      } catch (err) {
        if (isWorkflowGone(err)) return 'not-possible';
        if (isNoAnswer(err)) throw new Unavailable('The dispatch engine is not answering: try again in a moment');
        throw err;
      }
    },

    /** The winner's SMS reply "C12": the same update as the tap on their session page (one per session). */
    async confirmFirstContact(requestId: string, sessionId: string): Promise<FirstContactResult> {
      try {
        return await engine.within(ACCEPT_DEADLINE_MS, () => engine.confirmFirstContact(requestId, sessionId));
      } catch (err) {
        if (isWorkflowGone(err)) return 'not-now';
        throw err;
      }
    },

    /** The reason stays in Postgres; the workflow only learns who cancelled. */
    /** The workflow decides (a request a counselor has accepted stays theirs); the reason stays in Postgres. */
    async cancel(
      request: HelpRequest,
      by: 'coordinator' | 'requester',
      userId: string | null,
      reason: string,
    ): Promise<CancelResult> {
      let result: CancelResult;
      try {
        result = await engine.within(ACCEPT_DEADLINE_MS, () => engine.cancel(request.id, by, userId));
      } catch (err) {
        if (isWorkflowGone(err)) return 'closed';
        if (isNoAnswer(err)) throw new Unavailable('The dispatch engine is not answering: try again in a moment');
        throw err;
      }
      if (result === 'cancelled') await stores.requests.setCancelReason(request.id, reason);
      return result;
    },

    /** First acknowledgement wins; the workflow stops repeating the alert. */
    async acknowledgeUrgent(request: HelpRequest, userId: string): Promise<boolean> {
      const first = await stores.safety.acknowledgeUrgent(request.id, userId);
      if (first) await engine.urgentAcknowledged(request.id, userId);
      return first;
    },

    /** A durable workflow of its own alerts the on-call lead, whatever state the request's workflow is in. */
    async escalateByCounselor(requestId: string, counselorId: string): Promise<void> {
      const escalationId = randomUUID();
      await stores.events.add(requestId, 'counselor-escalated', { counselorId, escalationId });
      await engine.startCounselorEscalation({ requestId, counselorId, escalationId });
    },

    /** The live status from the workflow, or from the database once the workflow is gone. */
    async status(request: HelpRequest): Promise<DispatchStatus> {
      try {
        return await engine.status(request.id);
      } catch (err) {
        if (!isWorkflowGone(err)) throw err;
        const offers = await stores.offers.listForRequest(request.id);
        const winner = offers.find((o) => o.status === 'won');
        return {
          phase: request.phase,
          wave: Math.max(0, ...offers.map((o) => o.wave)),
          channel: null,
          matched: offers.length,
          widened: [],
          offered: offers.map((o) => o.counselorId),
          declined: offers.filter((o) => o.status === 'declined').map((o) => o.counselorId),
          excluded: [],
          winner: winner?.counselorId ?? null,
          assignedBy: null,
          cancelledBy: null,
          startedAt: request.createdAt.getTime(),
          firstOfferAt: offers[0]?.createdAt.getTime() ?? null,
          assignedAt: request.assignedAt?.getTime() ?? null,
          closedAt: null,
          holdUntil: null,
          urgentAlerts: 0,
          urgentAcknowledged: false,
        };
      }
    },
  };
}
export type DispatchService = ReturnType<typeof createDispatchService>;
