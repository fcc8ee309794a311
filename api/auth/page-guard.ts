// The guard for signed-in pages: like requireRole, but a signed-out visitor opening a page is sent to
// the sign-in form rather than shown a bare 401.
import type { Role } from '../../db';
import { allow, ruleForRoles, type Guard } from './access-policy';

export function requirePageRole(...roles: Role[]): Guard {
  return allow(ruleForRoles(roles), { page: true });
}
