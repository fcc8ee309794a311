// The one navigation: every signed-in page lists the pages the user's role may open. Pages built on other
// branches join by adding a line to NAV_ITEMS; the order here is the order on screen.
import type { Role } from '../../db';
// Plain strings, escaped here: html.ts renders the nav inside the page shell, so this file must not import it.
import { escapeHtml } from '../errors';

export interface NavItem {
  /** A key pages pass as `current` to mark themselves. */
  key: string;
  href: string;
  label: string;
  roles: Role[];
}

const STAFF: Role[] = ['coordinator', 'lead'];

export const NAV_ITEMS: NavItem[] = [
  { key: 'home', href: '/', label: 'Home', roles: ['counselor'] },
  { key: 'board', href: '/board', label: 'Board', roles: STAFF },
  { key: 'requests', href: '/', label: 'Requests', roles: STAFF },
  { key: 'pool', href: '/pool', label: 'Pool', roles: ['coordinator'] },
  { key: 'people', href: '/pool/people', label: 'People', roles: ['coordinator'] },
  { key: 'tasks', href: '/tasks', label: 'Tasks', roles: STAFF },
  { key: 'messages', href: '/messages', label: 'Messages', roles: ['coordinator', 'lead', 'counselor'] },
  { key: 'channel', href: '/channel', label: 'Team channel', roles: ['coordinator', 'lead', 'counselor'] },
  { key: 'availability', href: '/me/availability', label: 'Availability', roles: ['counselor'] },
  { key: 'on-call', href: '/on-call', label: 'On call', roles: STAFF },
  { key: 'metrics', href: '/metrics', label: 'Metrics', roles: ['coordinator'] },
  { key: 'audit', href: '/audit', label: 'Audit', roles: ['coordinator'] },
  { key: 'settings', href: '/settings', label: 'Settings', roles: ['coordinator'] },
];

/**
 * The pages these roles may open (the union), in order; only routes that exist in this build are listed. For
 * staff who also counsel, `/` is the staff home, so the counselor's home is listed as "My offers" at /me/offers.
 */
export function navItemsFor(role: Role | readonly Role[], items: NavItem[] = NAV_ITEMS): NavItem[] {
  const roles: readonly Role[] = typeof role === 'string' ? [role] : role;
  const staff = roles.some((r) => STAFF.includes(r));
  return items
    .filter((i) => i.roles.some((r) => roles.includes(r)))
    .map((i) => (i.key === 'home' && staff ? { ...i, href: '/me/offers', label: 'My offers' } : i));
}

/** The nav as HTML; the page shell puts it under the header. */
export function navBar(role: Role | readonly Role[], current?: string, items: NavItem[] = NAV_ITEMS): string {
  const links = navItemsFor(role, items).map(
    (i) =>
      `<li><a href="${escapeHtml(i.href)}"${i.key === current ? ' aria-current="page"' : ''}>${escapeHtml(i.label)}</a></li>`,
  );
  return `<nav class="nav" aria-label="Main"><ul>${links.join('')}</ul></nav>`;
}
