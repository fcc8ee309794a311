// The onboarding forms: the invited person's sign-up and the counselor's phone page. One message per field, the
// same as the pages have always said; a body of any shape (JSON may send anything) is a form with problems, never
// a 500; a counselor gives a profile, staff who do not counsel do not.
import {
  checkPhoneCodeForm,
  checkPhoneForm,
  checkSignUpForm,
  type SignUpContext,
} from '../../api/pool/onboarding-form';

const vocabulary = {
  specialisms: { anxiety: 'Anxiety', grief: 'Grief' },
  livedExperience: { caregiving: 'Caregiving' },
};
const counselor: SignUpContext = { email: 'zorblatt.quenx@example.org', country: 'EE', counsels: true, vocabulary };
const staff: SignUpContext = { ...counselor, counsels: false };
const pass = 'a long and unusual passphrase';
const good = {
  name: ' Mari Tamm ',
  phone: '+372 5123 4567',
  password: pass,
  password2: pass,
  languages: 'et, en',
  specialisms: ['anxiety'],
  livedExperience: 'caregiving',
};
const phoneMessage = 'Enter your mobile number with its country code, like +372 5123 4567, or as dialled in Estonia.';

it('sign-up: a good form gives the values, the number in E.164 and the language codes', () => {
  const r = checkSignUpForm(good, counselor);
  expect(r.errors).toEqual({});
  expect(r.values).toEqual({
    name: 'Mari Tamm',
    phone: '+372 5123 4567',
    languages: 'et, en',
    specialisms: ['anxiety'],
    livedExperience: ['caregiving'],
  });
  expect(r.password).toBe(pass);
  expect(r.phone).toBe('+37251234567');
  expect(r.languages).toEqual(['et', 'en']);
});

it('sign-up: every field its own message', () => {
  const r = checkSignUpForm(
    { name: 'x'.repeat(101), phone: '12', password: 'short', languages: 'klingonese', specialisms: ['bogus'] },
    counselor,
  );
  expect(r.errors).toEqual({
    name: 'Enter your name (up to 100 characters).',
    password: 'Use at least 12 characters.',
    phone: phoneMessage,
    languages: expect.stringMatching(/"klingonese" is not a language code/),
    specialisms: 'Choose from the list.',
  });
  expect(checkSignUpForm({ ...good, specialisms: [], livedExperience: ['bogus'] }, counselor).errors).toEqual({
    specialisms: 'Choose at least one specialism.',
    livedExperience: 'Choose from the list.',
  });
});

it("sign-up: the password is checked first, then the copy; the account's own words are refused", () => {
  expect(checkSignUpForm({ ...good, password2: `${pass}!` }, counselor).errors).toEqual({
    password2: 'The two passwords differ.',
  });
  expect(checkSignUpForm({ ...good, password: 'short', password2: 'other' }, counselor).errors).toEqual({
    password: 'Use at least 12 characters.',
  });
  const own = { ...good, password: 'zorblattquenx', password2: 'zorblattquenx' };
  expect(checkSignUpForm(own, counselor).errors.password).toMatch(/too easy to guess/);
  // Never trimmed: a space may be part of a password.
  expect(checkSignUpForm({ ...good, password: ` ${pass}`, password2: ` ${pass}` }, counselor).password).toBe(
    ` ${pass}`,
  );
});

it('sign-up: staff who do not counsel give no profile', () => {
  const r = checkSignUpForm({ ...good, languages: '', specialisms: [], livedExperience: ['bogus'] }, staff);
  expect(r.errors).toEqual({});
});

it('sign-up: a body of any shape is a form with problems; non-text fields read as empty', () => {
  const all = ['name', 'password', 'phone', 'languages', 'specialisms'];
  for (const body of [undefined, null, {}, [], 'name=x', 42])
    expect(Object.keys(checkSignUpForm(body, counselor).errors)).toEqual(all);
  const odd = checkSignUpForm(
    {
      name: ['a', 'b'],
      phone: 372,
      password: [pass, pass],
      password2: pass,
      languages: { et: 1 },
      specialisms: [1, 'anxiety'],
    },
    counselor,
  );
  expect(odd.values).toEqual({ name: '', phone: '', languages: '', specialisms: ['anxiety'], livedExperience: [] });
  expect(Object.keys(odd.errors)).toEqual(['name', 'password', 'phone', 'languages']);
  // A good password with a copy that is not text differs from it.
  expect(checkSignUpForm({ ...good, password2: [pass] }, counselor).errors).toEqual({
    password2: 'The two passwords differ.',
  });
});

it('phone page: a number in E.164 when it reads as a mobile number, else its message', () => {
  expect(checkPhoneForm({ phone: ' 5123 4567 ' }, 'EE')).toEqual({
    values: { phone: '5123 4567' },
    phone: '+37251234567',
    errors: {},
  });
  for (const body of [
    undefined,
    {},
    [],
    { phone: ['+37251234567', '+37251234568'] },
    { phone: 37251234567 },
    { phone: 'x'.repeat(41) },
  ])
    expect(checkPhoneForm(body, 'EE').errors).toEqual({ phone: phoneMessage });
  expect(checkPhoneForm({ phone: '12' }, undefined).errors).toEqual({
    phone: 'Enter your mobile number with its country code, like +372 5123 4567.',
  });
});

it("phone page: the code is the SMS's six digits, spaces around them dropped", () => {
  expect(checkPhoneCodeForm({ code: ' 123456 ' })).toEqual({ code: '123456', errors: {} });
  for (const body of [
    undefined,
    {},
    [],
    { code: 123456 },
    { code: ['123456'] },
    { code: '12345' },
    { code: '123 456' },
    { code: '1234567' },
  ])
    expect(checkPhoneCodeForm(body).errors).toEqual({ code: 'Enter the 6 digits from the SMS.' });
});
