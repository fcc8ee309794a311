// What the routes ask of dispatch: submit a request, accept an offer, read a request's status.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { HelpRequest, Offer, Stores, Workspace } from '../db';
import {
  acceptOfferUpdate,
  acceptUpdateIdFor,
  assignCounselorUpdate,
  assignmentRefusedSignal,
  cancelRequestSignal,
  dispatchStatusQuery,
  extendHoldSignal,
  offerDeclinedSignal,
  widenMatchSignal,
  workflowIdFor,
  type AcceptResult,
  type AssignResult,
  type DispatchStatus,
} from '../workflows/definitions';
import { DEFAULT_DISPATCH_POLICY, validatePolicy, withDefaults, type DispatchPolicy } from '../workflows/policy';
import type { requestWorkflow } from '../workflows';
import type { IntakeInput } from './intake-schema';

/** How long an accept waits for the workflow's answer before telling the counselor to check back. */
const ACCEPT_DEADLINE_MS = 8000;

export class AcceptPending extends Error {}

export function createDispatchService(deps: {
  stores: Stores;
  temporal: Client;
  taskQueue: string;
  log: (msg: string) => void;
}) {
  const { stores, temporal, taskQueue, log } = deps;

  /** The workspace's policy as it is now: the snapshot the new workflow keeps. */
  function policyOf(workspace: Workspace): DispatchPolicy {
    const policy = withDefaults(workspace.dispatchPolicy);
    return validatePolicy(policy).length === 0 ? policy : DEFAULT_DISPATCH_POLICY;
  }

  /** A closed offer's answer comes from the database; only an open one needs the workflow. */
  function answerFromOffer(offer: Offer): AcceptResult | undefined {
    switch (offer.status) {
      case 'won':
        return 'won';
      case 'taken':
        return 'taken';
      case 'declined':
      case 'expired':
        return 'expired';
      default:
        return undefined;
    }
  }

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
    async submit(workspace: Workspace, input: IntakeInput): Promise<{ request: HelpRequest; statusToken: string }> {
      const { request, statusToken } = await stores.requests.create({
        id: randomUUID(),
        workspaceId: workspace.id,
        language: input.language,
        topic: input.topic,
        livedExperience: input.livedExperience,
        safety: input.safety,
        contact: { email: input.email, phone: input.phone, message: input.message },
      });
      try {
        await temporal.workflow.start<typeof requestWorkflow>('requestWorkflow', {
          taskQueue,
          workflowId: workflowIdFor(request.id),
          args: [{ requestId: request.id, urgent: request.urgent, policy: policyOf(workspace) }],
        });
      } catch (err) {
        // The request is stored either way; the requester is not turned away because the engine hiccuped.
        log(`dispatch start failed for ${request.id}: ${(err as Error).message}`);
        await stores.events.add(request.id, 'dispatch-start-failed', {});
      }
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
        return await temporal.withDeadline(Date.now() + (opts.deadlineMs ?? ACCEPT_DEADLINE_MS), () =>
          handle.executeUpdate(acceptOfferUpdate, {
            args: [{ counselorId: offer.counselorId }],
            updateId: opts.updateId ?? acceptUpdateIdFor(offer.id),
          }),
        );
      } catch (err) {
        if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError || isClosedWorkflow(err)) {
          const fresh = (await stores.offers.listForRequest(offer.requestId)).find((o) => o.id === offer.id);
          return (fresh && answerFromOffer(fresh)) ?? 'expired';
        }
        if (isDeadline(err)) throw new AcceptPending('The accept is still being confirmed');
        throw err;
      }
    },

    /** Records the decline first (the database is the record), then tells the workflow. */
    async decline(offer: Offer): Promise<'declined' | AcceptResult> {
      if (!(await stores.offers.decline(offer.id))) {
        const fresh = await stores.offers.getById(offer.id);
        return (fresh && answerFromOffer(fresh)) ?? 'expired';
      }
      await stores.events.add(offer.requestId, 'declined', { counselorId: offer.counselorId });
      await signalIfRunning(offer.requestId, (h) => h.signal(offerDeclinedSignal, { counselorId: offer.counselorId }));
      return 'declined';
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
    async cancel(request: HelpRequest, by: 'coordinator' | 'requester', userId: string | null, reason: string) {
      await stores.requests.setCancelReason(request.id, reason);
      return signalIfRunning(request.id, (h) => h.signal(cancelRequestSignal, { by, userId }));
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
        };
      }
    },
  };
}
export type DispatchService = ReturnType<typeof createDispatchService>;

type Handle = ReturnType<Client['workflow']['getHandle']>;

function isClosedWorkflow(err: unknown): boolean {
  return /already completed|workflow execution.*(completed|closed)/i.test((err as Error)?.message ?? '');
}

function isDeadline(err: unknown): boolean {
  const e = err as { code?: number; message?: string; cause?: { code?: number } };
  return e?.code === 4 || e?.cause?.code === 4 || /deadline/i.test(e?.message ?? '');
}
