// Email through nodemailer over SMTP.
import nodemailer from 'nodemailer';
import { createHash } from 'node:crypto';
import { PermanentSendError, RetryableSendError } from '../errors';
import type { Channel } from './channel';
import { countProviderError } from './sms';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** E.g. a session's .ics invitation. */
  attachments?: { filename: string; content: string; contentType: string }[];
}

export type EmailSender = Channel<EmailMessage>;

/**
 * One Message-ID per ledger key: an email left in doubt (the process died before the server's answer was
 * recorded) is sent again with the same id, so a mail client shows one message even if both arrived.
 */
export const messageIdFor = (ledgerKey: string, from: string): string =>
  `<${createHash('sha256').update(ledgerKey).digest('hex').slice(0, 32)}@${/@([^>\s]+)/.exec(from)?.[1] ?? 'peer-dispatch'}>`;

/**
 * The longest one email may take, waiting for a pooled connection included: well under the ledger's
 * IN_DOUBT_AFTER_MS (60 s), so no send is still running (or still queued here) when another worker settles its
 * claim as dead and sends again. Past it the message is in doubt (it may have been mid-transaction), and the ledger
 * resends it under the same Message-ID.
 */
export const EMAIL_TIMEOUT_MS = 20_000;

export function createSmtpEmailSender(
  smtpUrl: string,
  from: string,
  /** A shorter bound than EMAIL_TIMEOUT_MS, for a test that waits for it. */
  opts: { timeoutMs?: number } = {},
): EmailSender {
  const timeoutMs = opts.timeoutMs ?? EMAIL_TIMEOUT_MS;
  // Pooled: messages reuse a few open connections (five unless SMTP_URL says `maxConnections=N`; `pool=false` turns
  // it off) instead of paying a connection, the server's greeting and a TLS handshake each. The pool closes a
  // connection idle for four minutes itself; close() ends the rest at shutdown. A message whose connection drops
  // mid-transaction fails; the pool sends again on its own only what never left (a connection lost before its
  // greeting, or before it read the message), and the ledger decides the rest (tests/faults/smtp-pool.test.ts).
  // nodemailer's own timeouts (2 min to connect, 10 min of silence) are far beyond EMAIL_TIMEOUT_MS: bounded here.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    connectionTimeout: Math.min(10_000, timeoutMs),
    greetingTimeout: Math.min(10_000, timeoutMs),
    socketTimeout: timeoutMs,
  });
  return {
    // Nothing to ask an SMTP server afterwards: a message in doubt is sent again under the same Message-ID.
    resendInDoubt: true,
    async send(message, context) {
      try {
        const info = await transport.sendMail({
          from,
          ...message,
          ...(context ? { messageId: messageIdFor(context.ledgerKey, from) } : {}),
          // The whole send, its wait for a free pooled connection included: a queued message aborted here never
          // leaves; one aborted mid-transaction is in doubt (classifySmtpError).
          signal: AbortSignal.timeout(timeoutMs),
        });
        return { providerId: info.messageId };
      } catch (err) {
        throw countProviderError('email', classifySmtpError(err));
      }
    },
    close: () => transport.close(),
  };
}

function classifySmtpError(err: unknown): Error {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const text = `SMTP: ${e.message ?? String(err)}`;
  if (e.responseCode && e.responseCode >= 500 && e.responseCode < 600) return new PermanentSendError(text);
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || (e.responseCode ?? 0) >= 400) {
    return new RetryableSendError(text);
  }
  // Anything else (a timeout above all) is in doubt: the server may have taken the message.
  return err instanceof Error ? err : new Error(text);
}

export const emailChannel = {
  name: 'email',
  texts: 'email' as const,
  fromConfig: (config: { smtpUrl: string; mailFrom: string }) => createSmtpEmailSender(config.smtpUrl, config.mailFrom),
};
