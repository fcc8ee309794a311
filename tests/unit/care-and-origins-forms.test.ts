// Two one-field forms: the care section's supervisor (an id or none) and the intake websites textarea. A body of
// any shape reads as none / no origins (then the store or the rules answer), never a 500.
import { readSupervisorForm } from '../../api/care/form';
import { parseOrigins, readOriginsForm } from '../../api/settings/intake-origins-form';

const odd = [undefined, null, {}, [], 'x=1', 42];

it('the supervisor: an id trimmed, blank or not text for none', () => {
  expect(readSupervisorForm({ supervisorId: ' u-1 ' })).toEqual({ supervisorId: 'u-1' });
  for (const body of [...odd, { supervisorId: '  ' }, { supervisorId: ['u-1', 'u-2'] }, { supervisorId: 7 }])
    expect(readSupervisorForm(body)).toEqual({ supervisorId: null });
});

it('the intake websites: the textarea as sent, not text for none', () => {
  const text = ' https://help.example.org\r\nhttps://b.example.org/ ';
  expect(readOriginsForm({ origins: text })).toEqual({ origins: text });
  expect(parseOrigins(readOriginsForm({ origins: text }).origins)).toEqual({
    ok: true,
    origins: ['https://help.example.org', 'https://b.example.org'],
  });
  for (const body of [...odd, { origins: ['https://a.example.org'] }, { origins: {} }])
    expect(readOriginsForm(body)).toEqual({ origins: '' });
});
