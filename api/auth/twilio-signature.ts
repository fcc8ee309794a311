// Twilio webhooks carry X-Twilio-Signature, an HMAC of the URL Twilio called and the form fields, keyed with
// the auth token. Checked with the twilio SDK's own validator against the public address (behind a proxy the
// Host header is not the address Twilio used).
import type { NextFunction, Request, Response } from 'express';
import twilio from 'twilio';
import { Forbidden } from '../errors';

export function requireTwilioSignature(opts: { authToken: string; publicBaseUrl: string }) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const signature = req.get('x-twilio-signature');
    const params =
      req.is('application/x-www-form-urlencoded') && req.body && typeof req.body === 'object' ? req.body : {};
    const url = opts.publicBaseUrl + req.originalUrl;
    if (!signature || !twilio.validateRequest(opts.authToken, signature, url, params)) {
      return next(new Forbidden('Invalid Twilio signature'));
    }
    next();
  };
}
