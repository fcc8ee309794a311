// Email through nodemailer over SMTP.
import nodemailer from 'nodemailer';
import { PermanentSendError, RetryableSendError } from '../errors';

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
        const e = err as { responseCode?: number; code?: string; message?: string };
        const text = `SMTP: ${e.message ?? String(err)}`;
        if (e.responseCode && e.responseCode >= 500 && e.responseCode < 600) throw new PermanentSendError(text);
        if (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || (e.responseCode ?? 0) >= 400) {
          throw new RetryableSendError(text);
        }
        throw err;
      }
    },
  };
}
