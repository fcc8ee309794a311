// The API's stop: a request in flight on a kept-alive connection is answered, and then the server is gone at once,
// not after the keep-alive timeout (65 s in api/main.ts). Real sockets on loopback; no services needed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopHttpServer } from '../../api/http-stop';

// The bound on each wait: well under the keep-alive timeout, so a stop that waits for it fails here.
jest.setTimeout(20_000);
const KEEP_ALIVE_MS = 65_000;

/** A server whose answers wait until the test releases them. */
function slowServer() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  const server = http.createServer((_req, res) => {
    arrived();
    void released.then(() => res.end('answered'));
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  return { server, release, arrival };
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function get(port: number, agent: http.Agent): Promise<{ body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, agent }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ body, connection: res.headers.connection }));
      })
      .on('error', reject);
  });
}

const agents: http.Agent[] = [];
afterEach(() => agents.splice(0).forEach((a) => a.destroy()));

it('answers the request in flight, then closes its kept-alive connection instead of waiting for the client', async () => {
  const { server, release, arrival } = slowServer();
  const port = await listen(server);
  const agent = new http.Agent({ keepAlive: true });
  agents.push(agent);
  const answer = get(port, agent);
  await arrival;

  let stopped = false;
  const stop = stopHttpServer(server, KEEP_ALIVE_MS).then(() => (stopped = true));
  expect(stopped).toBe(false); // the request in flight is still being answered
  release();
  await expect(answer).resolves.toMatchObject({ body: 'answered' });
  await stop; // bounded by the test's timeout, far below the keep-alive timeout
  expect(server.listening).toBe(false);
});

it('cuts a request that does not finish within the grace, and stops', async () => {
  const { server, arrival } = slowServer(); // never released
  const port = await listen(server);
  const agent = new http.Agent({ keepAlive: true });
  agents.push(agent);
  const answer = get(port, agent);
  await arrival;

  await stopHttpServer(server, 200);
  await expect(answer).rejects.toThrow(/socket hang up|ECONNRESET/);
});
