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
  // Nobody on the team could ever take it (say, nobody speaks its language): told at once, not after the waits.
  'requester.nobody-can-take.sms': {
    body: 'We are sorry: nobody on our team can take your request. The team has been told and it stays open; if someone takes it, we will tell you. Other help: {alternatives}',
  },
  'requester.nobody-can-take.email': {
    subject: 'Nobody on our team can take your request',
    body:
      'We are sorry: nobody on our team can take your request (for example, nobody speaks your language or ' +
      'knows this topic), so we are telling you now rather than keeping you waiting.\n\n' +
      'Our coordinators have been told. Your request stays open: if they find a counselor after all, we will tell ' +
      'you at once; if not, we will write once more when it closes.\n\n' +
      'Other places that can help:\n{alternatives}\n\n' +
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
  // The alerts held in a coordinator's or lead's quiet hours, in one message when the hours end.
  'morning.sms': { body: 'Good morning. {count} dispatch alert(s) waited for your quiet hours to end: {url}' },
  'morning.email': {
    subject: '{count} dispatch alert(s) from your quiet hours',
    body: 'Good morning. These dispatch alerts waited for your quiet hours to end:\n\n{list}\nThe live board: {url}\n',
  },
  'oncall.reminder.sms': { body: 'Reminder: you are the on-call lead from {startsAt} until {endsAt}. Thank you.' },
  'oncall.reminder.email': {
    subject: 'You are on call from {startsAt}',
    body: 'A reminder: you are the on-call lead from {startsAt} until {endsAt}.\n\nYour upcoming shifts: {url}\n',
  },
  'rota.swap-taken.sms': {
    body: 'On-call swap: {taker} took the shift of {giver} from {startsAt} to {endsAt}. {url}',
  },
  'rota.swap-taken.email': {
    subject: 'On-call swap: {taker} took a shift of {giver}',
    body:
      '{taker} took the on-call shift {giver} offered, from {startsAt} to {endsAt}.\n\n' +
      'The rota is updated: alerts and the handover reminder go to {taker} for that shift.\n\nShift swaps: {url}\n',
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

  // Supervision check-ins (care for the carers): to the named supervisor, and to the coordinators when overdue.
  'supervision.due.sms': { body: 'A supervision check-in with {name} is due now. {url}' },
  'supervision.due.email': {
    subject: 'Supervision check-in due: {name}',
    body: 'A supervision check-in with {name} is due ({due}).\n\nMark it done when you have talked:\n{url}\n',
  },
  'supervision.asked.sms': { body: '{name} asks for a supervision check-in. {url}' },
  'supervision.asked.email': {
    subject: '{name} asks for a supervision check-in',
    body: '{name} has asked for a supervision check-in with you.\n\nMark it done when you have talked:\n{url}\n',
  },
  'supervision.cool-down.sms': {
    body: '{name} has had several hard sessions lately. Please check in with them. {url}',
  },
  'supervision.cool-down.email': {
    subject: 'Please check in with {name}',
    body:
      '{name} has had several hard sessions lately, so some offers to them are on hold for a while.\n\n' +
      'Please check in with them and mark the check-in done:\n{url}\n',
  },
  'supervision.overdue.sms': { body: 'A supervision check-in with {name} is overdue (due {due}). {url}' },
  'supervision.overdue.email': {
    subject: 'Supervision check-in overdue: {name}',
    body: 'The supervision check-in with {name} was due {due} and is not done yet.\n\n{url}\n',
  },
  // The silent winner: first contact after the win.
  'first-contact.reminder.sms': {
    body: 'Have you been in touch with the requester you took? Please confirm: {url}{codeLine}',
  },
  'first-contact.reminder.email': {
    subject: 'Have you been in touch with the requester?',
    body:
      'You took a request and we have not heard that you have been in touch yet.\n\n' +
      'Once you have made first contact, confirm it with one tap on your session page:\n{url}\n\n' +
      'If you cannot take it after all, you can hand it back there.\n',
  },
  'requester.contact-check.sms': {
    body: 'Has a peer counselor been in touch with you yet? Yes: {yes} No: {no}',
  },
  'requester.contact-check.email': {
    subject: 'Has a counselor been in touch?',
    body:
      'A peer counselor accepted your request. Has someone been in touch with you yet?\n\n' +
      'Yes: {yes}\nNo: {no}\n\nIf not, the team will make sure someone does.\n\n' +
      'If you are in danger right now, please call your local emergency number.\n',
  },
  'released.sms': {
    body: 'A coordinator passed the request you took ({topic}, {language}) to another counselor. No action needed.',
  },
  'released.email': {
    subject: 'A request was passed to another counselor',
    body:
      'A coordinator has passed the request you took ({topic}, {language}) back to dispatch, so another counselor ' +
      'can make contact. No action is needed from you. Thank you.\n',
  },
  'reply.contacted': { body: 'Thank you: first contact noted.' },
  'reply.contact-unknown': {
    body: 'We found no request of yours waiting for first contact with that number. Reply C and the number from your reminder, e.g. C12.',
  },

  // The pool, private messages, accounts.
  'message.notice.sms': { body: 'You have a new message on Peer Dispatch: {url}' },
  'message.notice.email': {
    subject: 'You have a new message',
    body: 'You have a new private message on Peer Dispatch. Sign in to read it:\n{url}\n',
  },
  'team-channel.notice.sms': { body: 'New in your team channel on Peer Dispatch: {url}' },
  'team-channel.notice.email': {
    subject: 'New in your team channel',
    body: 'There is something new in your team channel on Peer Dispatch. Sign in to read it:\n{url}\n',
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
      'Counselors flagged: {flagged}\n{flaggedList}\n\n{forecast}\n\nThe pool: {url}',
  },
  'password-reset.email': {
    subject: 'Set a new password',
    body:
      'Someone (we hope you) asked to set a new password for your Peer Dispatch account.\n\n' +
      'Open this link within 1 hour to choose one: {url}\n\n' +
      'If it was not you, ignore this email: your password stays as it is.',
  },
  'sign-in-failures.email': {
    subject: 'Failed sign-ins to your Peer Dispatch account',
    body:
      'There have been {failures} or more sign-ins with a wrong password to your account today.\n\n' +
      'If it was you, nothing is needed. Your account is not locked: you can sign in as usual, and a browser you ' +
      'signed in with before is not slowed down.\n\n' +
      'If it was not you, someone may be guessing: make sure your password is long and used nowhere else ' +
      '(change it after signing in, under Sign out > Change your password).',
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
    'requester-not-contacted': 'the requester says no counselor has been in touch',
    'first-contact-missing': 'the counselor who accepted has not confirmed first contact',
  },
  alertAckHint: ' Reply OK to acknowledge.',
  contactCodeLine: ' Or reply C{code}.',
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
  healthFlags: {
    'gone-quiet': 'gone quiet: no accepts for {days} days',
    'gone-quiet-since-joining': 'gone quiet: no accepts since joining {days} days ago',
    'fewer-than-usual': 'fewer sessions than usual: {lastWeek} in the last 7 days, usually {usual} a week',
    'overcommitting-capacity': 'overcommitting: {thisWeek} sessions this week, capacity {capacity}',
    'overcommitting-usual':
      'overcommitting: {lastWeek} sessions in the last 7 days, more than twice their usual {usual}',
    'no-responses': 'no answer to their last {offers} offers',
    'slow-responses': 'slow to answer offers: {minutes} min at the median',
    'hard-load': 'hard sessions: {total} in {days} days ({breakdown})',
    'cooling-down': 'cooling down until {until}: no offers about {topics}',
    'certification-expired': 'certification expired: {name} ({day})',
    'certification-expiring': 'certification expiring: {name} on {day}',
    'no-verified-phone': 'unreachable by SMS: no verified phone',
    'sms-stopped': 'unreachable by SMS: they texted STOP',
    'email-bouncing': 'email bouncing: the last emails failed',
    'no-channel': 'unreachable: no channel works',
  },
  hardLoadCounts: {
    'suicide-ideation': '{n} active suicide ideation',
    safeguarding: '{n} safeguarding concern',
    'abuse-disclosure': '{n} abuse disclosure',
    'other-distress': '{n} other distress',
  },
  gapLine: '- {combination}: from {day}, as few as {lowest}. {closers}',
  gapNobodyFits: 'nobody in the pool fits',
  gapLived: 'lived experience: {tag}',
  gapClosers: {
    training: '{name} needs {steps} to go live',
    'certification-expired': "renew {who}'s {certification} certification (expired {day})",
    'certification-last-day': "renew {who}'s {certification} certification (last valid day {day})",
    away: '{name} is back on {day}',
    paused: '{name} is paused ({pausedFor}) until the pause is lifted',
    'gone-quiet': '{name} has gone quiet: a word with {who} may help',
    'capacity-none': '{name} takes no sessions (capacity 0 a week)',
    'capacity-full': '{name} is at capacity ({used}/{capacity}) until {day}',
  },
  closerSteps: {
    qualification: 'their formal qualification recorded',
    programme: 'programme training',
    supervisedOne: 'one more supervised session',
    supervisedMany: '{n} more supervised sessions',
    and: ' and ',
  },
  forecastOpening: 'Coverage gaps opening in the next 14 days ({url}):',
  forecastNoGap: 'No coverage gap opens in the next 14 days.',
  reachOutLink: 'write to them: {url}',
  reachedOut: '{name} reached out on {day}',
  reachOutOpenings: {
    'gone-quiet':
      "Hi {name}, it's been a little while since we heard from you, and I wanted to check in. How are you doing? " +
      "There's no pressure to take requests; I'd just like to know how you are.",
    'fewer-than-usual':
      "Hi {name}, I noticed you've taken fewer sessions lately, which is completely fine. " +
      'I wanted to ask how you are doing, and whether anything would make things easier.',
    overcommitting:
      "Hi {name}, thank you for everything you've taken on lately. It has been a lot of sessions, and I wanted to " +
      'check how you are. A lighter week is absolutely fine; shall we talk about it?',
    'no-responses':
      'Hi {name}, the last few requests went unanswered, and I wanted to check that all is well, with you and with ' +
      'the messages reaching you. How are you?',
    'slow-responses':
      'Hi {name}, just checking in: do the request messages reach you at a good time? If another channel or quiet ' +
      'hours would suit you better, we can change that. How are you doing?',
    'certification-expiring':
      'Hi {name}, a friendly note: one of your certifications is due for renewal. Is there anything I can do to ' +
      'help you renew it? And how are you doing?',
    default:
      "Hi {name}, our messages don't seem to reach you at the moment. Could you check your contact details when " +
      'you have a minute? And how are you doing?',
  },
};
