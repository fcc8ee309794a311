// tell(recipient, message, vars, purpose): the one place that knows who can be reached how, in which
// language and with which words. Activities decide who hears and why; this decides how.
import type { TextForm } from '../domain/text-forms';
import type { Stores } from '../db';
import type { Reachability } from '../db/stores/users-store';
import { inQuietHours } from '../domain/quiet-hours';
import { catalogueLanguage, MESSAGE_KEYS, type MessageKey } from './catalogue';
import type { EmailMessage } from './channels/email';
import type { NotificationKey, Notifier, SendOutcome } from './ledger';
import type { MessageRenderer } from './renderer';

/** A catalogue message without its channel: 'proposal' stands for 'proposal.sms' and 'proposal.email'. */
type BaseOf<K> = K extends `${infer B}.${TextForm}` ? B : never;
export type MessageName = BaseOf<MessageKey>;

export type Recipient =
  /** An account (counselor, lead, coordinator): their verified phone and email, their profile language. */
  | { userId: string }
  /** The same, for a caller that has already read the account's reachability (`users.getReachability`). */
  | { user: Reachability }
  /** The requester of a request: email when they gave one, else SMS (one message, never both), intake language. */
  | { requesterOf: string }
  /** The same, for a caller that has already read the request and its contact. */
  | { requester: { language: string; contact: { email?: string | null; phone?: string | null } } }
  /** An address that is not (yet) an account's: an invitation, a phone being verified. */
  | { address: { email?: string; phone?: string }; language: string; accountId?: string | null };

export type Vars = Record<string, string | number | undefined>;

export interface TellContext {
  language: string;
  channel: TextForm;
}

export interface TellOptions {
  workspaceId: string;
  requestId: string | null;
  /** An urgent message reaches a counselor who opted in to urgent SMS even in their quiet hours. */
  urgent?: boolean;
  /** Hold the SMS in the recipient's quiet hours (offers): the outcome is 'quiet' for the caller to decide. */
  quietHours?: boolean;
  /** Only these channels (the others are not tried). */
  channels?: TextForm[];
  attachments?: (ctx: TellContext & { vars: Vars }) => EmailMessage['attachments'];
  /**
   * One batch's renderer (`renderer.batch()`) for an activity that tells several people: the workspace's templates
   * are read once for all of them instead of once per message.
   */
  texts?: MessageRenderer;
  /** Where the messages go through, when not the ledger itself: a gathered notifier (`gatherSends`). */
  notifier?: Notifier;
}

export interface TellResult {
  outcomes: SendOutcome[];
  /** The SMS was held back by the recipient's quiet hours. */
  quiet: boolean;
}

/** The SMS rule, written once: a verified phone the person has not sent STOP from, outside quiet hours. */
export function smsReach(
  p: Pick<Reachability, 'phone' | 'smsStopped' | 'quietStart' | 'quietEnd' | 'timeZone' | 'urgentSmsOptIn'>,
  opts: { at: Date; urgent?: boolean; quietHours?: boolean },
): 'yes' | 'no' | 'quiet' {
  if (!p.phone || p.smsStopped) return 'no';
  if (
    opts.quietHours &&
    inQuietHours(opts.at, p.quietStart, p.quietEnd, p.timeZone) &&
    !(opts.urgent && p.urgentSmsOptIn)
  )
    return 'quiet';
  return 'yes';
}

const hasKey = (key: string): key is MessageKey => (MESSAGE_KEYS as string[]).includes(key);

export type Tell = (
  recipient: Recipient,
  message: MessageName,
  vars: Vars | ((ctx: TellContext) => Promise<Vars> | Vars),
  purpose: string,
  opts: TellOptions,
) => Promise<TellResult>;

export function createTell(deps: {
  stores: Stores;
  notifier: Notifier;
  renderer: MessageRenderer;
  now?: () => Date;
}): Tell {
  const { stores, notifier, renderer, now = () => new Date() } = deps;

  async function readRequester(requestId: string) {
    const request = await stores.requests.getById(requestId);
    const contact = (request && (await stores.requests.getContact(request.id))) ?? {};
    return { language: request?.language ?? 'en', contact };
  }

  return async function tell(recipient, message, vars, purpose, opts) {
    let to: { phone?: string | null; email?: string | null };
    let language: string;
    let userId: string | null = null;
    let oneOnly = false;
    let quiet = false;
    if ('userId' in recipient || 'user' in recipient) {
      const p = 'user' in recipient ? recipient.user : (await stores.users.getReachability([recipient.userId]))[0];
      if (!p) return { outcomes: [], quiet };
      userId = p.id;
      language = p.language;
      const reach = smsReach(p, { at: now(), urgent: opts.urgent, quietHours: opts.quietHours });
      quiet = reach === 'quiet';
      to = { phone: reach === 'yes' ? p.phone : null, email: p.email };
    } else if ('requesterOf' in recipient || 'requester' in recipient) {
      const requester = 'requester' in recipient ? recipient.requester : await readRequester(recipient.requesterOf);
      language = requester.language;
      to = requester.contact;
      oneOnly = true;
    } else {
      to = recipient.address;
      language = recipient.language;
      userId = recipient.accountId ?? null;
    }
    language = catalogueLanguage(language);
    const texts = opts.texts ?? renderer;
    const via = opts.notifier ?? notifier;
    const key: NotificationKey = { requestId: opts.requestId, userId, purpose };
    const wanted = (c: TextForm) => !opts.channels || opts.channels.includes(c);
    const smsKey = `${message}.sms`;
    const emailKey = `${message}.email`;
    const varsFor = async (channel: TextForm) =>
      typeof vars === 'function' ? await vars({ language, channel }) : vars;

    const email =
      to.email && wanted('email') && hasKey(emailKey)
        ? via.email(key, async () => {
            const v = await varsFor('email');
            const m = await texts.render(opts.workspaceId, emailKey, language, v);
            const attachments = opts.attachments?.({ language, channel: 'email', vars: v });
            return {
              to: to.email as string,
              subject: m.subject,
              text: m.body,
              ...(attachments ? { attachments } : {}),
            };
          })
        : undefined;
    // A requester gets one message: the SMS only when there is no email to send.
    const sms =
      to.phone && wanted('sms') && hasKey(smsKey) && !(oneOnly && email) && via.has('sms')
        ? via.sms(key, async () => ({
            to: to.phone as string,
            body: (await texts.render(opts.workspaceId, smsKey, language, await varsFor('sms'))).body,
          }))
        : undefined;
    const outcomes = await Promise.all([sms, email].filter((p): p is Promise<SendOutcome> => !!p));
    return { outcomes, quiet };
  };
}
