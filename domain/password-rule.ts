// The one rule for a new password: at least 12 characters, and not guessable from the lists of common and
// leaked passwords that zxcvbn-ts ships (its dictionaries are in the package: nothing is fetched at run time).
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;
/** zxcvbn's 0..4; 3 is "safely unguessable" (about 10^8 guesses and more). */
const MIN_SCORE = 3;

let zxcvbn: ZxcvbnFactory | undefined;
const checker = () => (zxcvbn ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs }));

/**
 * Why this password may not be used, or undefined when it may. `personal`: words of this account (email, name,
 * team) that must not carry the password.
 */
export function passwordProblem(password: string, personal: string[] = []): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const words = personal.flatMap((p) => p.toLowerCase().split(/[^a-z0-9]+/)).filter((w) => w.length >= 3);
  const result = checker().check(password, words);
  if (result.score < MIN_SCORE)
    return 'That password is too easy to guess: it is built from common passwords, words or patterns. Try a few unrelated words.';
  return undefined;
}
