// A real SMTP listener for embedded mode and tests: nodemailer delivers to it, it records into the dev outbox.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DevOutboxStore } from '../../db/stores/dev-outbox-store';

export interface SmtpSink {
  port: number;
  close(): Promise<void>;
}

export async function startSmtpSink(outbox: DevOutboxStore, port = 0, host = '127.0.0.1'): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 5 * 1024 * 1024,
    // A worker's pooled connections stay open between messages: a closing sink ends them after a second instead of
    // waiting the default 30 s for the client to hang up.
    closeTimeout: 1000,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const recipients = session.envelope.rcptTo.map((r) => r.address);
          for (const to of recipients) {
            await outbox.record({
              kind: 'email',
              to,
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              subject: mail.subject ?? null,
              // Attachments are appended as text so tests and the dev outbox can read them (an .ics invitation).
              body: (mail.text ?? '') + attachmentsText(mail.attachments),
              providerId: mail.messageId ?? null,
            });
          }
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client's connection that breaks (a worker killed with its pooled connections open resets them) is the
  // client's affair: smtp-server re-emits it on the server, and an 'error' nobody listens to would take down the
  // process that hosts the sink (the dev stack, a test run).
  server.on('error', () => undefined);
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function attachmentsText(attachments: { filename?: string; contentType: string; content: Buffer }[]): string {
  return attachments
    .map((a) => `\n--- attachment ${a.filename ?? ''} (${a.contentType}) ---\n${a.content.toString('utf8')}`)
    .join('');
}
