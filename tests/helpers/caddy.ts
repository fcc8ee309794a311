// Caddy with deploy/caddy/Caddyfile as a process on loopback (its data and config in a temp dir, its own CA for
// localhost never added to the machine's trust store), and an HTTPS client that trusts that CA.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { DEPLOY_FILES } from '../../scripts/deploy-files';
import { dieWithParent } from '../../scripts/die-with-parent';
import { freePort, waitFor } from '../../scripts/services';

export interface CaddyProcess {
  /** https://localhost:<port> */
  url: string;
  /** Caddy's root certificate (PEM), for a client to trust. */
  rootCa: string;
  rootCaFile: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startCaddy(opts: {
  dir: string;
  /** Where it serves https://localhost:<httpsPort>. */
  httpsPort: number;
  apiPorts: number[];
  uiUpstream: string;
}): Promise<CaddyProcess> {
  const httpsPort = opts.httpsPort;
  const url = `https://localhost:${httpsPort}`;
  // SIGTERM: Caddy's graceful stop.
  const [caddy, args] = dieWithParent('caddy', ['run', '--config', DEPLOY_FILES.caddyfile, '--adapter', 'caddyfile']);
  const child = spawn(caddy, args, {
    env: {
      PATH: process.env.PATH,
      HOME: opts.dir,
      XDG_DATA_HOME: path.join(opts.dir, 'data'),
      XDG_CONFIG_HOME: path.join(opts.dir, 'config'),
      PUBLIC_BASE_URL: url,
      API_UPSTREAMS: `to ${opts.apiPorts.map((p) => `127.0.0.1:${p}`).join(' ')}`,
      TEMPORAL_UI_UPSTREAM: opts.uiUpstream,
      CADDY_HTTP_PORT: String(await freePort()),
      CADDY_HTTPS_PORT: String(httpsPort),
      CADDY_ADMIN_PORT: String(await freePort()),
      CADDY_BIND: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const rootCaFile = path.join(opts.dir, 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt');
  const rootCa = await waitFor(
    "Caddy's local CA",
    async () => {
      if (child.exitCode !== null) throw new Error(`caddy exited: ${output}`);
      if (!existsSync(rootCaFile)) throw new Error('no root certificate yet');
      const ca = readFileSync(rootCaFile, 'utf8');
      // Answers over TLS with a certificate from that CA (any status: the upstreams may not be up yet).
      await httpsRequest(ca, `${url}/healthz`);
      return ca;
    },
    60_000,
  );
  return {
    url,
    rootCa,
    rootCaFile,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agents = new Map<string, https.Agent>();

/** One HTTPS request trusting only the given CA (Node's fetch takes no CA of its own). */
export function httpsRequest(
  ca: string,
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpsAnswer> {
  let agent = agents.get(ca);
  if (!agent) {
    agent = new https.Agent({ ca, keepAlive: true, maxSockets: 32 });
    agents.set(ca, agent);
  }
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: opts.method ?? 'GET', headers: opts.headers, agent, timeout: 30_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer in 30 s`)));
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

export function closeHttpsAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
