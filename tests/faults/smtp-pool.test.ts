// The email channel keeps a few SMTP connections open and sends over them, instead of a connection, a greeting and
// (in production) a TLS handshake per message; closed, it leaves none open. A connection that drops while a message
// is on it fails that message once: the pool does not send it again on its own, the ledger decides.
import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { closeChannels, createSmtpEmailSender, RetryableSendError, type ChannelRegistry } from '../../notifications';
import { waitFor } from '../helpers/stack';

/** A real SMTP server (the sink's library) that counts connections and messages. */
async function countingSmtp() {
  const seen = { opened: 0, open: 0, messages: [] as string[] };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onConnect(_session, callback) {
      seen.opened += 1;
      seen.open += 1;
      callback();
    },
    onClose() {
      seen.open -= 1;
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        seen.messages.push(session.envelope.rcptTo.map((r) => r.address).join(','));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address() as net.AddressInfo;
  return {
    seen,
    url: `smtp://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const message = (n: number) => ({
  to: `counselor-${n}@example.org`,
  subject: `Offer ${n}`,
  text: 'A request for you.',
});

it('sends a wave of twelve over at most five connections, the next messages over the same ones, and closes them all', async () => {
  const smtp = await countingSmtp();
  try {
    const email = createSmtpEmailSender(smtp.url, 'dispatch@example.org');
    await Promise.all(Array.from({ length: 12 }, (_, i) => email.send(message(i))));
    expect(smtp.seen.messages).toHaveLength(12);
    expect(smtp.seen.opened).toBeLessThanOrEqual(5);
    const opened = smtp.seen.opened;
    for (let i = 12; i < 15; i++) await email.send(message(i));
    expect(smtp.seen.messages).toHaveLength(15);
    expect(smtp.seen.opened).toBe(opened);

    closeChannels({ email });
    await waitFor(
      'every connection closed',
      async () => {
        if (smtp.seen.open > 0) throw new Error(`${smtp.seen.open} still open`);
      },
      10_000,
    );
  } finally {
    await smtp.close();
  }
});

it('leaves open a channel handed in by its owner, closing only the ones built for the registry', async () => {
  const smtp = await countingSmtp();
  try {
    const built = createSmtpEmailSender(smtp.url, 'dispatch@example.org');
    const handedIn = createSmtpEmailSender(smtp.url, 'dispatch@example.org');
    await Promise.all([built.send(message(1)), handedIn.send(message(2))]);
    expect(smtp.seen.open).toBe(2);
    closeChannels({ email: built, other: handedIn } as ChannelRegistry, [handedIn]);
    await waitFor(
      'the built channel closed',
      async () => {
        if (smtp.seen.open > 1) throw new Error(`${smtp.seen.open} open`);
      },
      10_000,
    );
    // The handed-in one still sends over its open connection.
    await handedIn.send(message(3));
    expect(smtp.seen.messages).toHaveLength(3);
    expect(smtp.seen.opened).toBe(2);
    closeChannels({ email: handedIn });
  } finally {
    await smtp.close();
  }
});

it('fails a message whose connection drops once the server has it, without the pool sending it again', async () => {
  // A server that speaks SMTP until the message's end, then hangs up without answering: it may have taken it.
  let received = 0;
  const server = net.createServer((socket) => {
    let inData = false;
    let buffered = '';
    socket.write('220 flaky ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (inData) {
          if (line === '.') {
            received += 1;
            socket.destroy();
            return;
          }
        } else if (/^EHLO/i.test(line)) socket.write('250 flaky\r\n');
        else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  try {
    const { port } = server.address() as net.AddressInfo;
    const email = createSmtpEmailSender(`smtp://127.0.0.1:${port}`, 'dispatch@example.org');
    await expect(email.send(message(1))).rejects.toBeInstanceOf(RetryableSendError);
    expect(received).toBe(1);
    closeChannels({ email });
  } finally {
    server.close();
  }
});
