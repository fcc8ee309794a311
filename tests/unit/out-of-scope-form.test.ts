// The out-of-scope form of a session: a reason for the coordinator, trimmed, not empty, up to 1000 characters; a
// body of any shape reads as no reason, so it is a clear 400, never a 500.
import { readOutOfScopeForm } from '../../api/sessions/form';

const problem = 'Say briefly why (up to 1000 characters): it goes to the coordinator only.';

it('a reason: trimmed, up to 1000 characters', () => {
  expect(readOutOfScopeForm({ reason: ' Needs a psychiatrist ' })).toEqual({
    reason: 'Needs a psychiatrist',
    error: null,
  });
  expect(readOutOfScopeForm({ reason: 'x'.repeat(1000) }).error).toBeNull();
  expect(readOutOfScopeForm({ reason: 'x'.repeat(1001) })).toEqual({ reason: 'x'.repeat(1001), error: problem });
});

it('no reason, or one that is not text, is refused with the same message', () => {
  for (const body of [undefined, null, {}, [], 'reason=x', { reason: 7 }, { reason: ['a', 'b'] }, { reason: '  ' }])
    expect(readOutOfScopeForm(body)).toEqual({ reason: '', error: problem });
});
