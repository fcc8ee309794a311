// The text of every message, per language, in one place. A workspace may override any template per
// language (message_templates); {name} placeholders are filled from the variables given.
// SMS to counselors stay in the GSM-7 alphabet so an offer fits one 160-character segment: Russian SMS
// are transliterated (as Russian speakers commonly text); emails use Cyrillic.
import type { AcceptResult } from '../workflows/definitions';

export interface Template {
  subject?: string;
  body: string;
}

const EN = {
  'offer.sms': { body: '{urgent}New request: {topic}, {language}. Reply A{code} to accept, D{code} to decline.{link}' },
  'offer.email': {
    subject: '{urgent}New peer support request: {topic}',
    body:
      'Someone is asking for peer support.\n\nTopic: {topic}\nLanguage: {language}\n{lived}\n' +
      'Open the request and accept it here (the first counselor to accept gets it):\n{url}\n{smsLine}',
  },
  // The winner's messages carry a link to the contact, never the contact: a forwarded or glanced-at SMS shows none.
  'won.sms': { body: 'Confirmed: this request is yours. Their contact: {url} Please make contact within a day.' },
  'won.email': {
    subject: 'The request is yours',
    body: 'Thank you for taking this request.\n\nTheir contact is behind this link:\n{url}\n\nPlease make contact within a day.\n',
  },
  'assigned.sms': {
    body: 'A coordinator assigned you a request ({topic}, {language}). Their contact, or hand it back: {url}',
  },
  'assigned.email': {
    subject: 'A coordinator assigned you a request',
    body:
      'A coordinator assigned you a request: {topic}, {language}.\n\n' +
      'Their contact is behind this link; if you cannot take it, say so there and it goes back to dispatch:\n{url}\n',
  },
  'covered.sms': { body: 'Thank you: a request you were offered is now covered. No action needed.' },
  'covered.email': {
    subject: 'Covered: thank you',
    body: 'A request you were offered has been taken by another counselor. No action needed. Thank you.\n',
  },
  'withdrawn.sms': { body: 'A request you were offered has been withdrawn. No action needed. Thank you.' },
  'withdrawn.email': {
    subject: 'Request withdrawn',
    body: 'A request you were offered has been withdrawn. No action needed. Thank you.\n',
  },
  'requester.accepted.sms': {
    body: 'A peer counselor has accepted your request and will contact you by {by} soon. In danger now? Call your emergency number.',
  },
  'requester.accepted.email': {
    subject: 'A counselor has accepted your request',
    body:
      'A trained peer counselor has accepted your request and will contact you by {by} soon.\n\n' +
      'If you are in danger right now, please call your local emergency number.\n',
  },
  'requester.unmatched.sms': {
    body: 'We are sorry: no counselor could take your request in time. {alternatives}',
  },
  'requester.unmatched.email': {
    subject: 'We could not find a counselor in time',
    body:
      'We are sorry: no peer counselor was able to take your request in time.\n\n{alternatives}\n\n' +
      'If you are in danger right now, please call your local emergency number.\n',
  },
  'requester.cancelled.sms': { body: 'Your request for peer support has been closed by the team.' },
  'requester.cancelled.email': {
    subject: 'Your request has been closed',
    body: 'Your request for peer support has been closed by the team.\n',
  },
  'alert.sms': { body: '{urgent}Dispatch alert: {reason}. Request: {topic}, {language}. {url}{ackHint}' },
  'alert.email': {
    subject: '{urgent}Dispatch alert: {reason}',
    body: 'Dispatch alert: {reason}.\n\nRequest: {topic}, {language}.\n\nOpen it to assign, widen or extend:\n{url}\n',
  },
  'oncall.reminder.sms': { body: 'Reminder: you are the on-call lead from {startsAt} until {endsAt}. Thank you.' },
  'oncall.reminder.email': {
    subject: 'You are on call from {startsAt}',
    body: 'A reminder: you are the on-call lead from {startsAt} until {endsAt}.\n\nYour upcoming shifts: {url}\n',
  },
  'reply.won': { body: "It's yours. We will text you how to reach them." },
  'reply.acknowledged': { body: 'Acknowledged: thank you. The alert will not repeat.' },
  'reply.taken': { body: 'Someone else already took this one, thank you.' },
  'reply.expired': { body: 'This request is no longer open. Thank you.' },
  'reply.declined': { body: 'Declined. Thank you for letting us know.' },
  'reply.choose': { body: 'You have several open offers: {codes}. Reply A and the number to accept, e.g. A{first}.' },
  'reply.no-offers': { body: 'You have no open offers right now. Thank you.' },
  'reply.pending': { body: "Got it. We'll confirm shortly." },
  'reply.help': {
    body: 'Reply A and the number from an offer to accept (e.g. A12), D and the number to decline. STOP pauses texts.',
  },
  'reply.stopped': { body: 'You will get no more texts from us. Reply START to resume.' },
  'reply.started': { body: 'Texts resumed. Reply HELP for help.' },
} satisfies Record<string, Template>;

