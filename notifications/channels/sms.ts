// SMS through the real twilio SDK. TWILIO_API_BASE sends its REST calls to another base URL (the local sink).
import type { TextForm } from '../../domain/text-forms';
import { createHash } from 'node:crypto';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import { providerErrors, type ProviderErrorKind } from '../../telemetry/metrics';
import { PermanentSendError, RetryableSendError } from '../errors';
import type { Channel } from './channel';

export interface SmsMessage {
  to: string;
  body: string;
  /** Seconds the carrier may hold the message before dropping it (an offer should not arrive after it expired). */
  validitySeconds?: number;
}

/** SMS is a channel whose in-doubt messages can be looked up at the provider (findSent). */
export type SmsSender = Channel<SmsMessage>;

/** How long one provider call may take; a send claimed longer ago than this (plus margin) is no longer in flight. */
export const SMS_TIMEOUT_MS = 10_000;

export const hashBody = (body: string): string => createHash('sha256').update(body).digest('hex');

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from?: string;
  messagingServiceSid?: string;
  apiBase?: string;
  /** Twilio posts delivery receipts here (sent, delivered, failed, undelivered). */
  statusCallbackUrl?: string;
}

const TWILIO_ORIGIN = /^https:\/\/[a-z0-9.-]*twilio\.com/;

/** Rewrites the SDK's request URLs to another base, keeping the SDK's own auth, encoding and parsing. */
class RebasedRequestClient extends RequestClient {
  constructor(private readonly base: string) {
    super({ timeout: SMS_TIMEOUT_MS });
  }
  override request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request({ ...opts, uri: opts.uri.replace(TWILIO_ORIGIN, this.base) });
  }
}

// Twilio error codes that mean "this number can never receive": not worth a retry.
const PERMANENT_CODES = new Set([21211, 21214, 21217, 21219, 21401, 21407, 21408, 21610, 21612, 21614]);

/** The real twilio SDK client, its REST calls sent to TWILIO_API_BASE when set (the sender and `npm run doctor`). */
export function createTwilioClient(settings: Pick<TwilioSettings, 'accountSid' | 'authToken' | 'apiBase'>) {
  return twilio(settings.accountSid, settings.authToken, {
    httpClient: settings.apiBase
      ? new RebasedRequestClient(settings.apiBase)
      : new RequestClient({ timeout: SMS_TIMEOUT_MS }),
  });
}

export function createTwilioSmsSender(settings: TwilioSettings): SmsSender {
  const client = createTwilioClient(settings);
  return {
    async send({ to, body, validitySeconds }) {
      try {
        const message = await client.messages.create({
          to,
          body,
          ...(settings.messagingServiceSid
            ? { messagingServiceSid: settings.messagingServiceSid }
            : { from: settings.from as string }),
          ...(settings.statusCallbackUrl ? { statusCallback: settings.statusCallbackUrl } : {}),
          ...(validitySeconds ? { validityPeriod: Math.max(1, Math.min(36000, Math.round(validitySeconds))) } : {}),
        });
        return { providerId: message.sid };
      } catch (err) {
        throw countProviderError('sms', classifyTwilioError(err));
      }
    },
    async findSent(to, bodyHash, since) {
      try {
        // Every message to that number since the claim, newest first, not only the newest page: a busy number can
        // receive more than a page of SMS between a send and its settling, and a message that went out but was not
        // found would be sent a second time. No DateSent filter: a message Twilio still holds queued has no date
        // sent yet, and it must be found too.
        const found: string[] = [];
        await new Promise<void>((resolve, reject) => {
          client.messages.each(
            { to, pageSize: 1000, limit: 5000, done: (err?: Error) => (err ? reject(err) : resolve()) },
            (m, done) => {
              if (m.dateCreated < since) return done();
              if (hashBody(m.body ?? '') === bodyHash) found.push(m.sid);
            },
          );
        });
        return found;
      } catch (err) {
        throw classifyTwilioError(err);
      }
    },
  };
}

/** Counts a provider's refusal by its kind (never by number or message: labels stay a fixed set). */
export function countProviderError(channel: TextForm, err: Error): Error {
  const kind: ProviderErrorKind =
    err instanceof PermanentSendError ? 'permanent' : err instanceof RetryableSendError ? 'retryable' : 'in-doubt';
  providerErrors.inc({ channel, kind });
  return err;
}

function classifyTwilioError(err: unknown): Error {
  const e = err as { status?: number; code?: number | string; message?: string };
  const text = `Twilio: ${e.message ?? String(err)}`;
  if (typeof e.status === 'number') {
    if (e.status === 429 || e.status >= 500) return new RetryableSendError(text);
    if (typeof e.code === 'number' && PERMANENT_CODES.has(e.code)) return new PermanentSendError(text);
    if (e.status >= 400) return new PermanentSendError(text);
  }
  // Refused or unresolved: the request never reached the provider. A reset connection is not on this list: the
  // provider may have read the request before the reset, so it is settled as in doubt, by asking.
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND') return new RetryableSendError(text);
  // Anything else (a timeout above all) is in doubt: the provider may have taken the message.
  return err instanceof Error ? err : new Error(text);
}

export const smsChannel = {
  name: 'sms',
  texts: 'sms' as const,
  /** No Twilio credentials: the team runs on email alone. */
  fromConfig: (config: { twilio?: Omit<TwilioSettings, 'statusCallbackUrl'> }, opts: { statusCallbackUrl: string }) =>
    config.twilio ? createTwilioSmsSender({ ...config.twilio, statusCallbackUrl: opts.statusCallbackUrl }) : null,
};
