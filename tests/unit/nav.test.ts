// The one navigation: each role sees its pages, in one order, with the current page marked.
import { navBar, navItemsFor } from '../../api/ui/nav';

const keys = (role: 'coordinator' | 'lead' | 'counselor') => navItemsFor(role).map((i) => i.key);

it('lists the pages each role may open', () => {
  expect(keys('coordinator')).toEqual([
    'board',
    'requests',
    'pool',
    'people',
    'tasks',
    'messages',
    'channel',
    'on-call',
    'metrics',
    'audit',
    'settings',
  ]);
  expect(keys('lead')).toEqual(['board', 'requests', 'tasks', 'messages', 'channel', 'on-call']);
  expect(keys('counselor')).toEqual(['home', 'messages', 'channel', 'availability']);
});

it('lists the union for someone with several roles; staff who counsel find their offers at /me/offers', () => {
  const items = navItemsFor(['lead', 'counselor']);
  expect(items.map((i) => i.key)).toEqual([
    'home',
    'board',
    'requests',
    'tasks',
    'messages',
    'channel',
    'availability',
    'on-call',
  ]);
  expect(items.find((i) => i.key === 'home')).toMatchObject({ href: '/me/offers', label: 'My offers' });
  expect(items.find((i) => i.key === 'requests')?.href).toBe('/');
});

it('marks the current page and escapes what it prints', () => {
  const nav = navBar('coordinator', 'metrics', [
    { key: 'metrics', href: '/metrics', label: 'Metrics', roles: ['coordinator'] },
    { key: 'x', href: '/x?a=1&b=2', label: '<b>X</b>', roles: ['coordinator'] },
    { key: 'y', href: '/y', label: 'Y', roles: ['lead'] },
  ]);
  expect(nav).toBe(
    '<nav class="nav" aria-label="Main"><ul>' +
      '<li><a href="/metrics" aria-current="page">Metrics</a></li>' +
      '<li><a href="/x?a=1&amp;b=2">&lt;b&gt;X&lt;/b&gt;</a></li>' +
      '</ul></nav>',
  );
});
