// Twilio as the tests play it: signed webhooks (inbound SMS, delivery receipts) and the sink's fault queue.
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { TestStack } from './stack';

export const newMessageSid = (): string => 'SM' + randomBytes(16).toString('hex');

/** Posts a form the way Twilio does, signed with the stack's auth token unless a signature is given. */
export async function postTwilioForm(
  stack: TestStack,
  path: string,
  params: Record<string, string>,
  opts: { signature?: string | null } = {},
): Promise<Response> {
  const url = `${stack.config.publicBaseUrl}${path}`;
  const signature =
    opts.signature === undefined
      ? twilio.getExpectedTwilioSignature(stack.config.twilio.authToken, url, params)
      : opts.signature;
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    body: new URLSearchParams(params),
  });
}

export interface SmsAnswer {
  status: number;
  contentType: string | null;
  twiml: string;
  /** The text of the TwiML <Message>, or null for an empty answer. */
  message: string | null;
}

/** Texts the app from a phone (Twilio's inbound-message webhook) and reads the TwiML answer. */
export async function textApp(
  stack: TestStack,
  from: string,
  body: string,
  opts: { messageSid?: string; signature?: string | null } = {},
): Promise<SmsAnswer> {
  const params = {
    MessageSid: opts.messageSid ?? newMessageSid(),
    AccountSid: stack.config.twilio.accountSid,
    From: from,
    To: stack.config.twilio.from ?? '',
    Body: body,
    NumMedia: '0',
  };
  const res = await postTwilioForm(stack, '/webhooks/twilio/sms', params, { signature: opts.signature });
  const twiml = await res.text();
  const m = /<Message>([\s\S]*?)<\/Message>/.exec(twiml);
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    twiml,
    message: m ? unescapeXml(m[1]) : null,
  };
}

/** A delivery receipt for a message the app sent. */
export async function reportStatus(
  stack: TestStack,
  messageSid: string,
  status: string,
  opts: { errorCode?: string; signature?: string | null } = {},
): Promise<Response> {
  const params: Record<string, string> = {
    MessageSid: messageSid,
    SmsSid: messageSid,
    AccountSid: stack.config.twilio.accountSid,
    MessageStatus: status,
    SmsStatus: status,
    ...(opts.errorCode ? { ErrorCode: opts.errorCode } : {}),
  };
  return postTwilioForm(stack, '/webhooks/twilio/status', params, { signature: opts.signature });
}

export interface SinkFault {
  to?: string;
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  /** Held before the sink accepts (and records) it. */
  holdMs?: number;
  callbacks?: string[];
  errorCode?: number;
}

export async function queueSinkFaults(stack: TestStack, responses: SinkFault[]): Promise<void> {
  const res = await fetch(`${stack.baseUrl}/dev/twilio/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ responses }),
  });
  if (res.status !== 200) throw new Error(`queueing faults failed: ${res.status} ${await res.text()}`);
}

/** How many queued faults no message has taken yet. */
export async function pendingSinkFaults(stack: TestStack): Promise<number> {
  const res = await fetch(`${stack.baseUrl}/dev/twilio/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ responses: [] }),
  });
  return ((await res.json()) as { queued: number }).queued;
}

export async function clearSinkFaults(stack: TestStack): Promise<void> {
  await fetch(`${stack.baseUrl}/dev/twilio/faults`, { method: 'DELETE' });
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
