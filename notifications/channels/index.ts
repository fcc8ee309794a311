// The channel registry: which channels exist and how each is built from the configuration. A new channel
// (WhatsApp, push) is one file in this folder and one line in CHANNELS.
import type { TextForm } from '../../domain/text-forms';
import type { Config } from '../../config';
import type { Channel, ChannelMessage } from './channel';
import { emailChannel, type EmailSender } from './email';
import { smsChannel, type SmsSender } from './sms';

export type { Channel, ChannelMessage, SendContext } from './channel';

export interface ChannelRegistration {
  name: string;
  /** Which catalogue texts the channel sends: short texts ('sms') or texts with a subject ('email'). */
  texts: TextForm;
  /** The channel, or null when the deployment has not configured it (no Twilio credentials: no SMS). */
  fromConfig(config: Config, opts: { statusCallbackUrl: string }): Channel | null;
}

export const CHANNELS: ChannelRegistration[] = [smsChannel, emailChannel];

/** The channels a deployment sends on, by name; email is always there, SMS only with Twilio configured. */
export interface ChannelRegistry {
  sms?: SmsSender;
  email: EmailSender;
  [name: string]: Channel<ChannelMessage> | undefined;
}

export function createChannels(
  config: Config,
  opts: { statusCallbackUrl: string; overrides?: Partial<Record<string, Channel<ChannelMessage>>> },
): ChannelRegistry {
  const built: Record<string, Channel<ChannelMessage> | undefined> = {};
  for (const c of CHANNELS) built[c.name] = opts.overrides?.[c.name] ?? c.fromConfig(config, opts) ?? undefined;
  if (!built.email) throw new Error('The email channel is required (SMTP_URL and MAIL_FROM)');
  return built as ChannelRegistry;
}

/**
 * Closes the channels that keep connections open, once nothing will send on them again (a stopped worker); those in
 * `handedIn` (a test's own senders, passed as overrides) are their owner's to close.
 */
export function closeChannels(channels: ChannelRegistry, handedIn: readonly unknown[] = []): void {
  for (const channel of Object.values(channels)) if (!handedIn.includes(channel)) channel?.close?.();
}

/** The catalogue texts a channel sends ('sms' for an unknown one: short texts are the safe default). */
export const textsOf = (channel: string): TextForm => CHANNELS.find((c) => c.name === channel)?.texts ?? 'sms';
