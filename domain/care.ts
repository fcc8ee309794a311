// Care for the carers, as pure rules: how many hard sessions a counselor carried lately and of which kind,
// when the team's cool-down starts, and which request topics a cool-down holds back. The activities, the
// pool pages and the pool-health flags all read these.
import { HARD_CATEGORIES, HARD_CATEGORY_LABELS, type HardCategory } from './aftercare';
import type { Topic } from './types';

const DAY = 86_400_000;
/** The window the profile and pool health count hard sessions over. */
export const HARD_LOAD_DAYS = 30;

/**
 * The request topics a hard session of each category is about: a cool-down after them holds offers of these
 * topics only, so the counselor still gets grief or general requests. "Other distress" names no topic of its
 * own, so it holds the heavy ones (the topics a lock screen keeps discreet).
 */
export const HARD_CATEGORY_TOPICS: Record<HardCategory, Topic[]> = {
  'suicide-ideation': ['suicide-safety'],
  safeguarding: ['suicide-safety', 'trauma'],
  'abuse-disclosure': ['trauma'],
  'other-distress': ['suicide-safety', 'trauma', 'addiction'],
};

export interface HardSession {
  /** When the session was held (its slot's end). */
  at: Date;
  category: HardCategory;
}

/** Hard sessions per category since `now - days`, every category present (0 when none), in the list's order. */
export function hardLoad(sessions: HardSession[], now: Date, days = HARD_LOAD_DAYS): Record<HardCategory, number> {
  const from = now.getTime() - days * DAY;
  const counts = Object.fromEntries(HARD_CATEGORIES.map((c) => [c, 0])) as Record<HardCategory, number>;
  for (const s of sessions) if (s.at.getTime() > from && s.at.getTime() <= now.getTime()) counts[s.category] += 1;
  return counts;
}

/** "2 active suicide ideation, 1 safeguarding concern"; empty when there were none. */
export function hardLoadText(counts: Record<HardCategory, number>): string {
  return HARD_CATEGORIES.filter((c) => counts[c] > 0)
    .map((c) => `${counts[c]} ${HARD_CATEGORY_LABELS[c].toLowerCase()}`)
    .join(', ');
}

/** The team's cool-down rule: after `after` hard sessions within `withinMs`, hold for `holdMs`. Off when after is 0. */
export interface CoolDownRule {
  after: number;
  withinMs: number;
  holdMs: number;
  /** Topics held as well as the categories' (the policy's coolDownAlsoHolds: the team's own words among them). */
  alsoHolds?: string[];
}

export interface CoolDownDecision {
  categories: HardCategory[];
  /** Built-in topics and the team's own specialism codes. */
  topics: string[];
  until: Date;
}

/** The policy's extra cool-down topics that are not in the team's vocabulary (its topic codes), one problem each. */
export function unknownCoolDownTopics(alsoHolds: string[] | undefined, vocabulary: string[]): string[] {
  return (alsoHolds ?? [])
    .filter((t) => !vocabulary.includes(t))
    .map((t) => `coolDownAlsoHolds: "${t}" is not a topic of this team`);
}

/**
 * Whether the hard sessions (the one just recorded among them) start a cool-down now, and what it holds: the
 * categories of the hard sessions inside the window, and their topics. Null when the rule is off or not met.
 */
export function coolDownFor(sessions: HardSession[], rule: CoolDownRule, now: Date): CoolDownDecision | null {
  if (rule.after <= 0) return null;
  const from = now.getTime() - rule.withinMs;
  const recent = sessions.filter((s) => s.at.getTime() > from && s.at.getTime() <= now.getTime());
  if (recent.length < rule.after) return null;
  const categories = HARD_CATEGORIES.filter((c) => recent.some((s) => s.category === c));
  const topics = [
    ...new Set<string>([...categories.flatMap((c) => HARD_CATEGORY_TOPICS[c]), ...(rule.alsoHolds ?? [])]),
  ];
  return { categories, topics, until: new Date(now.getTime() + rule.holdMs) };
}
