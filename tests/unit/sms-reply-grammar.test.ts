import { parseSmsReply, type SmsReply } from '../../domain/sms-reply-grammar';

const accept = (code: number | null): SmsReply => ({ kind: 'accept', code });
const decline = (code: number | null): SmsReply => ({ kind: 'decline', code });

describe('the SMS reply grammar', () => {
  it.each<[string, SmsReply]>([
    // Accept by code, case, spacing and punctuation tolerant.
    ['A12', accept(12)],
    ['a12', accept(12)],
    ['a 12', accept(12)],
    ['  A   12  ', accept(12)],
    ['A-12.', accept(12)],
    ['A12!', accept(12)],
    ['12', accept(12)],
    [' 7 ', accept(7)],
    ['#3', accept(3)],
    ['A012', accept(12)],
    ['YES 12', accept(12)],
    ['yes12', accept(12)],
    ['Yes, 4', accept(4)],
    ['accept 2', accept(2)],
    ['Y 2', accept(2)],
    // Cyrillic keyboards: А (looks like A) and Д (the D of the Russian offer), ДА for yes.
    ['А12', accept(12)],
    ['да 3', accept(3)],
    ['Д12', decline(12)],
    ['нет 5', decline(5)],
    // Bare accept: the one open offer, or a list of codes.
    ['A', accept(null)],
    ['a', accept(null)],
    ['YES', accept(null)],
    ['yes.', accept(null)],
    // Decline.
    ['D12', decline(12)],
    ['d 12', decline(12)],
    ['NO 12', decline(12)],
    ['no12', decline(12)],
    ['decline 1', decline(1)],
    ['D', decline(null)],
    ['No', decline(null)],
    // First contact confirmed by the winner: C and the reply code of the offer they won.
    ['C12', { kind: 'contacted', code: 12 }],
    ['c 12', { kind: 'contacted', code: 12 }],
    ['CONTACTED 12', { kind: 'contacted', code: 12 }],
    ['contact 3', { kind: 'contacted', code: 3 }],
    ['С12', { kind: 'contacted', code: 12 }],
    ['C', { kind: 'contacted', code: null }],
    // Carrier keywords and their synonyms.
    ['STOP', { kind: 'stop' }],
    ['stop', { kind: 'stop' }],
    [' Stop. ', { kind: 'stop' }],
    ['STOPALL', { kind: 'stop' }],
    ['unsubscribe', { kind: 'stop' }],
    ['CANCEL', { kind: 'stop' }],
    ['end', { kind: 'stop' }],
    ['Quit', { kind: 'stop' }],
    ['START', { kind: 'start' }],
    ['start', { kind: 'start' }],
    ['UNSTOP', { kind: 'start' }],
    ['HELP', { kind: 'help' }],
    ['help?', { kind: 'help' }],
    ['INFO', { kind: 'help' }],
    ['OK', { kind: 'acknowledge' }],
    ['ok!', { kind: 'acknowledge' }],
    ['ACK', { kind: 'acknowledge' }],
    ['on it', { kind: 'acknowledge' }],
    // Anything else.
    ['', { kind: 'unknown' }],
    ['   ', { kind: 'unknown' }],
    ['hello', { kind: 'unknown' }],
    ['A0', { kind: 'unknown' }],
    ['0', { kind: 'unknown' }],
    ['A12345', { kind: 'unknown' }],
    ['A1 A2', { kind: 'unknown' }],
    ['12 A', { kind: 'unknown' }],
    ['B12', { kind: 'unknown' }],
    ['stop please', { kind: 'unknown' }],
    ['I can take it', { kind: 'unknown' }],
    ['😀', { kind: 'unknown' }],
  ])('reads %j as %j', (text, expected) => {
    expect(parseSmsReply(text)).toEqual(expected);
  });
});
