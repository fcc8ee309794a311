// The access rules, written down once. Every route declares one of them (a guard from here, or requireRole /
// requirePageRole, which are built from here); tests/api/authorization-matrix.test.ts reads the declared rule
// of every route from the app's router and checks each role against it. The workspace half of every rule is
// checked where the resource is loaded (ownedByUser): another workspace's resource answers 404, like a missing one.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role, User } from '../../db';
import { Forbidden, Unauthorized } from '../errors';

export interface AccessRule {
  /** How the rule is named in the matrix test and in docs/ARCHITECTURE.md. */
  readonly name: string;
  /** The roles that may pass; null: no session needed (the route carries its own proof, or needs none). */
  readonly roles: readonly Role[] | null;
}

const rule = (name: string, roles: readonly Role[] | null): AccessRule => ({ name, roles });

export const RULES = {
  /** Anyone: the route shows nothing private and acts on nothing but what the visitor submits. */
  public: rule('public', null),
  /** Anyone holding the random token in the URL (stored hashed, expiring): offer, status, alert, reset links. */
  linkToken: rule('link-token', null),
  /** Twilio's X-Twilio-Signature, checked against the auth token; no session. */
  twilioSignature: rule('twilio-signature', null),
  /** The local SMS/email sinks: only mounted in embedded and test mode (DEV_SINKS), never in production. */
  devSink: rule('dev-sink', null),
  signedIn: rule('signed-in', ['coordinator', 'lead', 'counselor']),
  counselor: rule('counselor', ['counselor']),
  leadOrCoordinator: rule('lead-or-coordinator', ['coordinator', 'lead']),
  coordinator: rule('coordinator', ['coordinator']),
} as const;

/** A guard carries its rule, so the router stack says which rule every route declared. */
// (Typed on any params so that a route's own handlers keep their inferred path parameters.)
export type Guard = ((req: Request<any>, res: Response, next: NextFunction) => void) & {
  accessRule: AccessRule;
  accessPage: boolean;
};

const KNOWN = Object.values(RULES);

/** The named rule for a set of roles (so requireRole('lead', 'coordinator') is the lead-or-coordinator rule). */
export function ruleForRoles(roles: readonly Role[]): AccessRule {
  const key = [...roles].sort().join(',');
  const named = KNOWN.find((r) => r.roles && [...r.roles].sort().join(',') === key);
  return named ?? rule(`roles:${key}`, [...roles]);
}

/**
 * The guard for a rule. `page`: a signed-out visitor opening a page (GET/HEAD) is sent to the sign-in form
 * rather than shown a bare 401; a form post still gets 401.
 */
export function allow(accessRule: AccessRule, opts: { page?: boolean } = {}): Guard {
  const roles = accessRule.roles;
  const guard = ((req: Request, res: Response, next: NextFunction) => {
    if (!roles) return next();
    if (!req.user) {
      if (opts.page && (req.method === 'GET' || req.method === 'HEAD')) {
        res.redirect(303, '/login');
        return;
      }
      return next(new Unauthorized());
    }
    // The union of the person's roles: a lead who also counsels passes both the lead's and the counselor's rules.
    if (!req.user.roles.some((r) => roles.includes(r))) return next(new Forbidden());
    next();
  }) as Guard;
  guard.accessRule = accessRule;
  guard.accessPage = !!opts.page;
  return guard;
}

/** Marks a middleware that is itself the proof (a signature check) with its rule. */
export function tagged(handler: RequestHandler, accessRule: AccessRule): Guard {
  const guard = handler as unknown as Guard;
  guard.accessRule = accessRule;
  guard.accessPage = false;
  return guard;
}

export function ruleOf(handler: unknown): { rule: AccessRule; page: boolean } | undefined {
  const g = handler as Partial<Guard> | undefined;
  return g && g.accessRule ? { rule: g.accessRule, page: !!g.accessPage } : undefined;
}

/** The workspace half of every rule: a resource of another workspace answers exactly like one that does not exist. */
export function ownedByUser(user: User | undefined, workspaceId: string): boolean {
  return !!user && user.workspaceId === workspaceId;
}
