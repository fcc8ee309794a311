// What the routes ask of dispatch: submit a request, accept an offer, read a request's status.
import type { Log } from '../../log';
import { randomUUID } from 'node:crypto';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import type { HelpRequest, Offer, Stores, Workspace } from '../../db';
import {
  acceptOfferUpdate,
  acceptUpdateIdFor,
  assignCounselorUpdate,
  assignmentRefusedSignal,
  cancelRequestUpdate,
  type CancelResult,
  dispatchStatusQuery,
  extendHoldSignal,
  offerDeclinedSignal,
  smsUndeliveredSignal,
  widenMatchSignal,
  workflowIdFor,
  type AcceptResult,
  type AssignResult,
  type DispatchStatus,
  type RequestWorkflowInput,
  counselorEscalationWorkflowId,
  urgentAcknowledgedSignal,
} from '../../workflows/definitions';
import type { counselorEscalationWorkflow } from '../../workflows';
import { answerFromOfferStatus, isClosedWorkflow } from '../../engine/closed-answers';
import { startRequestWorkflow } from '../../engine/start';
import { DEFAULT_DISPATCH_POLICY, validatePolicy, withDefaults, type DispatchPolicy } from '../../domain/policy';
import { Unavailable } from '../errors';
import { requestsReceived } from '../../telemetry/metrics';
import type { IntakeInput } from '../intake/form';

/** How long an accept waits for the workflow's answer before telling the counselor to check back. */
const ACCEPT_DEADLINE_MS = 8000;

/** How long intake waits for Temporal to take a new workflow before leaving it to the outbox reconciler. */
const START_DEADLINE_MS = 2000;

export class AcceptPending extends Error {}

