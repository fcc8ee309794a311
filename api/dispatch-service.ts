// What the routes ask of dispatch: submit a request, accept an offer, read a request's status.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { HelpRequest, Offer, Stores, Workspace } from '../db';
import {
  acceptOfferUpdate,
  acceptUpdateIdFor,
  dispatchStatusQuery,
  workflowIdFor,
  type AcceptResult,
  type DispatchStatus,
} from '../workflows/definitions';
import { DEFAULT_DISPATCH_POLICY, validatePolicy, type DispatchPolicy } from '../workflows/policy';
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

  function policyOf(workspace: Workspace): DispatchPolicy {
    return validatePolicy(workspace.dispatchPolicy).length === 0
      ? (workspace.dispatchPolicy as DispatchPolicy)
      : DEFAULT_DISPATCH_POLICY;
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
          args: [{ requestId: request.id, policy: policyOf(workspace) }],
        });
      } catch (err) {
        // The request is stored either way; the requester is not turned away because the engine hiccuped.
        log(`dispatch start failed for ${request.id}: ${(err as Error).message}`);
        await stores.events.add(request.id, 'dispatch-start-failed', {});
      }
      return { request, statusToken };
    },

    async accept(offer: Offer): Promise<AcceptResult> {
      const known = answerFromOffer(offer);
      if (known) return known;
      const handle = temporal.workflow.getHandle(workflowIdFor(offer.requestId));
      try {
        return await temporal.withDeadline(Date.now() + ACCEPT_DEADLINE_MS, () =>
          handle.executeUpdate(acceptOfferUpdate, {
            args: [{ counselorId: offer.counselorId }],
            // Derived from the offer: a double tap or a retried POST is answered once.
            updateId: acceptUpdateIdFor(offer.id),
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
          matched: offers.length,
          offered: offers.map((o) => o.counselorId),
          declined: offers.filter((o) => o.status === 'declined').map((o) => o.counselorId),
          winner: winner?.counselorId ?? null,
          startedAt: request.createdAt.getTime(),
          firstOfferAt: offers[0]?.createdAt.getTime() ?? null,
          assignedAt: request.assignedAt?.getTime() ?? null,
          closedAt: null,
        };
      }
    },
  };
}
export type DispatchService = ReturnType<typeof createDispatchService>;

function isClosedWorkflow(err: unknown): boolean {
  return /already completed|workflow execution.*(completed|closed)/i.test((err as Error)?.message ?? '');
}

function isDeadline(err: unknown): boolean {
  const e = err as { code?: number; message?: string; cause?: { code?: number } };
  return e?.code === 4 || e?.cause?.code === 4 || /deadline/i.test(e?.message ?? '');
}
