// One error class per HTTP meaning, and the single middleware that maps errors to answers.
import type { ErrorRequestHandler } from 'express';
import { isWorkflowGone } from '../engine';
import { redact } from '../domain/redact';
import { clientErrorOf } from './malformed-input';

export { redact };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, string>,
  ) {
    super(message);
  }
}
export class BadRequest extends HttpError {
  constructor(message: string, details?: Record<string, string>) {
    super(400, message, details);
  }
}
export class Unauthorized extends HttpError {
  constructor(message = 'Please sign in') {
    super(401, message);
  }
}
export class Forbidden extends HttpError {
  constructor(message = 'You do not have access to this') {
    super(403, message);
  }
}
export class NotFound extends HttpError {
  constructor(message = 'Not found') {
    super(404, message);
  }
}
export class Conflict extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}
export class Unavailable extends HttpError {
  constructor(message: string) {
    super(503, message);
  }
}

export function errorHandler(log: (msg: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: HttpError;
    if (err instanceof HttpError) e = err;
    else if (isWorkflowGone(err)) e = new NotFound('Request not found');
    // Parsers' and the router's 4xx (charset, encoding, too many fields, bad %-escapes) and PostgreSQL's
    // bad-text errors: the client's mistake, said plainly.
    else if (clientErrorOf(err)) e = clientErrorOf(err)!;
    // Postgres "invalid text representation" (22P02): an id from the URL or a form that is not a uuid. A store
    // that forgot its isUuid() check must not turn a mistyped link into a 500: it names nothing that exists.
    else if ((err as { code?: string }).code === '22P02') e = new NotFound('Not found');
    else {
      // Only the error's name and message: bodies and parameters may hold personal data.
      log(
        `error ${req.method} ${req.route?.path ?? ''}: ${(err as Error)?.name}: ${redact((err as Error)?.message ?? '')}`,
      );
      e = new HttpError(500, 'Something went wrong on our side');
    }
    res.status(e.status);
    if (req.accepts(['html', 'json']) === 'json' || req.path.startsWith('/api/')) {
      res.json({ error: e.message, ...(e.details ? { fields: e.details } : {}) });
    } else {
      res
        .type('html')
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="stylesheet" href="/static/app.css"><title>${e.status}</title></head><body><main><h1>${escapeHtml(e.message)}</h1><p><a href="/">Home</a></p></main></body></html>`,
        );
    }
  };
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
