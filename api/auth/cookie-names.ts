// Every auth cookie's name, in one place. Behind https (PUBLIC_BASE_URL https) each is sent as `__Host-<name>`:
// the browser keeps such a cookie only when it is Secure, has Path=/ and no Domain, so a sibling subdomain or a
// plain-http page cannot plant or shadow a session, a CSRF pre-session or a known-device cookie. On http dev the
// plain name (browsers refuse `__Host-` there). Code reads and writes the logical name; only this file knows the
// wire name.
import type { CookieOptions, RequestHandler, Response } from 'express';

export const AUTH_COOKIES = {
  /** The sign-in session. */
  session: 'sid',
  /** A known device of an account (others' failed guesses do not slow its sign-ins). */
  device: 'device',
  /** Between the password and the second sign-in step. */
  loginChallenge: 'login_challenge',
  /** The CSRF pre-session of the forms posted before signing in. */
  preSession: 'psid',
  /** A passkey ceremony's challenge (registering one, or signing in with one): single use, minutes long. */
  webauthn: 'webauthn',
} as const;

const HOST = '__Host-';

/** The name a cookie has on the wire. */
export const wireName = (name: string, secure: boolean): string => (secure ? `${HOST}${name}` : name);

/**
 * After cookie-parser: on https, `req.cookies[name]` is the `__Host-` cookie's value and never a plain cookie of
 * that name (which anyone able to write a cookie for the host could have set).
 */
export function hostPrefixedCookies(secure: boolean): RequestHandler {
  return (req, _res, next) => {
    if (!secure || !req.cookies) return next();
    for (const name of Object.values(AUTH_COOKIES)) {
      const value = req.cookies[`${HOST}${name}`];
      if (value === undefined) delete req.cookies[name];
      else req.cookies[name] = value;
    }
    next();
  };
}

/** Path=/ and no Domain always; Secure on https (both are what `__Host-` requires). */
const options = (secure: boolean, extra: CookieOptions = {}): CookieOptions => ({
  httpOnly: true,
  sameSite: 'lax',
  ...extra,
  secure,
  path: '/',
  domain: undefined,
});

export function setAuthCookie(res: Response, name: string, value: string, secure: boolean, extra?: CookieOptions) {
  res.cookie(wireName(name, secure), value, options(secure, extra));
}

export function clearAuthCookie(res: Response, name: string, secure: boolean) {
  res.clearCookie(wireName(name, secure), options(secure));
}
