// What the notifications wing offers: the send-once ledger, the channels and their registry, the catalogue
// of every text per language, and tell(), where reachability is decided once.
export {
  createNotifier,
  IN_DOUBT_AFTER_MS,
  type Notifier,
  type NotificationKey,
  type SendOutcome,
  type BuildMany,
} from './ledger';
export { gatherSends } from './gather';
export { createMessageRenderer, type MessageRenderer } from './renderer';
export {
  createTell,
  smsReach,
  type Tell,
  type MessageName,
  type Recipient,
  type TellOptions,
  type TellResult,
  type Vars,
} from './tell';
export {
  closeChannels,
  createChannels,
  CHANNELS,
  textsOf,
  type ChannelRegistry,
  type ChannelRegistration,
} from './channels';
export { createTwilioSmsSender, type SmsSender, type SmsMessage } from './channels/sms';
export { createSmtpEmailSender, type EmailSender, type EmailMessage } from './channels/email';
export { PermanentSendError, RetryableSendError } from './errors';
export * from './catalogue';
