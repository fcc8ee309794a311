// The one-field message forms: a private thread's message, the team channel's post or reply, the supervision
// check-in. Trimmed text, not empty, up to 4000 characters (the channel holds no contact details either); a body
// of any shape reads as an empty message, so it is a clear 400, never a 500.
import { readMessageForm } from '../../api/messages/form';
import { readPostForm } from '../../api/team-channel/form';
import { readCheckInForm } from '../../api/tasks/form';

const odd = [
  undefined,
  null,
  {},
  [],
  'body=x',
  42,
  { body: 42 },
  { body: ['a', 'b'] },
  { body: { x: 1 } },
  { body: '   ' },
];

it('a thread message: trimmed, not empty, under 4000 characters', () => {
  expect(readMessageForm({ body: '  Hello  ' })).toEqual({ body: 'Hello', errors: {} });
  expect(readMessageForm({ body: 'x'.repeat(4000) }).errors).toEqual({});
  expect(readMessageForm({ body: 'x'.repeat(4001) })).toEqual({
    body: 'x'.repeat(4001),
    errors: { body: 'Keep it under 4000 characters' },
  });
  for (const body of odd)
    expect(readMessageForm(body)).toEqual({ body: '', errors: { body: 'Write a message first' } });
});

it('a channel post: trimmed, not empty, under 4000 characters, no email address or phone number', () => {
  expect(readPostForm({ body: ' Team meeting at 5 ' })).toEqual({ body: 'Team meeting at 5', error: null });
  expect(readPostForm({ body: 'x'.repeat(4000) }).error).toBeNull();
  expect(readPostForm({ body: 'x'.repeat(4001) }).error).toBe('Keep it under 4000 characters');
  expect(readPostForm({ body: 'write to someone@example.org' }).error).toMatch(/^Take out the email address or phone/);
  expect(readPostForm({ body: 'call +372 5123 4567' }).error).toMatch(/^Take out the email address or phone/);
  for (const body of odd) expect(readPostForm(body)).toEqual({ body: '', error: 'Write something first' });
});

it('a check-in: trimmed, not empty, up to 4000 characters', () => {
  expect(readCheckInForm({ body: ' How are you? ' })).toEqual({ body: 'How are you?', error: null });
  expect(readCheckInForm({ body: 'x'.repeat(4000) }).error).toBeNull();
  const problem = 'Write the message (up to 4000 characters)';
  expect(readCheckInForm({ body: 'x'.repeat(4001) }).error).toBe(problem);
  for (const body of odd) expect(readCheckInForm(body)).toEqual({ body: '', error: problem });
});
