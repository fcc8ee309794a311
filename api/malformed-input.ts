// Malformed requests get a 400/413/415 with a plain message and never reach a route, a store or PostgreSQL:
// bad percent-encoding anywhere in the URL, NUL and other control bytes in the URL or the body (PostgreSQL cannot
// store NUL in text and answers with an error that used to become a 500).
import type { RequestHandler } from 'express';
import { BadRequest, HttpError } from './errors';

// C0 controls except tab, newline and carriage return, which a textarea may legitimately send.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const MAX_DEPTH = 20;

function decodeOrNull(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** First in the chain: the path and the query string, as sent. */
export const rejectMalformedUrl: RequestHandler = (req, _res, next) => {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const decodedPath = decodeOrNull(path);
  if (decodedPath === null) return next(new BadRequest('This address is not valid: it has a malformed %-escape'));
  if (CONTROL.test(decodedPath)) return next(new BadRequest('This address is not valid: it has control characters'));
  for (const part of query.split('&')) {
    const decoded = decodeOrNull(part.replace(/\+/g, ' '));
    if (decoded === null) return next(new BadRequest('The query string has a malformed %-escape'));
    if (/\u0000/.test(decoded)) return next(new BadRequest('The query string has a NUL byte'));
  }
  next();
};

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || hasNul(v, depth + 1)) return true;
  return false;
}

/** After the body parsers: text PostgreSQL would refuse is refused here, before anything is written. */
export const rejectNulInBody: RequestHandler = (req, _res, next) => {
  if (hasNul(req.body)) return next(new BadRequest('The request has a NUL byte in a field'));
  next();
};

const PARSER_MESSAGES: Record<string, string> = {
  'encoding.unsupported': 'This Content-Encoding is not supported (send identity, gzip, deflate or br)',
  'charset.unsupported': 'This charset is not supported (send UTF-8)',
  'parameters.too.many': 'Too many form fields',
  'entity.too.large': 'Request body too large',
  'entity.parse.failed': 'Body is not valid JSON',
  'entity.verify.failed': 'Body could not be read',
  'request.aborted': 'The request was aborted',
  'request.size.invalid': 'The body is shorter or longer than its Content-Length',
};

// PostgreSQL's data exceptions that only bad input causes: NUL or bytes outside UTF-8, text too long.
const PG_INPUT_ERRORS: Record<string, string> = {
  '22021': 'The request has characters that cannot be stored',
  '22P05': 'The request has characters that cannot be stored',
  '22001': 'A field is too long',
};

/**
 * A client's mistake found by a body parser (its error types above), the router (a bad %-escape) or PostgreSQL
 * (text it cannot store), as an HttpError. Anything else is undefined, so it is a logged 500: an error that merely
 * carries a 4xx status (Twilio's RestException, an HTTP client's answer) is our bug or a provider's, not the
 * visitor's, and must not be hidden as "could not be read".
 */
export function clientErrorOf(err: unknown): HttpError | undefined {
  const e = err as { type?: string; status?: number; code?: string };
  if (!e || typeof e !== 'object') return undefined;
  if (typeof e.code === 'string' && PG_INPUT_ERRORS[e.code]) return new BadRequest(PG_INPUT_ERRORS[e.code]);
  const status = e.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (typeof e.type === 'string' && PARSER_MESSAGES[e.type]) return new HttpError(status, PARSER_MESSAGES[e.type]);
  // A body that does not decompress as its Content-Encoding says (body-parser passes zlib's error on as a 400).
  if (typeof e.code === 'string' && e.code.startsWith('Z_'))
    return new BadRequest('The body could not be decompressed as its Content-Encoding says');
  // The router's decodeURIComponent of a path parameter (express sets status 400 on the URIError).
  if (err instanceof URIError) return new BadRequest('This address is not valid: it has a malformed %-escape');
  return undefined;
}
