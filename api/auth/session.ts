// Session cookies: random id, httpOnly, SameSite=Lax, Secure behind https; the user is loaded per request.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role, Stores, User } from '../../db';
import { Forbidden, Unauthorized } from '../errors';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
  }
}

export const SESSION_COOKIE = 'sid';

export function cookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
}

export function loadSession(stores: Stores): RequestHandler {
  return async (req, _res, next) => {
    const sid = req.cookies?.[SESSION_COOKIE];
    if (typeof sid === 'string' && sid.length > 0) {
      const userId = await stores.sessions.resolve(sid);
      if (userId) req.user = await stores.users.getById(userId);
    }
    next();
  };
}

/** Route guard: signed in, with one of the roles. Workspace checks happen where the resource is loaded. */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user) return next(new Unauthorized());
    if (!roles.includes(req.user.role)) return next(new Forbidden());
    next();
  };
}

/** A resource of another workspace answers exactly like one that does not exist. */
export function sameWorkspace(user: User | undefined, workspaceId: string): boolean {
  return !!user && user.workspaceId === workspaceId;
}
