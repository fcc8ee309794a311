// The after-care's state and transitions (workflows/aftercare-state.ts), driven without Temporal: what each
// side may do in each phase, what a stale link hears, and what a new session forgets.
import { AftercareState, checkOutcome, checkSlots } from '../../workflows/aftercare-state';
import { RequestState } from '../../workflows/request-state';

const NOW = 1_000_000;
const slot = (h: number) => ({ start: NOW + h * 3_600_000, end: NOW + (h + 1) * 3_600_000 });

function scheduling(sessionId = 's1'): AftercareState {
  const request = new RequestState(0);
  const st = new AftercareState(request.status);
  st.begin(sessionId);
  request.status.phase = 'scheduling';
  return st;
}

it('a proposal numbers itself and waits for the loop; a confirm must name it', () => {
  const st = scheduling();
  expect(st.schedulingMoved()).toBe(false);
  expect(st.propose('s1', [slot(2), slot(3)])).toBe('proposed');
  expect(st.pendingProposal).toEqual([slot(2), slot(3)]);
  expect(st.schedulingMoved()).toBe(true);
  expect(st.propose('s1', [slot(4)])).toBe('proposed');
  expect(st.status.aftercare?.proposal).toBe(2);

  expect(st.confirm('s1', 1, 0, NOW)).toBe('stale');
  expect(st.confirm('s1', 2, 5, NOW)).toBe('stale');
  expect(st.confirm('s1', 2, 0, NOW)).toBe('confirmed');
  expect(st.status.aftercare?.confirmed).toEqual(slot(4));
  st.status.phase = 'scheduled';
  expect(st.confirm('s1', 2, 0, NOW)).toBe('already-confirmed');
});

it('a time already begun cannot be confirmed; another session is not this one', () => {
  const st = scheduling();
  st.propose('s1', [slot(1)]);
  expect(st.confirm('s1', 1, 0, slot(1).start)).toBe('stale');
  expect(st.confirm('other', 1, 0, NOW)).toBe('not-scheduling');
  expect(st.propose('other', [slot(1)])).toBe('not-scheduling');
});

it('while scheduling only the requester may reschedule, and only once times were proposed', () => {
  const st = scheduling();
  expect(st.reschedule('s1', 'requester')).toBe('not-possible');
  st.propose('s1', [slot(1)]);
  expect(st.reschedule('s1', 'counselor')).toBe('not-possible');
  expect(st.reschedule('s1', 'requester')).toBe('rescheduling');
  expect(st.interrupted()).toBe(true);
  expect(st.reschedule('s1', 'requester')).toBe('not-possible');
});

it('out of scope closes the door on a hand-back, and a hand-back on out of scope', () => {
  const a = scheduling();
  expect(a.markOutOfScope('s1')).toBe('marked');
  expect(a.handBack('s1')).toBe('not-possible');
  expect(a.markOutOfScope('s1')).toBe('not-possible');

  const b = scheduling();
  expect(b.handBack('s1')).toBe('handed-back');
  expect(b.markOutOfScope('s1')).toBe('not-possible');
  expect(b.reschedule('s1', 'requester')).toBe('not-possible');
});

it('an outcome is taken once, only in after-care; only a held session can be hard', () => {
  const st = scheduling();
  expect(st.recordOutcome('s1', 'held', true, 'other-distress')).toBe('not-expected');
  st.status.phase = 'after-care';
  expect(st.recordOutcome('s1', 'no-show', true, 'other-distress')).toBe('recorded');
  expect(st.outcome).toEqual({ outcome: 'no-show', hard: false, category: null });
  expect(st.recordOutcome('s1', 'held', true, 'other-distress')).toBe('not-expected');
});

it('a debrief reported done before its task id is known still counts once the id arrives', () => {
  const st = scheduling();
  st.debriefDone('task-9');
  expect(st.isDebriefDone()).toBe(false);
  if (st.status.aftercare) st.status.aftercare.debriefTaskId = 'task-9';
  expect(st.isDebriefDone()).toBe(true);
});

it('a new session forgets what the last one was waiting for', () => {
  const st = scheduling();
  st.propose('s1', [slot(1)]);
  st.handBack('s1');
  const a = st.begin('s2');
  expect(a).toMatchObject({ sessionId: 's2', proposal: 0, proposed: [], confirmed: null });
  expect({ pending: st.pendingProposal, handedBack: st.handedBack, moved: st.schedulingMoved() }).toEqual({
    pending: null,
    handedBack: false,
    moved: false,
  });
});

it('the validators refuse malformed slots and outcomes with a readable reason', () => {
  expect(() => checkSlots([])).toThrow('one to 3 slots');
  expect(() => checkSlots([{ start: 2, end: 1 }])).toThrow('each slot needs a start before its end');
  expect(() => checkSlots([slot(1)])).not.toThrow();
  expect(() => checkOutcome('gone', false, null)).toThrow('outcome: held, no-show or rescheduled');
  expect(() => checkOutcome('held', 'yes', null)).toThrow('hard: true or false');
  expect(() => checkOutcome('held', true, null)).toThrow('a hard session needs its category');
});
