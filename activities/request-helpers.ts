// What the request's activities share: their dependencies, loading the request, the retry rule for sends,
// heartbeats during sends, and how a request's topic and language are named to a reader.
import type { TextForm } from '../domain/text-forms';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { HelpRequest, RequesterContact, Stores, User } from '../db';
import { languageName } from '../domain/vocabulary';
import type { OfferChannel } from '../domain/policy';
import {
  labelsFor,
  lockScreenTopic,
  RetryableSendError,
  smsLanguage,
  type MessageRenderer,
  type Notifier,
  type SendOutcome,
  type Tell,
} from '../notifications';

export interface DispatchDeps {
  stores: Stores;
  /** Who the rota says is the on-call lead at that moment; null for a gap in the rota. */
  onCallLead: (workspaceId: string, at: Date) => Promise<User | null>;
  notifier: Notifier;
  renderer: MessageRenderer;
  publicBaseUrl: string;
  now?: () => Date;
  /**
   * Starts (or finds waiting) a staff member's morning message, which carries the alerts held in their quiet
   * hours. Without it (a process with no Temporal client) staff alerts go out at once, as before quiet hours.
   */
  startMorningMessage?: (input: { userId: string; dueAt: number }) => Promise<void>;
}

/** The dependencies with tell() built once from them (createActivities does it). */
export interface ActivityDeps extends DispatchDeps {
  tell: Tell;
}

export type { OfferChannel };

export function requestHelpers(stores: Stores) {
  return {
    async loadRequest(requestId: string): Promise<HelpRequest> {
      const request = await stores.requests.getById(requestId);
      if (!request) throw ApplicationFailure.nonRetryable(`Request ${requestId} not found`, 'RequestNotFound');
      return request;
    },
    /** Whether lock screens stay discreet (no sensitive topic, no hard-session category): the default. */
    async discreet(workspaceId: string): Promise<boolean> {
      return !(await stores.workspaces.getById(workspaceId))?.lockScreenDetails;
    },
    /**
     * `loadRequest` and `discreet` (and, when asked, the requester's contact) in one read: what an activity
     * that writes about the request needs before its first message.
     */
    async loadForMessages(
      requestId: string,
      opts: { contact?: boolean } = {},
    ): Promise<{ request: HelpRequest; discreet: boolean; contact?: RequesterContact }> {
      const found = await stores.requests.getForMessages(requestId, opts);
      if (!found) throw ApplicationFailure.nonRetryable(`Request ${requestId} not found`, 'RequestNotFound');
      return {
        request: found.request,
        discreet: !found.lockScreenDetails,
        ...(opts.contact ? { contact: found.contact } : {}),
      };
    },
    /** A wave begins: the request moved from matching to offering and read for its messages, in one statement. */
    async startOffering(requestId: string): Promise<{ request: HelpRequest; discreet: boolean }> {
      const found = await stores.requests.startOffering(requestId);
      if (!found) throw ApplicationFailure.nonRetryable(`Request ${requestId} not found`, 'RequestNotFound');
      return { request: found.request, discreet: !found.lockScreenDetails };
    },
  };
}

/** Throws so Temporal retries when any send was refused for now; permanent failures are only recorded. */
export function retryIfNeeded(outcomes: SendOutcome[], what: string) {
  const retry = outcomes.filter((o) => o === 'retry').length;
  if (retry > 0)
    throw new RetryableSendError(`${retry} of ${outcomes.length} ${what} not yet accepted by the provider`);
}

/**
 * The request's topic and language as a reader of this language sees them on this channel: an SMS uses
 * GSM-7 names, and a lock screen (the SMS, an email subject as `lockTopic`) a neutral word for a sensitive
 * topic unless the team shows them.
 */
export function requestVars(
  request: Pick<HelpRequest, 'topic' | 'language'>,
  reader: string,
  channel: TextForm,
  discreet: boolean,
) {
  const l = labelsFor(reader);
  const sms = channel === 'sms';
  return {
    topic: lockScreenTopic(request.topic, reader, { sms, discreet: sms && discreet }),
    lockTopic: lockScreenTopic(request.topic, reader, { sms, discreet }),
    language: sms
      ? smsLanguage(request.language, reader, languageName(request.language))
      : (l.languages[request.language] ?? languageName(request.language)),
  };
}

/**
 * Whether this attempt was given up on (it ran past its bound, or the workflow no longer waits for it): a retry
 * takes its place and records the outcome, so this one records nothing more. False outside an activity.
 */
export function attemptAbandoned(): boolean {
  try {
    return Context.current().cancellationSignal.aborted;
  } catch {
    return false; // called outside an activity (a unit test)
  }
}

/**
 * Heartbeats every second while a send runs, so a worker that dies mid-wave is noticed in seconds
 * (the heartbeat timeout) rather than at the end of the activity's whole timeout.
 */
export async function heartbeating<T>(fn: () => Promise<T>): Promise<T> {
  let ctx: Context | undefined;
  try {
    ctx = Context.current();
  } catch {
    return fn(); // called outside an activity (a unit test)
  }
  // A first attempt run in the worker (a local activity) has no heartbeat: its bound is its timeout.
  if (ctx.info.isLocal) return fn();
  ctx.heartbeat();
  const timer = setInterval(() => ctx?.heartbeat(), 1000);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
