// Health endpoints for load balancers: /healthz says the process is alive, /readyz checks its dependencies.
import { createApp } from '../../api/app';
import { createDb, createStores } from '../../db';
import { useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });

it('is live and ready when Postgres and Temporal answer', async () => {
  expect(await (await fetch(`${stack.baseUrl}/healthz`)).json()).toEqual({ ok: true });
  const ready = await fetch(`${stack.baseUrl}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ postgres: true, temporal: true });
});

it('is not ready when Postgres is unreachable', async () => {
  // The same app wired to a database address nobody listens on.
  const db = createDb('postgres://nobody:nothing@127.0.0.1:1/none');
  const app = createApp({
    ...stack,
    config: stack.config,
    stores: createStores(db, stack.config.dataKey),
    log: () => {},
  });
  const server = app.listen(0);
  try {
    const port = (server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ postgres: false, temporal: true });
  } finally {
    server.close();
    await db.destroy();
  }
});
