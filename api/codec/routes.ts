// The remote codec endpoint of the Temporal Web UI: POST /codec/decode and /codec/encode with
// {"payloads":[{"metadata":{k: base64}, "data": base64}]}. Only signed-in coordinators, and the browser
// only lets the Temporal UI's own origin read the answer (CORS with credentials, no wildcard).
// No CSRF token (the UI cannot send one): nothing changes state, the session cookie is SameSite=Lax and a
// JSON body needs a preflight only the UI's origin passes.
import cookieParser from 'cookie-parser';
import { hostPrefixedCookies } from '../auth/cookie-names';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import type { EncryptionCodec } from '../../codec';
import type { Stores } from '../../db';
import { loadSession, requireRole } from '../auth/sign-in-session';
import { BadRequest } from '../errors';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'must be base64' });
const bodySchema = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }))
    .max(10_000),
});

type JsonPayload = z.infer<typeof bodySchema>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function codecRoutes(deps: {
  stores: Stores;
  codec: EncryptionCodec;
  /** A security event (a payload that cannot be opened with this workspace's key), never with the payloads. */
  log?: (msg: string, level?: 'info' | 'warn' | 'error') => void;
  namespace: string;
  /** TEMPORAL_UI_URL: the one origin allowed to call from a browser; unset, no cross-origin caller. */
  uiUrl?: string;
  /** PUBLIC_BASE_URL is https: the session cookie is `__Host-` prefixed. */
  secureCookies: boolean;
}): Router {
  const router = Router();
  const allowedOrigin = deps.uiUrl && URL.canParse(deps.uiUrl) ? new URL(deps.uiUrl).origin : undefined;

  const cors = (req: Request, res: Response, next: NextFunction) => {
    res.vary('Origin');
    const origin = req.get('origin');
    if (allowedOrigin && origin === allowedOrigin) {
      res.setHeader('Access-Control-Allow-Origin', allowedOrigin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    next();
  };
  router.options('/codec/:op', cors, (req, res) => {
    if (res.getHeader('Access-Control-Allow-Origin')) {
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  });

  // Its own parsers, ahead of the app's 32 kB body limit: a history's payloads can be larger.
  const handle = (op: 'encode' | 'decode') => [
    cors,
    cookieParser(),
    hostPrefixedCookies(deps.secureCookies),
    loadSession(deps.stores),
    requireRole('coordinator'),
    express.json({ limit: '4mb' }),
    async (req: Request, res: Response) => {
      if (!req.is('application/json')) throw new BadRequest('Send the payloads as application/json');
      const namespace = req.get('x-namespace');
      if (namespace && namespace !== deps.namespace) throw new BadRequest(`Unknown namespace ${namespace}`);
      const parsed = bodySchema.safeParse(req.body);
      if (!parsed.success) throw new BadRequest('Expected {"payloads": [{"metadata": {...}, "data": "..."}]}');
      const payloads = parsed.data.payloads.map(fromJson);
      // Keys are per workspace: a coordinator opens and seals only their own workspace's payloads; another
      // workspace's come back still sealed.
      const workspaceId = req.user!.workspaceId;
      let out: Payload[];
      try {
        out =
          op === 'decode'
            ? deps.codec.decodeForWorkspace(payloads, workspaceId)
            : deps.codec.encodeForWorkspace(payloads, workspaceId);
      } catch {
        deps.log?.(`security: codec ${op} refused account=${req.user!.id} address=${req.ip ?? '-'}`, 'warn');
        throw new BadRequest(`These payloads cannot be ${op}d with this workspace's keys`);
      }
      res.setHeader('Cache-Control', 'no-store');
      res.json({ payloads: out.map(toJson) });
    },
  ];
  router.post('/codec/decode', ...handle('decode'));
  router.post('/codec/encode', ...handle('encode'));
  return router;
}
