// The request workflow's state and transitions (workflows/request-state.ts), driven without Temporal: who wins,
// what a late accept hears, what cancel may still undo, and what a new round forgets.
import { RequestState } from '../../workflows/request-state';

const T0 = 1_000_000;

function offeredTo(...ids: string[]): RequestState {
  const s = new RequestState(T0);
  s.status.phase = 'offering';
  s.matchedNow([], ids);
  s.markOffered('sms', s.recipientsFor('sms'), T0 + 10);
  return s;
}

it('the first accept wins; the winner hears won again, the others taken', () => {
  const s = offeredTo('a', 'b');
  expect(s.acceptAnswer('a')).toBe('win');
  s.beginWin('a', null, T0 + 20);
  expect(s.status).toMatchObject({ winner: 'a', phase: 'assigned', assignedAt: T0 + 20, firstOfferAt: T0 + 10 });
  expect(s.acceptAnswer('a')).toBe('won');
  expect(s.acceptAnswer('b')).toBe('taken');
  expect(s.isSettled()).toBe(true);
});

it('an accept from someone never offered, or excluded, is not-offered; after the end, expired', () => {
  const s = offeredTo('a');
  expect(s.acceptAnswer('z')).toBe('not-offered');
  s.exclude('a');
  expect(s.acceptAnswer('a')).toBe('not-offered');
  s.close(T0 + 30);
  expect(s.status.phase).toBe('unmatched');
  expect(s.acceptAnswer('a')).toBe('expired');
  expect(s.assignAnswer()).toBe('closed');
});

it('an assignment that could not be recorded opens the request again', () => {
  const s = offeredTo('a');
  s.beginWin('a', 'coord', T0 + 20);
  expect(s.assignAnswer()).toBe('already-assigned');
  s.undoWin();
  expect(s.status).toMatchObject({ winner: null, assignedBy: null, phase: 'offering', assignedAt: null });
  expect(s.acceptAnswer('a')).toBe('win');
});

it("cancel: open requests and a refusable assignment can be cancelled; a counselor's own win cannot", () => {
  const own = offeredTo('a');
  own.beginWin('a', null, T0);
  expect(own.cancel('requester')).toBe('already-assigned');

  const assigned = offeredTo('a');
  assigned.beginWin('a', 'coord', T0);
  expect(assigned.cancel('coordinator')).toBe('cancelled');
  expect(assigned.status.cancelledBy).toBe('coordinator');
  expect(assigned.cancel('requester')).toBe('cancelled');

  const final = offeredTo('a');
  final.beginWin('a', 'coord', T0);
  final.assignmentFinal = true;
  expect(final.cancel('coordinator')).toBe('already-assigned');

  const unmatched = offeredTo('a');
  unmatched.close(T0);
  expect(unmatched.cancel('coordinator')).toBe('closed');
});

it('declines count once and only from those offered; declined and reached counselors get no later wave', () => {
  const s = offeredTo('a', 'b', 'c');
  s.decline('a');
  s.decline('a');
  s.decline('z');
  expect(s.status.declined).toEqual(['a']);
  expect(s.recipientsFor('email')).toEqual(['b', 'c']);
  expect(s.recipientsFor('sms')).toEqual([]);
  expect(s.wantsEarlyEmail('b')).toBe(true);
  expect(s.wantsEarlyEmail('a')).toBe(false);
});

it('a skipped send is not an offer: a later wave tries them', () => {
  const s = offeredTo('a', 'b');
  s.markSkipped('sms', ['b']);
  expect(s.status.offered).toEqual(['a']);
  expect(s.recipientsFor('sms')).toEqual(['b']);
  expect(s.othersReached(null)).toEqual([{ counselorId: 'a', channel: 'sms' }]);
});

it('a refusal counts only for the assigned counselor; a new round forgets the offers and keeps the exclusion', () => {
  const s = offeredTo('a', 'b');
  s.beginWin('a', 'coord', T0);
  s.assignmentRecorded = true;
  s.refuseAssignment('b');
  expect(s.refusedBy).toBeNull();
  s.refuseAssignment('a');
  expect(s.refusedBy).toBe('a');
  s.extendHold(5000);
  s.exclude('a');
  s.startNewRound();
  expect(s.round).toBe(2);
  expect(s.status).toMatchObject({ winner: null, phase: 'offering', offered: [], excluded: ['a'], holdUntil: null });
  expect(s).toMatchObject({ refusedBy: null, assignmentRecorded: false, extraHoldMs: 0 });
  expect(s.recipientsFor('sms')).toEqual(['b']);
});

it('extending the hold moves its end only while the request is open', () => {
  const s = offeredTo('a');
  s.status.holdUntil = T0 + 1000;
  s.extendHold(500);
  s.extendHold(-5);
  expect(s.status.holdUntil).toBe(T0 + 1500);
  expect(s.extraHoldMs).toBe(500);
  s.beginWin('a', null, T0);
  s.extendHold(500);
  expect(s.status.holdUntil).toBe(T0 + 1500);
});
