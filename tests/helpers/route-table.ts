// The app's route table, read from the express 5 router stack: every method + path with the access rule
// its guard declared (api/auth/access-policy.ts). A route that declared none has rule undefined.
import type { Express } from 'express';
import { ruleOf, type AccessRule } from '../../api/auth/access-policy';

export interface RouteEntry {
  method: string;
  path: string;
  /** "GET /o/:token": how the matrix test names a route. */
  key: string;
  rule: AccessRule | undefined;
  /** A page: a signed-out GET is sent to /login instead of a 401. */
  page: boolean;
  params: string[];
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
  handle?: { stack?: Layer[] };
}

export function routeTable(app: Express): RouteEntry[] {
  const out: RouteEntry[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const { path, methods, stack: handlers } = layer.route;
        const declared = handlers.map((h) => ruleOf(h.handle)).find((r) => r !== undefined);
        for (const m of Object.keys(methods).filter((k) => methods[k] && k !== '_all')) {
          const method = m.toUpperCase();
          out.push({
            method,
            path,
            key: `${method} ${path}`,
            rule: declared?.rule,
            page: declared?.page ?? false,
            params: [...path.matchAll(/:(\w+)/g)].map((x) => x[1]),
          });
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}
