// The texts of after-care messages (English). SMS stay short and GSM-7; nothing in them a stranger reading
// the phone should not see: no names of the other side, no topic, never the content of a note.

export const HARD_CATEGORY_LABELS: Record<string, string> = {
  'suicide-ideation': 'active suicide ideation',
  safeguarding: 'a safeguarding concern',
  'abuse-disclosure': 'an abuse disclosure',
  'other-distress': 'other distress',
};

export const aftercareText = {
  proposalSms: (url: string) => `Your peer counselor suggested times to talk. Choose one here: ${url}`,
  proposalEmail: (slots: string[], url: string) => ({
    subject: 'Times to talk with your peer counselor',
    text:
      `Your peer counselor suggested these times to talk:\n\n${slots.map((s) => `- ${s}`).join('\n')}\n\n` +
      `Choose the one that suits you here (or ask for other times):\n${url}\n\n` +
      'If you are in danger right now, please call your local emergency number.\n',
  }),
  confirmedSms: (slot: string, url: string) => `Session confirmed: ${slot}. Details and calendar file: ${url}`,
  confirmedEmail: (slot: string, url: string) => ({
    subject: 'Your peer support session is confirmed',
    text: `Your session is confirmed for ${slot}.\n\nThe calendar file is attached. To change the time:\n${url}\n`,
  }),
  counselorConfirmedSms: (slot: string, url: string) => `Session confirmed: ${slot}. ${url}`,
  counselorConfirmedEmail: (slot: string, url: string) => ({
    subject: 'Session confirmed',
    text: `The requester confirmed the session: ${slot}.\n\nThe calendar file is attached. Your session page:\n${url}\n`,
  }),
  rescheduleCounselorSms: (url: string) => `The requester asked for other times. Please propose new ones: ${url}`,
  rescheduleRequesterSms: (url: string) => `Your counselor will suggest new times soon. Your page: ${url}`,
  rescheduleEmail: (forCounselor: boolean, url: string) => ({
    subject: forCounselor ? 'Please propose new times' : 'New times are coming',
    text: forCounselor
      ? `The requester asked for other times. Please propose new ones here:\n${url}\n`
      : `Your counselor will suggest new times soon. Your page:\n${url}\n`,
  }),
  handedBackSms: (slot: string) =>
    `Your counselor can no longer meet you on ${slot}. That time is cancelled; we are finding you another counselor and will be in touch.`,
  handedBackEmail: (slot: string) => ({
    subject: 'Your session time is cancelled',
    text: `Your counselor can no longer meet you on ${slot}, so that time is cancelled (the attached calendar file removes it from your calendar).\n\nWe are finding you another counselor now and will be in touch soon.\n`,
  }),
  reminderSms: (slot: string, url: string) => `Reminder: peer support session ${slot}. ${url}`,
  reminderEmail: (slot: string, url: string) => ({
    subject: 'Reminder: your peer support session',
    text: `A reminder of your session: ${slot}.\n\n${url}\n`,
  }),
  outcomeSms: (nudge: boolean, url: string) =>
    `${nudge ? 'Reminder: ' : ''}How did the session go? Please record the outcome: ${url}`,
  outcomeEmail: (nudge: boolean, url: string) => ({
    subject: nudge ? 'Reminder: please record the session outcome' : 'How did the session go?',
    text: `Please record the outcome of your session (a minute on your phone):\n${url}\n`,
  }),
  outOfScopeSms: (alternatives: string) =>
    `Your counselor found that your request needs more support than peer support can give. ${alternatives}`.trim(),
  outOfScopeEmail: (alternatives: string) => ({
    subject: 'About your request for peer support',
    text:
      'Your counselor found that your request needs more support than peer support can give.\n\n' +
      (alternatives ? `${alternatives}\n\n` : '') +
      'If you are in danger right now, please call your local emergency number.\n',
  }),
  debriefSms: (name: string, phone: string, category: string, url: string) =>
    `Debrief needed now: ${name} (${phone}) had a hard session (${category}). Please call them. ${url}`,
  debriefEmail: (name: string, phone: string, email: string, category: string, url: string) => ({
    subject: `Debrief needed now: ${name}`,
    text:
      `${name} had a hard session (${category}) and needs a debrief now.\n\n` +
      `Call them: ${phone}\nEmail: ${email}\n\nNew offers to them are paused until the debrief is marked done:\n${url}\n`,
  }),
};
