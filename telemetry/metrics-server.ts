// The Prometheus endpoint of a process, on a port of its own (METRICS_PORT), apart from the public API: it is
// scraped from inside the deployment and never published.
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { collectDefaultMetrics } from 'prom-client';
import { registry } from './metrics';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

let defaultsCollected = false;

/**
 * Serves GET /metrics: this process's own metrics, then (the worker) the Temporal SDK's, which the SDK's
 * runtime serves on a loopback address of its own and which are appended so one scrape target covers both.
 */
export async function startMetricsServer(opts: {
  port: number;
  host: string;
  /** The Temporal SDK's own Prometheus endpoint (the worker), e.g. http://127.0.0.1:9464/metrics. */
  sdkMetricsUrl?: string;
  log?: (msg: string, level?: 'info' | 'warn' | 'error') => void;
}): Promise<MetricsServer> {
  if (!defaultsCollected) {
    defaultsCollected = true;
    collectDefaultMetrics({ register: registry });
  }
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    void scrape(opts.sdkMetricsUrl).then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: Error) => {
        opts.log?.(`metrics: scrape failed: ${err.name}: ${err.message}`, 'warn');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function scrape(sdkMetricsUrl: string | undefined): Promise<string> {
  const own = await registry.metrics();
  if (!sdkMetricsUrl) return own;
  // The SDK's endpoint is a part of this process: if it does not answer, the product's metrics still do.
  const sdk = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(2000) })
    .then((r) => (r.ok ? r.text() : ''))
    .catch(() => '');
  return sdk ? `${own}\n${sdk}` : own;
}

/** A free loopback address for the Temporal SDK's own Prometheus exporter (it binds the address it is given). */
export function freeLoopbackAddress(): Promise<string> {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(`127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`));
    });
  });
}
