// Only a parser's, the router's or PostgreSQL's input errors are the client's (4xx); any other error that
// happens to carry a 4xx status (a provider SDK's, an HTTP client's) is a logged 500, not a hidden "could not be read".
import { clientErrorOf } from '../../api/malformed-input';

/** What body-parser throws (through http-errors): a status and a type. */
const createError = (status: number, message: string, props: { type?: string } = {}) =>
  Object.assign(new Error(message), { status, statusCode: status, expose: true }, props);

it("maps the parsers', the router's and PostgreSQL's input errors to the client", () => {
  const tooMany = createError(413, 'too many parameters', { type: 'parameters.too.many' });
  expect(clientErrorOf(tooMany)).toMatchObject({ status: 413, message: 'Too many form fields' });
  const badJson = createError(400, 'Unexpected token', { type: 'entity.parse.failed' });
  expect(clientErrorOf(badJson)).toMatchObject({ status: 400, message: 'Body is not valid JSON' });
  const uri = Object.assign(new URIError("Failed to decode param '%ff'"), { status: 400 });
  expect(clientErrorOf(uri)?.status).toBe(400);
  expect(clientErrorOf(Object.assign(new Error('invalid byte sequence'), { code: '22021' }))?.status).toBe(400);
  // A body that says gzip and is not: body-parser passes zlib's error on with status 400.
  const notGzip = createError(400, 'incorrect header check', {});
  expect(clientErrorOf(Object.assign(notGzip, { code: 'Z_DATA_ERROR' }))).toMatchObject({ status: 400 });
});

it('leaves every other error with a 4xx status to the 500 handler, which logs it', () => {
  // Twilio's RestException: status 400, a numeric code; a bug of ours (a bad number we built), not the visitor's.
  const twilio = Object.assign(new Error("The 'To' number is not a valid phone number."), { status: 400, code: 21211 });
  expect(clientErrorOf(twilio)).toBeUndefined();
  expect(clientErrorOf(Object.assign(new Error('Not Found'), { statusCode: 404 }))).toBeUndefined();
  expect(clientErrorOf(createError(404, 'nope'))).toBeUndefined();
  expect(clientErrorOf(createError(400, 'unknown parser thing', { type: 'something.new' }))).toBeUndefined();
  expect(clientErrorOf(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeUndefined();
  expect(clientErrorOf('text')).toBeUndefined();
});
