// Session cookies: random id, httpOnly, SameSite=Lax, Secure behind https; the user is loaded per request.
import type { RequestHandler } from 'express';
import type { Role, Stores, User } from '../../db';
import { allow, ownedByUser, ruleForRoles, type Guard } from './access-policy';
import { AUTH_COOKIES } from './cookie-names';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

export const SESSION_COOKIE = AUTH_COOKIES.session;

export function loadSession(stores: Stores): RequestHandler {
  return async (req, _res, next) => {
    const sid = req.cookies?.[SESSION_COOKIE];
    if (typeof sid === 'string' && sid.length > 0) {
      const userId = await stores.signInSessions.resolve(sid);
      const user = userId ? await stores.users.getById(userId) : undefined;
      // Someone who left the team is signed out at once, whatever sessions survived (deactivation ends them too).
      if (user && !user.deactivatedAt) req.user = user;
    }
    next();
  };
}

/** Route guard: signed in, with one of the roles (the named rule of api/auth/access-policy.ts for them). */
export function requireRole(...roles: Role[]): Guard {
  return allow(ruleForRoles(roles));
}

/** A resource of another workspace answers exactly like one that does not exist. */
export const sameWorkspace = ownedByUser;
