// The authorization matrix's team dimension (issue 15), kept apart from the other dimensions: people with two
// roles (a lead who counsels, a coordinator who counsels) get what the union of their roles allows, and a person
// deactivated while signed in gets what an anonymous visitor gets, whatever session cookie they still hold.
import { randomBytes } from 'node:crypto';
import type { Role, Stores, User, Workspace } from '../../db';
import { hashPassword } from '../../api/auth/passwords';
import { TEST_PASSWORD, uniquePhone } from './stack';
import { enrolTwoStep } from './two-step';

export const TEAM_PEOPLE = ['peer-counselor', 'lead-counselor', 'coordinator-counselor', 'deactivated'] as const;
export type TeamWho = (typeof TEAM_PEOPLE)[number];

const ROLES_OF: Record<TeamWho, Role[]> = {
  // A second counselor of the same workspace: a colleague, not the one offered or holding anything.
  'peer-counselor': ['counselor'],
  'lead-counselor': ['lead', 'counselor'],
  'coordinator-counselor': ['coordinator', 'counselor'],
  deactivated: ['coordinator', 'lead', 'counselor'],
};

/** The roles a team person holds; 'as-anonymous' for the deactivated; undefined for the matrix's other people. */
export function teamExpected(who: string): Role[] | 'as-anonymous' | undefined {
  if (who === 'deactivated') return 'as-anonymous';
  return (ROLES_OF as Record<string, Role[]>)[who];
}

/**
 * A second counselor and two-role people of workspace A, not live as counselors (training incomplete), so no request is offered to them,
 * and one person with every role who is deactivated after signing in.
 */
export async function createTeamPeople(stores: Stores, ws: Workspace): Promise<Record<TeamWho, User>> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const make = async (who: TeamWho) => {
    const user = await stores.users.create({
      workspaceId: ws.id,
      roles: ROLES_OF[who],
      email: `${who}-${randomBytes(5).toString('hex')}@test.local`,
      name: `Test ${who}`,
      phone: uniquePhone(),
      passwordHash,
      profile: { languages: ['en'], specialisms: ['general'], livedExperience: [], trainingComplete: false },
    });
    // Coordinators and leads must have two-step sign-in: set up here, answered by the sign-in helpers.
    await enrolTwoStep(stores, user);
    return user;
  };
  return {
    'peer-counselor': await make('peer-counselor'),
    'lead-counselor': await make('lead-counselor'),
    'coordinator-counselor': await make('coordinator-counselor'),
    deactivated: await make('deactivated'),
  };
}

/** Leaves the team the way the people page and the admin command do (sessions ended; the cookie is kept). */
export async function deactivateForMatrix(stores: Stores, user: User): Promise<void> {
  const report = await stores.team.deactivate(user.id, null);
  if (!report) throw new Error('the matrix person was already deactivated');
}

/**
 * Routes about one counselor's own things (their offer, away period, pause, session) or a thread between two
 * other people: a colleague of the same workspace with the counselor role finds nothing there, like anyone else.
 */
const SOMEONE_ELSES = [
  'POST /me/offers/:id/accept',
  'POST /me/offers/:id/decline',
  'POST /me/away/:itemId/remove',
  'POST /me/pauses/:itemId/lift',
  'GET /sessions/:id',
  'POST /sessions/:id/propose',
  'POST /sessions/:id/reschedule',
  'POST /sessions/:id/hand-back',
  'POST /sessions/:id/out-of-scope',
  'POST /sessions/:id/outcome',
  'POST /sessions/:id/contacted',
];
const THREAD = ['GET /messages/:id', 'POST /messages/:id', 'GET /api/threads/:id'];
/** Items the matrix removes once, by the first role allowed to (the coordinator, earlier in ROLES): gone after. */
const REMOVED_ONCE = [
  'POST /settings/crisis-resources/:id/delete',
  'POST /settings/rota/overrides/:id/remove',
  'POST /pool/:id/signoffs/:itemId/remove',
  'POST /pool/:id/certifications/:itemId/remove',
  'POST /pool/:id/away/:itemId/remove',
  'POST /pool/:id/pauses/:itemId/lift',
  'POST /pauses/:id/lift',
];

export function teamExceptions(routeKey: string, who: string): 404 | 403 | undefined {
  if (who !== 'peer-counselor' && who !== 'lead-counselor' && who !== 'coordinator-counselor') return undefined;
  if (SOMEONE_ELSES.includes(routeKey)) return 404;
  if (who === 'coordinator-counselor' && REMOVED_ONCE.includes(routeKey)) return 404;
  // Accepting by request id needs an offer of that request: the two-role people were offered none.
  if (routeKey === 'POST /api/requests/:id/accept') return 403;
  // Threads: a coordinator reads every thread of the workspace but writes only in their own; a lead only theirs.
  if (THREAD.includes(routeKey)) {
    if (who !== 'coordinator-counselor') return 404;
    if (routeKey === 'POST /messages/:id') return 403;
  }
  return undefined;
}

/** The people page's routes, acting on one target counselor of workspace A. */
export function teamRoutes<F, L>(target: (fx: F) => string): Record<string, L> {
  const params = { params: { id: { owned: true, value: target } } } as unknown as L;
  return {
    'POST /pool/people/:id/roles': params,
    'POST /pool/people/:id/deactivate': params,
    'POST /pool/people/:id/reactivate': params,
    'POST /pool/people/:id/reset-two-step': params,
  };
}
