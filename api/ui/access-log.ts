// One line per HTTP request: method, route pattern (never the URL: tokens and slugs stay out), status,
// duration and a request id (the caller's X-Request-Id when it is a plain id, else a new one).
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Log } from '../../log';

const PLAIN_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function accessLog(log: Log): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const given = req.get('x-request-id');
    const reqId = given && PLAIN_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', reqId);
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : '(no route)';
      const ms = Math.round(performance.now() - started);
      log(`http ${req.method} ${route} ${res.statusCode} ${ms}ms req=${reqId}`, 'info');
    });
    next();
  };
}
