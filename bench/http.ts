// A small keep-alive HTTP client: lighter than fetch, so the load generator stays out of the way on 2 cores.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256 });

export interface HttpResult {
  status: number;
  body: string;
  /** performance.now() when the request was handed to the socket layer, and when the answer was complete. */
  startedAt: number;
  endedAt: number;
}

export function request(
  method: 'GET' | 'POST',
  url: string,
  opts: { json?: unknown; form?: Record<string, string>; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const u = new URL(url);
  let payload: string | undefined;
  const headers: Record<string, string> = { accept: 'application/json, text/html', ...opts.headers };
  if (opts.json !== undefined) {
    payload = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  } else if (opts.form) {
    payload = new URLSearchParams(opts.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  const startedAt = performance.now();
  return attempt(false).catch((err: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
    // A kept-alive socket the server closed just as it was reused: the request never reached the app, send it
    // again once (the pattern Node's documentation gives for reusedSocket).
    if (err.code === 'ECONNRESET' && err.reusedSocket) {
      retriedRequests += 1;
      return attempt(true);
    }
    throw err;
  });

  function attempt(retry: boolean): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              startedAt,
              endedAt: performance.now(),
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`timeout: ${method} ${u.pathname}`)));
      req.on('error', (err: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
        if (!retry) err.reusedSocket = req.reusedSocket;
        reject(err);
      });
      req.end(payload);
    });
  }
}

let retriedRequests = 0;

/** How many requests were sent a second time after a reset on a reused keep-alive socket. */
export const retriedRequestCount = (): number => retriedRequests;

export function closeAgent(): void {
  agent.destroy();
}