export function createDispatchService(deps: { stores: Stores; temporal: Client; taskQueue: string; log: Log }) {
  const { stores, temporal, taskQueue, log } = deps;

  /** The workspace's policy as it is now: the snapshot the new workflow keeps. */
  function policyOf(workspace: Workspace): DispatchPolicy {
    const policy = withDefaults(workspace.dispatchPolicy);
    return validatePolicy(policy).length === 0 ? policy : DEFAULT_DISPATCH_POLICY;
  }

  /** A closed offer's answer comes from the database; only an open one needs the workflow. */
  const answerFromOffer = (offer: Offer): AcceptResult | undefined => answerFromOfferStatus(offer.status);

  /** Signals a request's workflow; false when it has already finished. */
  async function signalIfRunning(requestId: string, send: (h: Handle) => Promise<void>): Promise<boolean> {
    try {
      await send(temporal.workflow.getHandle(workflowIdFor(requestId)));
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || isClosedWorkflow(err)) return false;
      throw err;
    }
  }

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
        workflowInput: { ...workflowInput },
        taskQueue,
      });
      try {
        // Bounded: when Temporal is unreachable the requester is answered now and the outbox takes over.
        await temporal.withDeadline(Date.now() + START_DEADLINE_MS, () =>
          startRequestWorkflow(temporal, taskQueue, stores.dispatchOutbox, workflowInput),
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
      const handle = temporal.workflow.getHandle(workflowIdFor(offer.requestId));
      try {
        const result = await temporal.withDeadline(Date.now() + (opts.deadlineMs ?? ACCEPT_DEADLINE_MS), () =>
          handle.executeUpdate(acceptOfferUpdate, {
            args: [{ counselorId: offer.counselorId }],
            updateId: opts.updateId ?? acceptUpdateIdFor(offer.id),
          }),
        );
        log(`request ${offer.requestId}: accept of offer ${offer.id} answered ${result}`, 'info');
        return result;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError || isClosedWorkflow(err)) {
          const fresh = (await stores.offers.listForRequest(offer.requestId)).find((o) => o.id === offer.id);
          return (fresh && answerFromOffer(fresh)) ?? 'expired';
        }
        if (isDeadline(err)) throw new AcceptPending('The accept is still being confirmed');
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
      const signal = () =>
        signalIfRunning(offer.requestId, (h) => h.signal(offerDeclinedSignal, { counselorId: offer.counselorId }));
      await (opts.deadlineMs ? temporal.withDeadline(Date.now() + opts.deadlineMs, signal) : signal());
      return 'declined';
    },

    /** The provider could not deliver an offer SMS: the workflow reaches that counselor by email now. */
    async smsUndelivered(requestId: string, counselorId: string, opts: { deadlineMs?: number } = {}): Promise<boolean> {
      const signal = () => signalIfRunning(requestId, (h) => h.signal(smsUndeliveredSignal, { counselorId }));
      return opts.deadlineMs ? temporal.withDeadline(Date.now() + opts.deadlineMs, signal) : signal();
    },

    /** The counselor a coordinator assigned cannot take it. */
    async refuseAssignment(offer: Offer): Promise<boolean> {
      if (offer.status !== 'won') return false;
      return signalIfRunning(offer.requestId, (h) =>
        h.signal(assignmentRefusedSignal, { counselorId: offer.counselorId }),
      );
    },

    async assign(request: HelpRequest, counselorId: string, coordinatorId: string): Promise<AssignResult> {
      const handle = temporal.workflow.getHandle(workflowIdFor(request.id));
      try {
        return await handle.executeUpdate(assignCounselorUpdate, {
          args: [{ counselorId, coordinatorId }],
          updateId: `assign-${request.id}-${counselorId}`,
        });
      } catch (err) {
        if (err instanceof WorkflowNotFoundError || isClosedWorkflow(err)) return 'closed';
        throw err;
      }
    },

    async widen(request: HelpRequest, coordinatorId: string): Promise<boolean> {
      await stores.events.add(request.id, 'widen-requested', { coordinatorId });
      return signalIfRunning(request.id, (h) => h.signal(widenMatchSignal, { coordinatorId }));
    },

    async extend(request: HelpRequest, byMs: number, coordinatorId: string): Promise<boolean> {
      await stores.events.add(request.id, 'extended', { byMs, coordinatorId });
      return signalIfRunning(request.id, (h) => h.signal(extendHoldSignal, { byMs, coordinatorId }));
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
        result = await temporal.withDeadline(Date.now() + ACCEPT_DEADLINE_MS, () =>
          temporal.workflow
            .getHandle(workflowIdFor(request.id))
            .executeUpdate(cancelRequestUpdate, { args: [{ by, userId }] }),
        );
      } catch (err) {
        if (err instanceof WorkflowNotFoundError || isClosedWorkflow(err)) return 'closed';
        if (isDeadline(err)) throw new Unavailable('The dispatch engine is not answering: try again in a moment');
        throw err;
      }
      if (result === 'cancelled') await stores.requests.setCancelReason(request.id, reason);
      return result;
    },

    /** First acknowledgement wins; the workflow stops repeating the alert. */
    async acknowledgeUrgent(request: HelpRequest, userId: string): Promise<boolean> {
      const first = await stores.safety.acknowledgeUrgent(request.id, userId);
      if (first) await signalIfRunning(request.id, (h) => h.signal(urgentAcknowledgedSignal, { userId }));
      return first;
    },

    /** A durable workflow of its own alerts the on-call lead, whatever state the request's workflow is in. */
    async escalateByCounselor(requestId: string, counselorId: string): Promise<void> {
      const escalationId = randomUUID();
      await stores.events.add(requestId, 'counselor-escalated', { counselorId, escalationId });
      await temporal.workflow.start<typeof counselorEscalationWorkflow>('counselorEscalationWorkflow', {
        taskQueue,
        workflowId: counselorEscalationWorkflowId(escalationId),
        args: [{ requestId, counselorId, escalationId }],
      });
    },

    /** The live status from the workflow, or from the database once the workflow is gone. */
    async status(request: HelpRequest): Promise<DispatchStatus> {
      try {
        return await temporal.workflow.getHandle(workflowIdFor(request.id)).query(dispatchStatusQuery);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
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

type Handle = ReturnType<Client['workflow']['getHandle']>;

function isDeadline(err: unknown): boolean {
  // The SDK reports a lapsed or cancelled update call (gRPC DEADLINE_EXCEEDED or CANCELLED, e.g. while the
  // process shuts down) as its own error: either way the update may still land, under the same update id.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const e = err as { code?: number; message?: string; cause?: { code?: number } };
  return e?.code === 4 || e?.cause?.code === 4 || /deadline/i.test(e?.message ?? '');
}
