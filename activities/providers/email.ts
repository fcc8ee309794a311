// Email through nodemailer over SMTP.
import nodemailer from 'nodemailer';
import { PermanentSendError, RetryableSendError } from '../errors';
import { countProviderError } from './sms';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** E.g. a session's .ics invitation. */
  attachments?: { filename: string; content: string; contentType: string }[];
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ providerId: string }>;
}

export function createSmtpEmailSender(smtpUrl: string, from: string): EmailSender {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({ from, ...message });
        return { providerId: info.messageId };
      } catch (err) {
        throw countProviderError('email', classifySmtpError(err));
      }
    },
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
