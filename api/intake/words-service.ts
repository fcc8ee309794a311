// The words a request may ask for, in one page language: the built-in topics and lived experience (translated in
// api/i18n) and the workspace's own (workspace_vocabulary, a label per language, the English one as the fallback).
import { LIVED_EXPERIENCE_LABELS, TOPIC_LABELS, teamWordLabel, type TeamWord } from '../../domain/vocabulary';
import { translator } from '../i18n';
import type { IntakeVocabulary } from './form';

/** [code, label] pairs in the order the form shows them: the built-in words first, then the team's. */
export interface IntakeWords {
  specialisms: [string, string][];
  livedExperience: [string, string][];
}

export function intakeWords(teamWords: TeamWord[], lang: string): IntakeWords {
  const t = translator(lang);
  const own = (kind: TeamWord['kind']) =>
    teamWords.filter((w) => w.kind === kind).map((w): [string, string] => [w.code, teamWordLabel(w, lang)]);
  return {
    specialisms: [
      ...Object.keys(TOPIC_LABELS).map((code): [string, string] => [code, t(`topic.${code}`)]),
      ...own('specialism'),
    ],
    livedExperience: [
      ...Object.keys(LIVED_EXPERIENCE_LABELS).map((code): [string, string] => [code, t(`lived.${code}`)]),
      ...own('lived-experience'),
    ],
  };
}

/** The codes the intake accepts: what the form offers, whatever the page language. */
export const intakeVocabulary = (words: IntakeWords): IntakeVocabulary => ({
  specialisms: words.specialisms.map(([code]) => code),
  livedExperience: words.livedExperience.map(([code]) => code),
});
