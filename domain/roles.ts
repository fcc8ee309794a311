// Staff roles: one person may hold several (a lead who also counsels). Every check asks about the union.
export const ROLES = ['coordinator', 'lead', 'counselor'] as const;
export type Role = (typeof ROLES)[number];

/** Highest first: the one a person is shown as, and users.role in the database. */
export function primaryRole(roles: readonly Role[]): Role {
  return ROLES.find((r) => roles.includes(r)) ?? 'counselor';
}

/** Roles in the one order (highest first), each once. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

export function hasRole(who: { roles: readonly Role[] } | undefined | null, role: Role): boolean {
  return !!who && who.roles.includes(role);
}

export function hasAnyRole(who: { roles: readonly Role[] } | undefined | null, roles: readonly Role[]): boolean {
  return !!who && who.roles.some((r) => roles.includes(r));
}

/** Staff see requests of the whole workspace: coordinators and leads. */
export const isStaff = (who: { roles: readonly Role[] } | undefined | null): boolean =>
  hasAnyRole(who, ['coordinator', 'lead']);

/**
 * Roles from what a person typed ("lead,counselor", or a list of form values). Unknown words, an empty list
 * or a repeat are refused with a message naming the problem.
 */
export function parseRoles(input: string | readonly string[] | undefined): { roles: Role[] } | { error: string } {
  const words = (typeof input === 'string' ? input.split(/[,\s]+/) : [...(input ?? [])])
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 0) return { error: `Choose at least one role: ${ROLES.join(', ')}.` };
  const unknown = words.filter((w) => !(ROLES as readonly string[]).includes(w));
  if (unknown.length) return { error: `Unknown role "${unknown[0]}": the roles are ${ROLES.join(', ')}.` };
  if (new Set(words).size !== words.length) return { error: 'A role is named twice.' };
  return { roles: normalizeRoles(words as Role[]) };
}

/** "lead and counselor" */
export function rolesInWords(roles: readonly Role[]): string {
  const r = normalizeRoles(roles);
  return r.length <= 1 ? (r[0] ?? '') : `${r.slice(0, -1).join(', ')} and ${r[r.length - 1]}`;
}

/** Who must use two-step sign-in: everyone who can see a requester's contact. */
export function twoStepRequired(roles: readonly Role[], workspace: { counselorTwoStep: boolean }): boolean {
  return (
    roles.includes('coordinator') ||
    roles.includes('lead') ||
    (roles.includes('counselor') && workspace.counselorTwoStep)
  );
}
