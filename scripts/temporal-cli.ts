// Finds the Temporal CLI (which carries the dev server and its Web UI), building it with Go where needed.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const BINARY = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

/** Outside the repo, so a fresh clone (CI's) reuses a build made earlier on the same machine. */
export function userCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'peer-dispatch', `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

function works(bin: string): boolean {
  try {
    execFileSync(bin, ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Runs a long build, printing its last line every 15 s so a slow first build shows progress. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let lastLine = '';
    const onData = (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) lastLine = line;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const ticker = setInterval(() => {
      log(`  … still building (${Math.round((Date.now() - started) / 1000)}s) ${lastLine.slice(0, 100)}`);
    }, 15_000);
    child.on('error', (err) => {
      clearInterval(ticker);
      reject(err);
    });
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${lastLine}`));
    });
  });
}

/**
 * TEMPORAL_CLI_PATH, then `temporal` on PATH, then .tools/ or the user cache, then `go install`,
 * then Temporal's own download. Throws one message listing every route tried.
 */
export async function resolveTemporalCli(
  projectRoot: string,
  log: (m: string) => void = (m) => console.log(m),
): Promise<string> {
  const tried: string[] = [];
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (works(fromEnv)) return fromEnv;
    tried.push(`TEMPORAL_CLI_PATH=${fromEnv} (does not run)`);
  } else tried.push('TEMPORAL_CLI_PATH (not set)');

  const pathBin = onPath(BINARY);
  if (pathBin && works(pathBin)) return pathBin;
  tried.push(`"${BINARY}" on PATH (${pathBin ? 'does not run' : 'not found'})`);

  const toolsBin = path.join(projectRoot, '.tools', BINARY);
  const cacheBin = path.join(userCacheDir(), BINARY);
  for (const candidate of [toolsBin, cacheBin]) {
    if (existsSync(candidate) && works(candidate)) return candidate;
  }
  tried.push(`${toolsBin} and ${cacheBin} (not built yet)`);

  const go = findGo();
  if (go) {
    log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (first time only; this takes a few minutes)…`);
    const gobin = path.join(tmpdir(), `temporal-cli-build-${process.pid}`);
    try {
      mkdirSync(gobin, { recursive: true });
      await run(
        go,
        ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`],
        { ...process.env, GOBIN: gobin },
        log,
      );
      mkdirSync(userCacheDir(), { recursive: true });
      renameOrCopy(path.join(gobin, BINARY), cacheBin);
      mkdirSync(path.dirname(toolsBin), { recursive: true });
      copyFileSync(cacheBin, toolsBin);
      chmodSync(toolsBin, 0o755);
      log(`Temporal CLI built: ${cacheBin}`);
      if (works(cacheBin)) return cacheBin;
      tried.push('go install (built, but the binary does not run)');
    } catch (err) {
      tried.push(
        `go install github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION} (${(err as Error).message})`,
      );
    } finally {
      rmSync(gobin, { recursive: true, force: true });
    }
  } else tried.push('go install (Go is not installed)');

  try {
    log('Downloading the Temporal CLI…');
    const downloaded = await download(cacheBin);
    if (works(downloaded)) return downloaded;
    tried.push('download (the downloaded binary does not run)');
  } catch (err) {
    tried.push(`download from temporal.download (${(err as Error).message})`);
  }

  throw new Error(
    `Could not find or build the Temporal CLI. Tried:\n${tried.map((t) => `  - ${t}`).join('\n')}\n` +
      'Install Go (https://go.dev/dl) or set TEMPORAL_CLI_PATH to a temporal binary.',
  );
}

/** Go on PATH or where its installer puts it. */
export function findGo(): string | undefined {
  return onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

export function renameOrCopy(from: string, to: string) {
  try {
    renameSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
  chmodSync(to, 0o755);
}

/** The same archive Temporal's SDK downloads for its test server. */
async function download(target: string): Promise<string> {
  const platform = process.platform === 'darwin' ? 'darwin' : process.platform === 'win32' ? 'windows' : 'linux';
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const url = `https://temporal.download/cli/archive/${TEMPORAL_CLI_VERSION.slice(1)}?platform=${platform}&arch=${arch}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true });
  const archive = path.join(dir, 'temporal.tar.gz');
  writeFileSync(archive, Buffer.from(await res.arrayBuffer()));
  execFileSync('tar', ['-xzf', archive, '-C', dir, BINARY]);
  rmSync(archive, { force: true });
  chmodSync(target, 0o755);
  return target;
}
