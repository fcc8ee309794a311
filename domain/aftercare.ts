// The after-care vocabulary, declared once: session outcomes, what makes a session hard, and the kinds of
// after-care task, each with the words pages show. The database's CHECK constraints, the workflow's
// definitions, the forms and the pages all take their lists from here.

export const SESSION_OUTCOMES = ['held', 'no-show', 'rescheduled'] as const;
export type SessionOutcome = (typeof SESSION_OUTCOMES)[number];

export const HARD_CATEGORIES = ['suicide-ideation', 'safeguarding', 'abuse-disclosure', 'other-distress'] as const;
export type HardCategory = (typeof HARD_CATEGORIES)[number];

export const HARD_CATEGORY_LABELS: Record<HardCategory, string> = {
  'suicide-ideation': 'Active suicide ideation',
  safeguarding: 'Safeguarding concern',
  'abuse-disclosure': 'Abuse disclosure',
  'other-distress': 'Other distress',
};

export const TASK_KINDS = ['debrief', 'supervision', 'unconfirmed', 'missing-outcome', 'out-of-scope'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  debrief: 'Debrief',
  supervision: 'Supervision check-in',
  unconfirmed: 'No session time confirmed',
  'missing-outcome': 'Session outcome missing',
  'out-of-scope': 'Marked out of scope',
};
