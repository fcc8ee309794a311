// Security events, one log line each, with the account (id) and the address, never an email or phone number:
// sign-in failures (401), refusals (403: a wrong role, a bad CSRF token, a forged Twilio signature), throttling
// (429), and link tokens that are unknown (404) or expired (410). The codec's refusals log through its own hook.
import type { RequestHandler } from 'express';
import type { Log } from '../log';

const TOKEN_ROUTE = /:(token|code)\b/;

export function securityEvents(log: Log): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      const status = res.statusCode;
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : '(no route)';
      const tokenMisuse = (status === 404 || status === 410) && TOKEN_ROUTE.test(route);
      const event =
        status === 401
          ? 'sign-in-failed-or-signed-out'
          : status === 403
            ? route.startsWith('/webhooks/twilio')
              ? 'signature-failed'
              : 'refused'
            : status === 429
              ? 'throttled'
              : tokenMisuse
                ? status === 410
                  ? 'expired-token'
                  : 'unknown-token'
                : undefined;
      if (!event) return;
      const account = (res.locals.securityAccountId as string | undefined) ?? req.user?.id ?? '-';
      log(`security: ${event} ${req.method} ${route} ${status} account=${account} address=${req.ip ?? '-'}`, 'warn');
    });
    next();
  };
}