export type MessageKey = keyof typeof EN;
export const MESSAGE_KEYS = Object.keys(EN) as MessageKey[];

const RU: Partial<Record<MessageKey, Template>> = {
  'offer.sms': {
    body: '{urgent}Zapros: {topic}, {language}. Otvet A{code} - prinyat, D{code} - otkazatsya.{link}',
  },
  'offer.email': {
    subject: '{urgent}Новый запрос на поддержку: {topic}',
    body:
      'Человек просит о поддержке.\n\nТема: {topic}\nЯзык: {language}\n{lived}\n' +
      'Откройте запрос и примите его здесь (получает тот, кто примет первым):\n{url}\n{smsLine}',
  },
  'won.sms': { body: 'Podtverzhdeno: zapros vash. Kontakty: {url} Pozhaluista, v techenie dnya.' },
  'covered.sms': { body: 'Spasibo: zapros uzhe vzyal drugoi konsultant. Nichego delat ne nuzhno.' },
  'reply.won': { body: 'Zapros vash. My prishlem kontakty.' },
  'reply.taken': { body: 'Etot zapros uzhe vzyali, spasibo.' },
  'reply.expired': { body: 'Etot zapros bolshe ne otkryt. Spasibo.' },
  'reply.declined': { body: 'Otkaz prinyat. Spasibo.' },
  'reply.help': {
    body: 'Otvette A i nomer, chtoby prinyat (naprimer A12), D i nomer, chtoby otkazatsya. STOP - pauza.',
  },
};

/** English names for SMS (GSM-7), native labels elsewhere. Russian SMS use transliterated topic names. */
const SMS_TOPIC: Record<string, Record<string, string>> = {
  en: {
    grief: 'Grief',
    'suicide-safety': 'Suicide/safety',
    trauma: 'Trauma',
    addiction: 'Addiction',
    general: 'General support',
  },
  ru: {
    grief: 'gore',
    'suicide-safety': 'suicid/bezopasnost',
    trauma: 'travma',
    addiction: 'zavisimost',
    general: 'obshchaya podderzhka',
  },
};

const SMS_LANGUAGE: Record<string, Record<string, string>> = {
  ru: { en: 'angliiskii', ru: 'russkii', et: 'estonskii', uk: 'ukrainskii', es: 'ispanskii', de: 'nemetskii' },
};
const SMS_URGENT: Record<string, string> = { en: 'URGENT ', ru: 'SROCHNO ' };

/** The request's language named in the counselor's language, GSM-7 safe; English names otherwise. */
export function smsLanguage(code: string, language: string, englishName: string): string {
  return SMS_LANGUAGE[language]?.[code] ?? englishName;
}

export const smsUrgent = (language: string): string => SMS_URGENT[language] ?? SMS_URGENT.en;

export const TEMPLATES: Record<string, Partial<Record<MessageKey, Template>>> = { en: EN, ru: RU };

export function defaultTemplate(key: MessageKey, language: string): Template {
  return TEMPLATES[language]?.[key] ?? EN[key];
}

export function smsTopic(topic: string, language: string): string {
  return SMS_TOPIC[language]?.[topic] ?? SMS_TOPIC.en[topic] ?? topic;
}

/** Fills {name} placeholders; unknown names become empty, and runs of blank lines collapse. */
export function fill(text: string, vars: Record<string, string | number | undefined>): string {
  return text
    .replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => String(vars[name] ?? ''))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function render(
  key: MessageKey,
  language: string,
  vars: Record<string, string | number | undefined>,
  override?: Template,
): { subject: string; body: string } {
  const t = override ?? defaultTemplate(key, language);
  return { subject: fill(t.subject ?? '', vars), body: fill(t.body, vars) + (key.endsWith('.email') ? '\n' : '') };
}

/** What an SMS reply says about an accept or decline, whoever answers it (the webhook now, or the inbox drainer later). */
export const REPLY_FOR_RESULT: Record<AcceptResult | 'declined', MessageKey> = {
  won: 'reply.won',
  taken: 'reply.taken',
  expired: 'reply.expired',
  'not-offered': 'reply.expired',
  declined: 'reply.declined',
};
