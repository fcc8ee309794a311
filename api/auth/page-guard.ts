// The guard for signed-in pages: like requireRole, but a signed-out visitor opening a page is sent to
// the sign-in form rather than shown a bare 401.
import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../../db';
import { requireRole } from './session';

export function requirePageRole(...roles: Role[]) {
  const guard = requireRole(...roles);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.user && (req.method === 'GET' || req.method === 'HEAD')) {
      res.redirect(303, '/login');
      return;
    }
    guard(req, res, next);
  };
}
