// One answer for every expired link: a clear page (410 Gone) before the route loads or changes anything.
import type { LinkKind, Stores } from '../../db';
import { HttpError } from '../errors';

export class LinkGone extends HttpError {
  constructor(message: string) {
    super(410, message);
  }
}

const MESSAGES: Record<LinkKind, string> = {
  offer: 'This offer link has expired. If you are still helping with this request, please contact your coordinator.',
  status:
    'This status link has expired: the request closed a while ago. If you still need help, please send a new request.',
  alert: 'This alert link has expired. Open the request from your dashboard instead.',
};

export async function refuseExpiredLink(stores: Stores, kind: LinkKind, token: string): Promise<void> {
  if (await stores.linkExpiry.expired(kind, token)) throw new LinkGone(MESSAGES[kind]);
}
