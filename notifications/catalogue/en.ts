// English: every text the product sends, the reference every other language file must match key for key.
import type { Labels, Template } from './types';

export const messages = {
  'offer.sms': { body: '{urgent}New request: {topic}, {language}. Reply A{code} to accept, D{code} to decline.{link}' },
  'offer.email': {
    subject: '{urgent}New peer support request: {lockTopic}',
    body:
      'Someone is asking for peer support.\n\nTopic: {topic}\nLanguage: {language}\n{lived}\n' +
      'Open the request and accept it here (the first counselor to accept gets it):\n{url}\n{smsLine}',
  },
  // The winner's messages carry a link to the contact, never the contact: a forwarded or glanced-at SMS shows none.
  'won.sms': { body: 'Confirmed: this request is yours. Their contact: {url} Please make contact within a day.' },
  'won.email': {
    subject: 'The request is yours',
    body: 'Thank you for taking this request.\n\nTheir contact is behind this link:\n{url}\n\nPlease make contact within a day.\n',
  },
  'assigned.sms': {
    body: 'A coordinator assigned you a request ({topic}, {language}). Their contact, or hand it back: {url}',
  },
  'assigned.email': {
    subject: 'A coordinator assigned you a request',
    body:
      'A coordinator assigned you a request: {topic}, {language}.\n\n' +
      'Their contact is behind this link; if you cannot take it, say so there and it goes back to dispatch:\n{url}\n',
  },
  'covered.sms': { body: 'Thank you: a request you were offered is now covered. No action needed.' },
  'covered.email': {
    subject: 'Covered: thank you',
    body: 'A request you were offered has been taken by another counselor. No action needed. Thank you.\n',
  },
  'withdrawn.sms': { body: 'A request you were offered has been withdrawn. No action needed. Thank you.' },
  'withdrawn.email': {
    subject: 'Request withdrawn',
    body: 'A request you were offered has been withdrawn. No action needed. Thank you.\n',
  },
  'requester.accepted.sms': {
    body: 'A peer counselor has accepted your request and will contact you by {by} soon. In danger now? Call your emergency number.',
  },
  'requester.accepted.email': {
    subject: 'A counselor has accepted your request',
    body:
      'A trained peer counselor has accepted your request and will contact you by {by} soon.\n\n' +
      'If you are in danger right now, please call your local emergency number.\n',
  },
  'requester.unmatched.sms': {
    body: 'We are sorry: no counselor could take your request in time. {alternatives}',
  },
  'requester.unmatched.email': {
    subject: 'We could not find a counselor in time',
    body:
      'We are sorry: no peer counselor was able to take your request in time.\n\n{alternatives}\n\n' +
      'If you are in danger right now, please call your local emergency number.\n',
  },
  'requester.cancelled.sms': { body: 'Your request for peer support has been closed by the team.' },
  'requester.cancelled.email': {
    subject: 'Your request has been closed',
    body: 'Your request for peer support has been closed by the team.\n',
  },
  'alert.sms': { body: '{urgent}Dispatch alert: {reason}. Request: {topic}, {language}. {url}{ackHint}' },
  'alert.email': {
    subject: '{urgent}Dispatch alert: {reason}',
    body: 'Dispatch alert: {reason}.\n\nRequest: {topic}, {language}.\n\nOpen it to assign, widen or extend:\n{url}\n',
  },
  'oncall.reminder.sms': { body: 'Reminder: you are the on-call lead from {startsAt} until {endsAt}. Thank you.' },
  'oncall.reminder.email': {
    subject: 'You are on call from {startsAt}',
    body: 'A reminder: you are the on-call lead from {startsAt} until {endsAt}.\n\nYour upcoming shifts: {url}\n',
  },
  'reply.won': { body: "It's yours. We will text you how to reach them." },
  'reply.acknowledged': { body: 'Acknowledged: thank you. The alert will not repeat.' },
  'reply.taken': { body: 'Someone else already took this one, thank you.' },
  'reply.expired': { body: 'This request is no longer open. Thank you.' },
  'reply.declined': { body: 'Declined. Thank you for letting us know.' },
  'reply.choose': { body: 'You have several open offers: {codes}. Reply A and the number to accept, e.g. A{first}.' },
  'reply.no-offers': { body: 'You have no open offers right now. Thank you.' },
  'reply.pending': { body: "Got it. We'll confirm shortly." },
  'reply.help': {
    body: 'Reply A and the number from an offer to accept (e.g. A12), D and the number to decline. STOP pauses texts.',
  },
  'reply.stopped': { body: 'You will get no more texts from us. Reply START to resume.' },
  'reply.started': { body: 'Texts resumed. Reply HELP for help.' },

  // After the win: scheduling, reminders, the outcome, after-care.
  'proposal.sms': { body: 'Your peer counselor suggested times to talk. Choose one here: {url}' },
  'proposal.email': {
    subject: 'Times to talk with your peer counselor',
    body:
      'Your peer counselor suggested these times to talk:\n\n{slots}\n\n' +
      'Choose the one that suits you here (or ask for other times):\n{url}\n\n' +
      'If you are in danger right now, please call your local emergency number.\n',
  },
  'confirmed.sms': { body: 'Session confirmed: {slot}. Details and calendar file: {url}' },
  'confirmed.email': {
    subject: 'Your peer support session is confirmed',
    body: 'Your session is confirmed for {slot}.\n\nThe calendar file is attached. To change the time:\n{url}\n',
  },
  'session.confirmed.sms': { body: 'Session confirmed: {slot}. {url}' },
  'session.confirmed.email': {
    subject: 'Session confirmed',
    body: 'The requester confirmed the session: {slot}.\n\nThe calendar file is attached. Your session page:\n{url}\n',
  },
  'reschedule.counselor.sms': { body: 'The requester asked for other times. Please propose new ones: {url}' },
  'reschedule.counselor.email': {
    subject: 'Please propose new times',
    body: 'The requester asked for other times. Please propose new ones here:\n{url}\n',
  },
  'reschedule.requester.sms': { body: 'Your counselor will suggest new times soon. Your page: {url}' },
  'reschedule.requester.email': {
    subject: 'New times are coming',
    body: 'Your counselor will suggest new times soon. Your page:\n{url}\n',
  },
  'handed-back.sms': {
    body: 'Your counselor can no longer meet you on {slot}. That time is cancelled; we are finding you another counselor and will be in touch.',
  },
  'handed-back.email': {
    subject: 'Your session time is cancelled',
    body:
      'Your counselor can no longer meet you on {slot}, so that time is cancelled (the attached calendar file removes it from your calendar).\n\n' +
      'We are finding you another counselor now and will be in touch soon.\n',
  },
  'reminder.sms': { body: 'Reminder: peer support session {slot}. {url}' },
  'reminder.email': {
    subject: 'Reminder: your peer support session',
    body: 'A reminder of your session: {slot}.\n\n{url}\n',
  },
  'outcome.sms': { body: 'How did the session go? Please record the outcome: {url}' },
  'outcome.email': {
    subject: 'How did the session go?',
    body: 'Please record the outcome of your session (a minute on your phone):\n{url}\n',
  },
  'outcome.nudge.sms': { body: 'Reminder: How did the session go? Please record the outcome: {url}' },
  'outcome.nudge.email': {
    subject: 'Reminder: please record the session outcome',
    body: 'Please record the outcome of your session (a minute on your phone):\n{url}\n',
  },
  'out-of-scope.sms': {
    body: 'Your counselor found that your request needs more support than peer support can give. {alternatives}',
  },
  'out-of-scope.email': {
    subject: 'About your request for peer support',
    body:
      'Your counselor found that your request needs more support than peer support can give.\n\n{alternatives}\n\n' +
      'If you are in danger right now, please call your local emergency number.\n',
  },
  'debrief.sms': {
    body: 'Debrief needed now: {name} ({phone}) had a hard session ({category}). Please call them. {url}',
  },
  'debrief.email': {
    subject: 'Debrief needed now: {name}',
    body:
      '{name} had a hard session ({category}) and needs a debrief now.\n\nCall them: {phone}\nEmail: {email}\n\n' +
      'New offers to them are paused until the debrief is marked done:\n{url}\n',
  },

  // The pool, private messages, accounts.
  'message.notice.sms': { body: 'You have a new message on Peer Dispatch: {url}' },
  'message.notice.email': {
    subject: 'You have a new message',
    body: 'You have a new private message on Peer Dispatch. Sign in to read it:\n{url}\n',
  },
  'invite.email': {
    subject: 'You are invited to {team}',
    body:
      'Hello {name},\n\n{team} invites you to join its counselor pool.\n' +
      'Open this link to set your password and fill in your profile:\n\n{url}\n\n' +
      'The link works once and expires on {expires}. If you did not expect this, ignore it.',
  },
  'phone-code.sms': { body: 'Peer Dispatch: your code is {code}. It expires in {minutes} minutes.' },
  'pool-health.email': {
    subject: 'Pool health {day}: {flagged} flagged',
    body:
      'Pool health for {team} on {day}.\n\n' +
      'Active breadth: {active} of {total} counselors took a session in the last 30 days.\n' +
      'Spread of sessions (Gini, 0 = even): {evenness} over {sessions} sessions.\n\n' +
      'Counselors flagged: {flagged}\n{flaggedList}\n\nThe pool: {url}',
  },
  'password-reset.email': {
    subject: 'Set a new password',
    body:
      'Someone (we hope you) asked to set a new password for your Peer Dispatch account.\n\n' +
      'Open this link within 1 hour to choose one: {url}\n\n' +
      'If it was not you, ignore this email: your password stays as it is.',
  },
} satisfies Record<string, Template>;

