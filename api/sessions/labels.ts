// Labels of after-care values, for pages.
export const HARD_CATEGORY_OPTIONS: [string, string][] = [
  ['suicide-ideation', 'Active suicide ideation'],
  ['safeguarding', 'Safeguarding concern'],
  ['abuse-disclosure', 'Abuse disclosure'],
  ['other-distress', 'Other distress'],
];

export const TASK_KIND_LABELS: Record<string, string> = {
  debrief: 'Debrief',
  supervision: 'Supervision check-in',
  unconfirmed: 'No session time confirmed',
  'missing-outcome': 'Session outcome missing',
  'out-of-scope': 'Marked out of scope',
};
