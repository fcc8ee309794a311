// Reading a requester's contact details is always recorded: one helper every place that shows them calls, with
// the account, the address and the user agent of the one who saw them.
import type { Request } from 'express';
import type { RequesterContact, Stores } from '../../db';

export type ContactView = 'offer-page' | 'offer-accept' | 'accept-api' | 'request-contact-page' | 'counselor-home';

/** Returns the contact it was given, after recording who saw it (nothing to record when it was purged). */
export async function recordContactViewed(
  stores: Stores,
  e: { workspaceId: string; actorId: string | null; requestId: string; via: ContactView; req?: Request },
  contact: RequesterContact | undefined,
): Promise<RequesterContact | undefined> {
  if (contact && (contact.email || contact.phone || contact.message)) {
    await stores.audit.record({
      workspaceId: e.workspaceId,
      actorId: e.actorId,
      action: 'request.contact_viewed',
      subjectType: 'request',
      subjectId: e.requestId,
      detail: { via: e.via },
      address: e.req?.ip ?? null,
      userAgent: e.req?.get('user-agent') ?? null,
    });
  }
  return contact;
}

/**
 * The requester's contact for the counselor whose accept answered `result`: only to the winner, and only while the
 * request is theirs (not once cancelled); recorded as seen. The request and its contact in one read.
 */
export async function contactIfWon(
  stores: Stores,
  result: string,
  offer: { requestId: string; counselorId: string },
  via: ContactView,
  req: Request,
): Promise<RequesterContact | undefined> {
  if (result !== 'won') return undefined;
  const fresh = await stores.requests.getForMessages(offer.requestId, { contact: true });
  if (fresh?.request.phase !== 'assigned') return undefined;
  const audit = {
    workspaceId: fresh.request.workspaceId,
    actorId: offer.counselorId,
    requestId: offer.requestId,
    via,
    req,
  };
  return recordContactViewed(stores, audit, fresh.contact);
}
