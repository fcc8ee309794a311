// What a workspace's own message template may say: only the placeholders the default fills, and an offer
// SMS that still fits one segment with the longest values it will realistically be filled with.
import { TOPICS } from '../../db';
import { languageName, LANGUAGES, TOPIC_LABELS } from '../../domain/vocabulary';
import {
  defaultTemplate,
  MESSAGE_KEYS,
  render,
  smsLanguage,
  smsTopic,
  smsUrgent,
  TEMPLATES,
  type MessageKey,
  type Template,
} from '../../notifications/catalogue';
import { SIGN_IN_FAILURES_NOTICE_AFTER } from '../../domain/sign-in';
import { countSegments, type SegmentCount } from '../../domain/sms-segments';

/** The languages a workspace can keep its own templates in (the ones the defaults are written in). */
export const TEMPLATE_LANGUAGES = ['en', 'ru'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export const TEMPLATE_LANGUAGE_NAMES: Record<TemplateLanguage, string> = { en: 'English', ru: 'Russian' };

export const isMessageKey = (key: string): key is MessageKey => (MESSAGE_KEYS as string[]).includes(key);
export const isTemplateLanguage = (l: string): l is TemplateLanguage =>
  (TEMPLATE_LANGUAGES as readonly string[]).includes(l);

/** Texts go out by SMS: the .sms keys and the replies to a counselor's text. */
export const isSmsKey = (key: MessageKey): boolean => key.endsWith('.sms') || key.startsWith('reply.');
export const hasSubject = (key: MessageKey): boolean => key.endsWith('.email');

/** Whether the language has a default of its own for this key (else the English one is used). */
export const hasOwnDefault = (key: MessageKey, language: string): boolean => !!TEMPLATES[language]?.[key];

const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** The placeholders the default text of this key uses: the only values the sender fills in. */
export function allowedPlaceholders(key: MessageKey, language: string): string[] {
  const t = defaultTemplate(key, language);
  return placeholdersIn(`${t.subject ?? ''}\n${t.body}`);
}

export function unknownPlaceholders(key: MessageKey, language: string, t: Template): string[] {
  const allowed = new Set(allowedPlaceholders(key, language));
  return placeholdersIn(`${t.subject ?? ''}\n${t.body}`).filter((p) => !allowed.has(p));
}

/** What each placeholder stands for, shown beside the editor. */
export const PLACEHOLDER_HELP: Record<string, string> = {
  urgent: 'the word URGENT when the request is urgent, else nothing',
  topic:
    'what the request is about (in texts, a neutral word for a sensitive topic unless the team shows topics on lock screens)',
  lockTopic:
    'the topic as a lock screen may show it: a neutral word for a sensitive topic unless the team shows topics',
  slot: 'the session time',
  slots: 'the proposed session times, one per line',
  name: 'the person named',
  category: 'the hard-session category (in texts only when the team shows it on lock screens)',
  language: 'the language the person would like to talk in',
  code: 'the reply code of this offer (the counselor texts A and the code to accept)',
  link: 'a space and the accept link, when the policy puts links in SMS; else nothing',
  url: 'the link to open',
  lived: 'the lived experience asked for, when any',
  smsLine: 'a line with the SMS reply code, when the offer also went by SMS',
  contact: "a link to the requester's contact (the contact itself never goes in a message)",
  by: 'how the requester will be contacted (phone or email)',
  alternatives: 'the alternatives text of the dispatch policy',
  reason: 'why the alert went out',
  codes: 'the open offers and their reply codes',
  first: 'the first open reply code',
  count: 'how many alerts waited for the end of the quiet hours',
  failures: 'how many wrong passwords in a day bring this notice (always the same number)',
  list: 'the alerts that waited, one per line with its link',
  codeLine: 'a space and "Or reply C" with the won offer\'s reply code, when the offer came by SMS; else nothing',
  yes: 'the link the requester opens to answer yes',
  no: 'the link the requester opens to answer no',
};

// 22 characters, like a real link token (16 random bytes, base64url).
const SAMPLE_TOKEN = 'Xq3vT9bK2mPz7LwR4nYc8A';
const SAMPLE_REQUEST_ID = '3f2a9c1e-7b4d-4e8a-9c2f-1d5e6a7b8c9d';

/** The topic and language as the sender writes them for a message in this language and on this channel. */
function topicText(topic: (typeof TOPICS)[number], key: MessageKey, language: string): string {
  return isSmsKey(key) ? smsTopic(topic, language) : TOPIC_LABELS[topic];
}
function languageText(code: string, key: MessageKey, language: string): string {
  return isSmsKey(key) ? smsLanguage(code, language, languageName(code)) : languageName(code);
}
const longest = (values: string[]): string => values.reduce((a, b) => (b.length > a.length ? b : a), '');

export type SampleKind = 'typical' | 'longest';

/**
 * Example values for a preview: a typical request, or the longest one realistically sent (urgent, the
 * longest topic and language names, a two-digit reply code, the link with this deployment's address).
 */
export function sampleVars(
  key: MessageKey,
  language: string,
  opts: { publicBaseUrl: string; alternatives?: string; kind: SampleKind },
): Record<string, string> {
  const long = opts.kind === 'longest';
  const email = key.endsWith('.email');
  const code = long ? '99' : '3';
  const offerUrl = `${opts.publicBaseUrl}/o/${SAMPLE_TOKEN}`;
  return {
    urgent: long ? (email ? 'URGENT: ' : key.startsWith('alert.') ? 'URGENT ' : smsUrgent(language)) : '',
    topic: long ? longest(TOPICS.map((t) => topicText(t, key, language))) : topicText('grief', key, language),
    lockTopic: long ? longest(TOPICS.map((t) => topicText(t, key, language))) : topicText('grief', key, language),
    slot: 'Mon 7 Dec 2026, 18:00–19:00 (Europe/Tallinn)',
    slots: '- Mon 7 Dec 2026, 18:00–19:00 (Europe/Tallinn)\n- Tue 8 Dec 2026, 10:00–11:00 (Europe/Tallinn)',
    language: long
      ? longest(Object.keys(LANGUAGES).map((c) => languageText(c, key, language)))
      : languageText('en', key, language),
    code,
    link: ` ${offerUrl}`,
    url: key.startsWith('alert.')
      ? `${opts.publicBaseUrl}/requests/${SAMPLE_REQUEST_ID}`
      : key.startsWith('morning.')
        ? `${opts.publicBaseUrl}/board`
        : key.startsWith('oncall.')
          ? `${opts.publicBaseUrl}/on-call`
          : offerUrl,
    lived: long ? 'Lived experience: Bereavement, Parent, Recovery\n' : 'Lived experience: Bereavement\n',
    smsLine: `\nOr reply A${code} to our text message.`,
    contact: offerUrl,
    by: long ? 'phone or email' : 'phone',
    alternatives:
      opts.alternatives || 'You can call the national helpline on 116 123 at any hour, or text HELLO to 85258.',
    reason: long ? 'the assigned counselor cannot take it' : 'nobody has accepted yet',
    codes: long ? 'A12 (Grief), A13 (Trauma), A14 (Addiction)' : 'A3 (Grief), A4 (Trauma)',
    first: long ? '12' : '3',
    ackHint: key.startsWith('alert.') && long ? ' Reply OK to acknowledge.' : '',
    codeLine: ` Or reply C${code}.`,
    yes: `${opts.publicBaseUrl}/s/${SAMPLE_TOKEN}/contact?answer=yes`,
    no: `${opts.publicBaseUrl}/s/${SAMPLE_TOKEN}/contact?answer=no`,
    startsAt: '2026-12-07 09:00 UTC',
    count: long ? '12' : '2',
    failures: String(SIGN_IN_FAILURES_NOTICE_AFTER),
    list:
      `- nobody has accepted yet: Grief, English ${opts.publicBaseUrl}/requests/${SAMPLE_REQUEST_ID}\n` +
      `- no counselor matches this request: Grief, English ${opts.publicBaseUrl}/requests/${SAMPLE_REQUEST_ID}\n`,
    endsAt: '2026-12-14 09:00 UTC',
  };
}

export interface TemplatePreview {
  kind: SampleKind;
  subject: string;
  body: string;
  /** Only for texts. */
  segments?: SegmentCount;
}

export function previewTemplate(
  key: MessageKey,
  language: string,
  t: Template,
  opts: { publicBaseUrl: string; alternatives?: string },
): TemplatePreview[] {
  return (['typical', 'longest'] as const).map((kind) => {
    const { subject, body } = render(key, language, sampleVars(key, language, { ...opts, kind }), t);
    return { kind, subject, body, ...(isSmsKey(key) ? { segments: countSegments(body) } : {}) };
  });
}

/** Every reason this text cannot be saved, as sentences a coordinator can act on; empty when it can. */
export function templateProblems(
  key: MessageKey,
  language: string,
  t: Template,
  opts: { publicBaseUrl: string },
): { field: 'subject' | 'body'; message: string }[] {
  const problems: { field: 'subject' | 'body'; message: string }[] = [];
  if (hasSubject(key)) {
    if (!t.subject?.trim()) problems.push({ field: 'subject', message: 'Write a subject' });
    else if (t.subject.length > 200)
      problems.push({ field: 'subject', message: 'Keep the subject under 200 characters' });
  }
  if (!t.body.trim()) problems.push({ field: 'body', message: 'Write the message' });
  else if (t.body.length > 2000) problems.push({ field: 'body', message: 'Keep the message under 2000 characters' });
  const allowed = allowedPlaceholders(key, language);
  for (const name of unknownPlaceholders(key, language, t)) {
    const field = placeholdersIn(t.body).includes(name) ? 'body' : 'subject';
    problems.push({
      field,
      message: `{${name}} is not a placeholder this message can use: ${
        allowed.length ? `use ${allowed.map((p) => `{${p}}`).join(', ')}` : 'it has none'
      }`,
    });
  }
  if (key === 'offer.sms' && problems.length === 0) {
    const [, worst] = previewTemplate(key, language, t, opts);
    const s = worst.segments as SegmentCount;
    if (s.segments > 1) {
      problems.push({
        field: 'body',
        message:
          `With the longest realistic values this offer is ${s.characters} characters in ${s.encoding}, ` +
          `${s.segments} SMS segments. An offer must fit one segment (${s.encoding === 'GSM-7' ? 160 : 70} characters): ` +
          `split offers arrive out of order or late on some phones.` +
          (s.encoding === 'UCS-2'
            ? ' Characters outside the GSM-7 alphabet (Cyrillic, emoji, curly quotes) cut it to 70.'
            : ''),
      });
    }
  }
  return problems;
}
