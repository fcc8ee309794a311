// What every channel (SMS, email, later WhatsApp or push) offers the send-once ledger.

/** Every message names its address; each channel adds what it carries (a body, a subject, attachments). */
export interface ChannelMessage {
  to: string;
}

export interface SendContext {
  /**
   * The ledger's key of this message: the same on every attempt, so a channel that can mark a message as
   * "the same one again" (an email's Message-ID) lets the receiver fold a resend into the first.
   */
  ledgerKey: string;
}

export interface Channel<M extends ChannelMessage = ChannelMessage> {
  send(message: M, context?: SendContext): Promise<{ providerId: string }>;
  /**
   * After a crash mid-send: the provider's ids of the messages to this number, created since then, whose text
   * hashes to bodyHash (sha256 hex), newest first; empty when the provider has none. Several when the same
   * words went to this address for other reasons: the caller tells them apart. Channels without it cannot
   * be asked.
   */
  findSent?(to: string, bodyHash: string, since: Date): Promise<string[]>;
  /**
   * A message left in doubt that cannot be looked up is sent again when this is true (the receiver folds the
   * duplicate, as a mail client does with one Message-ID); when false it stays in doubt, never resent.
   */
  readonly resendInDoubt?: boolean;
  /** Ends what the channel keeps open between messages (an SMTP pool's connections): at the process's shutdown. */
  close?(): void;
}
