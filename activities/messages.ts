// The text of every message, in one place. Offer SMS stay within one 160-character GSM-7 segment.
import { languageName, TOPIC_LABELS } from '../db/vocabulary';
import type { HelpRequest, RequesterContact } from '../db/types';

export function offerSms(request: HelpRequest, link: string): string {
  const urgent = request.urgent ? 'URGENT ' : '';
  return `${urgent}Peer support request: ${TOPIC_LABELS[request.topic]}, ${languageName(request.language)}. Accept: ${link}`;
}

export function winnerSms(contact: RequesterContact): string {
  const ways = [contact.phone && `phone ${contact.phone}`, contact.email && `email ${contact.email}`]
    .filter(Boolean)
    .join(', ');
  return `Confirmed: this request is yours. Reach them by ${ways}. Please make contact within a day.`;
}

export const coveredSms = (): string => 'Thank you: a request you were offered is now covered. No action needed.';

export function requesterAcceptedEmail(contact: RequesterContact): { subject: string; text: string } {
  const by = [contact.phone && 'phone', contact.email && 'email'].filter(Boolean).join(' or ');
  return {
    subject: 'A counselor has accepted your request',
    text:
      `A trained peer counselor has accepted your request and will contact you by ${by} soon.\n\n` +
      'If you are in danger right now, please call your local emergency number.\n',
  };
}

export const requesterAcceptedSms = (): string =>
  'A peer counselor has accepted your request and will contact you soon. In danger now? Call your emergency number.';
