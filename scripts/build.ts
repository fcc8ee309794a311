// `npm run build`: the compiled JavaScript that production, the bench and the process-level tests run.
// tsc (tsconfig.build.json) to dist/, the non-TypeScript files the code reads at run time (i18n catalogues,
// static scripts) copied beside it, and the workflow bundle made once into dist/workflow-bundle.js, which the
// compiled worker loads instead of bundling the workflows with webpack at every start.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterPath, workflowInterceptorModules } from '../codec';

const ROOT = path.resolve(__dirname, '..');
export const DIST = path.join(ROOT, 'dist');
/** Where the compiled worker looks for its prebuilt bundle (workers/worker.ts: `<dist>/workflow-bundle.js`). */
export const WORKFLOW_BUNDLE_FILE = path.join(DIST, 'workflow-bundle.js');

/** Files tsc does not carry over: everything but TypeScript, docs and saved results, in the folders it compiled. */
const SKIP_ASSET = /\.(ts|md|map)$/;

function copyAssets(): number {
  let copied = 0;
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(ROOT, rel))) {
      const relPath = path.join(rel, name);
      if (relPath === path.join('bench', 'results')) continue;
      const st = statSync(path.join(ROOT, relPath));
      if (st.isDirectory()) walk(relPath);
      else if (!SKIP_ASSET.test(name)) {
        mkdirSync(path.join(DIST, rel), { recursive: true });
        copyFileSync(path.join(ROOT, relPath), path.join(DIST, relPath));
        copied += 1;
      }
    }
  };
  // Only the top folders tsc wrote into: the source tree (no node_modules, tests, .data).
  for (const top of readdirSync(DIST)) {
    if (statSync(path.join(DIST, top)).isDirectory() && existsSync(path.join(ROOT, top))) walk(top);
  }
  return copied;
}

export interface BuildOptions {
  /** Type errors fail the build (the default); the test setup only needs the emitted files. */
  strict?: boolean;
  /**
   * Skip tsc when no source file changed since the last build (the test setup: tsc's own incremental check
   * still takes tens of seconds on a loaded machine).
   */
  ifStale?: boolean;
  /** Also make dist/workflow-bundle.js (default true). */
  workflowBundle?: boolean;
  log?: (m: string) => void;
}

/**
 * Written last, once dist/ is whole. A build cut short (Ctrl-C during the test setup, a killed run) leaves none, so
 * the next `ifStale` build compiles again instead of trusting a half-written dist/ (tsc's own build info is
 * written before all its output is).
 */
const BUILT_STAMP = '.built';

/** Whether dist/ holds a whole build newer than every source file. */
export function buildIsCurrent(dist: string = DIST, root: string = ROOT): boolean {
  return !sourcesNewerThan(path.join(dist, BUILT_STAMP), root);
}

export async function build(opts: BuildOptions = {}): Promise<void> {
  const log = opts.log ?? ((m: string) => console.log(`[build] ${m}`));
  const started = Date.now();
  const upToDate = opts.ifStale === true && buildIsCurrent();
  if (upToDate) log('dist/ is up to date');
  else {
    rmSync(path.join(DIST, BUILT_STAMP), { force: true });
    await compile(opts, log);
  }
  const copied = upToDate ? 0 : copyAssets();
  if (opts.workflowBundle !== false) {
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      failureConverterPath,
      // Baked into the bundle: the worker refuses unsealed payloads only if the interceptor is in it.
      workflowInterceptorModules,
      logger: quietLogger,
    });
    writeFileSync(WORKFLOW_BUNDLE_FILE, bundle.code);
  }
  if (!upToDate) writeFileSync(path.join(DIST, BUILT_STAMP), `${new Date().toISOString()}\n`);
  log(`dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s (${copied} assets)`);
}

/** tsc to dist/, incremental (dist/.tsbuildinfo). */
async function compile(opts: BuildOptions, log: (m: string) => void): Promise<void> {
  // A child process, not spawnSync: the test setup starts its services meanwhile on this event loop.
  const tsc = await new Promise<{ status: number | null; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (status) => resolve({ status, out }));
  });
  if (tsc.status !== 0) {
    const out = tsc.out.trim();
    if (opts.strict !== false || !existsSync(path.join(DIST, 'api', 'main.js'))) {
      throw new Error(`tsc failed:\n${out}`);
    }
    log(`tsc reported type errors (files emitted anyway):\n${out.slice(0, 2000)}`);
  }
}

/** Whether any source file (what tsconfig.build.json compiles, or an asset) changed after this file was written. */
function sourcesNewerThan(file: string, root: string = ROOT): boolean {
  if (!existsSync(file)) return true;
  const built = statSync(file).mtimeMs;
  const skip = new Set(['node_modules', 'dist', 'tests', '.data', '.tools', '.git', 'coverage', 'test-output']);
  const newer = (dir: string): boolean => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (skip.has(entry.name) || entry.name === 'results') continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (newer(p)) return true;
      } else if (statSync(p).mtimeMs > built) return true;
    }
    return false;
  };
  return (
    newer(root) ||
    ['tsconfig.json', 'tsconfig.build.json'].some((f) => {
      const config = path.join(root, f);
      return existsSync(config) && statSync(config).mtimeMs > built;
    })
  );
}

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (m: string) => process.stderr.write(`${m}\n`),
};

if (require.main === module) {
  build().catch((err) => {
    console.error(`[build] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
