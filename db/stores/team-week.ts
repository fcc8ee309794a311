// The team's week in SQL: Monday 00:00 in the workspace's time zone, as an instant. Capacity's match and the
// coverage forecast count "this week" with this one expression, so the forecast cannot disagree with dispatch.

/** SQL for the start of the team week that `at` (an SQL timestamptz) falls in, in `zone` (an SQL time zone name). */
export const teamWeekStartSql = (at: string, zone: string): string =>
  `date_trunc('week', ${at} at time zone ${zone}) at time zone ${zone}`;
