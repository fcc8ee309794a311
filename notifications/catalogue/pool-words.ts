// The pool-health flags and coverage gaps in their reader's language: one place for the pool page and the daily
// digest (the domain says which wording and with which values; the catalogue holds the words).
import { HARD_CATEGORIES } from '../../domain/aftercare';
import { combinationText, type Closer, type CombinationLabels, type ForecastGap } from '../../domain/coverage-forecast';
import type { HealthFlag } from '../../domain/pool-health';
import type { Topic } from '../../domain/types';
import { labelsFor } from './catalogue';

const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));

/** One flag as a coordinator reads it. */
export function flagText(flag: HealthFlag, language: string): string {
  const l = labelsFor(language);
  const vars: Record<string, string | number> = { ...flag.vars };
  if (flag.load)
    vars.breakdown = HARD_CATEGORIES.filter((c) => flag.load![c] > 0)
      .map((c) => fill(l.hardLoadCounts[c], { n: flag.load![c] }))
      .join(', ');
  if (flag.topics) vars.topics = flag.topics.map((t) => l.topics[t as Topic] ?? t).join(', ');
  return fill(l.healthFlags[flag.wording], vars);
}

/** A local calendar day (YYYY-MM-DD) as a short date in the reader's language ("Mon 7 Dec"). */
export function dayText(day: string, language: string): string {
  return new Intl.DateTimeFormat(labelsFor(language).dateLocale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** One coverage gap as the digest words it: the combination, from when, how thin, and who could close it. */
export function gapText(g: ForecastGap, labels: CombinationLabels, language: string): string {
  const l = labelsFor(language);
  return fill(l.gapLine, {
    combination: combinationText(g.combination, labels, (tag) => fill(l.gapLived, { tag })),
    day: dayText(g.days[0], language),
    lowest: g.lowest,
    closers: g.closers.length ? g.closers.map((c) => closerText(c.closer, language)).join('; ') : l.gapNobodyFits,
  });
}

/** What would let one counselor close a gap, in the reader's language (the forecast page and the digest). */
export function closerText(c: Closer, language: string): string {
  const l = labelsFor(language);
  const steps: string[] = [];
  if (c.needsQualification) steps.push(l.closerSteps.qualification);
  if (c.needsProgramme) steps.push(l.closerSteps.programme);
  if (c.supervisedMissing)
    steps.push(
      c.supervisedMissing === 1
        ? l.closerSteps.supervisedOne
        : fill(l.closerSteps.supervisedMany, { n: c.supervisedMissing }),
    );
  return fill(l.gapClosers[c.wording], {
    name: c.name,
    who: c.who,
    steps: steps.join(l.closerSteps.and),
    ...(c.day ? { day: dayText(c.day, language) } : {}),
    ...(c.certification ? { certification: c.certification } : {}),
    ...(c.used !== undefined ? { used: c.used } : {}),
    ...(c.capacity !== undefined ? { capacity: c.capacity } : {}),
    ...(c.pausedFor ? { pausedFor: c.pausedFor } : {}),
  });
}
