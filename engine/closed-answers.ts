// An accept's answer that does not need the workflow: shared by the API and the worker's inbox drainer.
// (Client-side code: the workflow bundle never imports it.)
import type { AcceptResult } from '../workflows/definitions';

/** A closed offer's answer comes from the database; only an open one (undefined here) needs the workflow. */
export function answerFromOfferStatus(status: string): AcceptResult | undefined {
  switch (status) {
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
