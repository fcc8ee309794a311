// What a counselor's text message means: accept or decline an offer by its reply code, or a carrier keyword.
// Pure, so the grammar has a table-driven test of its own.

export type SmsReply =
  | { kind: 'accept'; code: number | null }
  | { kind: 'decline'; code: number | null }
  /** The winner confirms first contact: "C12" names the offer they won by its reply code. */
  | { kind: 'contacted'; code: number | null }
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'help' }
  /** Staff acknowledging an urgent alert. */
  | { kind: 'acknowledge' }
  | { kind: 'unknown' };

// The keywords carriers and Twilio act on. YES is also a carrier opt-in word, but the offer SMS asks for
// it as an accept, so it means accept here.
const STOP = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const START = new Set(['START', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);
const ACKNOWLEDGE = new Set(['OK', 'ACK', 'ON IT']);
const ACCEPT = new Set(['A', 'ACCEPT', 'YES', 'Y', 'ДА']);
const DECLINE = new Set(['D', 'DECLINE', 'NO', 'N', 'НЕТ']);
const CONTACTED = new Set(['C', 'CONTACT', 'CONTACTED']);

// A phone on a Cyrillic keyboard types А, Д and С for the A, D and C the (transliterated) Russian texts ask for.
const CYRILLIC_LETTER: Record<string, string> = { А: 'A', Д: 'D', С: 'C' };

const CODE_REPLY = /^(?:(\p{L}+) ?)?(\d{1,4})?$/u;

export function parseSmsReply(text: string): SmsReply {
  // Case, spacing and punctuation do not matter: "a-12.", " A 12 " and "A12" are the same reply.
  const words = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (STOP.has(words)) return { kind: 'stop' };
  if (START.has(words)) return { kind: 'start' };
  if (HELP.has(words)) return { kind: 'help' };
  if (ACKNOWLEDGE.has(words)) return { kind: 'acknowledge' };

  const m = CODE_REPLY.exec(words);
  if (!m || words === '') return { kind: 'unknown' };
  const [, rawWord, digits] = m;
  const word = rawWord && (CYRILLIC_LETTER[rawWord] ?? rawWord);
  const code = digits === undefined ? null : Number(digits);
  if (code === 0) return { kind: 'unknown' };
  // A bare number is an accept: the offer asks for "A12", and "12" can only mean that.
  if (word === undefined || ACCEPT.has(word)) return { kind: 'accept', code };
  if (DECLINE.has(word)) return { kind: 'decline', code };
  if (CONTACTED.has(word)) return { kind: 'contacted', code };
  return { kind: 'unknown' };
}
