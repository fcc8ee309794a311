// The email channel keeps a few SMTP connections open and sends over them, instead of a connection, a greeting and
// (in production) a TLS handshake per message; closed, it leaves none open. A connection that drops while a message
// is on it fails that message once: the pool does not send it again on its own, the ledger decides. A server that
// stops answering holds a message no longer than the channel's bound, and what waited behind it is never sent.
import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import {
  closeChannels,
  createSmtpEmailSender,
  PermanentSendError,
  RetryableSendError,
  type ChannelRegistry,
} from '../../notifications';
import { startSmtpSink } from '../../scripts/sinks/smtp-sink';
import { waitFor } from '../helpers/stack';
import { useTestDb } from '../helpers/test-db';

const testDb = useTestDb();

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

/**
 * A hand-written SMTP server, for what a real one will not do on purpose: at the end of the n-th message on a
 * connection, `atEnd(n)` answers it ('ok'), hangs up without an answer ('hang-up': it may have taken it) or says
 * nothing at all ('silent').
 */
async function scriptedSmtp(atEnd: (n: number) => 'ok' | 'hang-up' | 'silent') {
  const seen = { mailCommands: 0, messages: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let n = 0;
    let inData = false;
    let buffered = '';
    socket.write('220 scripted ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (inData) {
          if (line !== '.') continue;
          inData = false;
          seen.messages += 1;
          const answer = atEnd(++n);
          if (answer === 'hang-up') return void socket.destroy();
          if (answer === 'ok') socket.write('250 queued\r\n');
        } else if (/^EHLO/i.test(line)) socket.write('250 scripted\r\n');
        else if (/^MAIL/i.test(line)) {
          seen.mailCommands += 1;
          socket.write('250 OK\r\n');
        } else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) return void socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    seen,
    url: `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

it('fails a message whose kept-open connection drops once the server has it, without the pool sending it again', async () => {
  // The first message is taken; the connection is kept for the second, and dropped at its end without an answer.
  const smtp = await scriptedSmtp((n) => (n === 1 ? 'ok' : 'hang-up'));
  try {
    const email = createSmtpEmailSender(smtp.url, 'dispatch@example.org');
    await email.send(message(1));
    await expect(email.send(message(2))).rejects.toThrow(/SMTP/);
    // Failed back to the ledger (which resends it under the same Message-ID), not sent again by the pool: a resend
    // by the pool would have reached the server before the failure came back.
    expect(smtp.seen.messages).toBe(2);
    closeChannels({ email });
  } finally {
    smtp.close();
  }
});

it('gives up on a server that stops answering within its bound, in doubt, and never sends what waited behind it', async () => {
  // One connection (maxConnections=1): the second message waits in the pool while the server sits on the first.
  const smtp = await scriptedSmtp(() => 'silent');
  try {
    const email = createSmtpEmailSender(`${smtp.url}/?maxConnections=1`, 'dispatch@example.org', { timeoutMs: 1000 });
    const [first, queued] = await Promise.allSettled([email.send(message(1)), email.send(message(2))]);
    // The first may have been taken: in doubt (neither "try again" nor "refused"), so the ledger waits before it
    // resends under the same Message-ID.
    expect(first.status).toBe('rejected');
    const firstError = (first as PromiseRejectedResult).reason;
    expect(firstError).not.toBeInstanceOf(RetryableSendError);
    expect(firstError).not.toBeInstanceOf(PermanentSendError);
    // The second never left: the server saw one MAIL command, one message.
    expect(queued.status).toBe('rejected');
    expect(smtp.seen).toEqual({ mailCommands: 1, messages: 1 });
    closeChannels({ email });
  } finally {
    smtp.close();
  }
});

it('keeps the bundled sink serving when a client resets its connection, as a killed worker does', async () => {
  const sink = await startSmtpSink(testDb.stores.devOutbox);
  try {
    // A client killed in the middle of a message (a reset outside one is ignored by the server itself).
    const socket = net.connect(sink.port, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('utf8')));
    // The n-th reply is complete once n final lines ("250 ...", not "250-...") have arrived.
    const replies = (n: number) =>
      waitFor(`reply ${n}`, async () => {
        if ((received.match(/^\d{3} /gm) ?? []).length < n) throw new Error('not yet');
      });
    await replies(1);
    socket.write('EHLO killed.example.org\r\n');
    await replies(2);
    socket.write('MAIL FROM:<dispatch@example.org>\r\n');
    await replies(3);
    // A reset, not a close: what the kernel sends for a process killed with its connection open.
    socket.resetAndDestroy();
    const to = `after-reset-${Date.now()}@example.org`;
    const email = createSmtpEmailSender(`smtp://127.0.0.1:${sink.port}`, 'dispatch@example.org');
    await email.send({ to, subject: 'Still here', text: 'The sink outlived a reset.' });
    expect(await testDb.stores.devOutbox.list({ to })).toHaveLength(1);
    closeChannels({ email });
  } finally {
    await sink.close();
  }
});