export type MessageKey = keyof typeof messages;

export const labels: Labels = {
  topics: {
    grief: 'Grief',
    'suicide-safety': 'Suicide and safety planning',
    trauma: 'Trauma',
    addiction: 'Addiction',
    general: 'General support',
  },
  smsTopics: {
    grief: 'Grief',
    'suicide-safety': 'Suicide/safety',
    trauma: 'Trauma',
    addiction: 'Addiction',
    general: 'General support',
  },
  discreetTopic: 'Peer support',
  smsLanguages: {},
  languages: {},
  urgentSms: 'URGENT ',
  urgentEmail: 'URGENT: ',
  hardCategories: {
    'suicide-ideation': 'active suicide ideation',
    safeguarding: 'a safeguarding concern',
    'abuse-disclosure': 'an abuse disclosure',
    'other-distress': 'other distress',
  },
  discreetHardCategory: 'see the task',
  alertReasons: {
    'no-match': 'no counselor matches this request',
    widened: 'the match had to be widened',
    'no-accept': 'nobody has accepted yet',
    'assignment-refused': 'the assigned counselor cannot take it',
    urgent: 'someone may be in danger now',
    'urgent-unacknowledged': 'an urgent alert was not acknowledged by the on-call lead',
    'counselor-escalation': 'a counselor says this needs more than peer support',
    'handed-back': 'the counselor handed the request back',
    unconfirmed: 'no session time is confirmed yet',
    'missing-outcome': 'the counselor has not recorded the session outcome',
    'debrief-overdue': 'a debrief after a hard session is overdue',
    'out-of-scope': 'a counselor marked the request out of scope for peer support',
  },
  alertAckHint: ' Reply OK to acknowledge.',
  livedLine: 'Lived experience: {list}\n',
  smsReplyLine: '\nOr reply A{code} to our text message.',
  byPhone: 'phone',
  byEmail: 'email',
  byEither: 'phone or email',
  contactPhone: 'phone {phone}',
  contactEmail: 'email {email}',
  icsSummary: 'Peer support session',
  icsDescription: 'Your session page: {url}',
  dateLocale: 'en-GB',
  nobodyFlagged: 'Nobody is flagged today.',
};
