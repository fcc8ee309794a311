// Starts the real services once for the whole suite: Postgres (embedded), the Temporal dev server,
// a workflow bundle made once (bundling per test file would cost seconds each), and the compiled JavaScript
// (`npm run build`) that the process-level tests start as production does.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterPath, workflowInterceptorModules } from '../../codec';
import { createDb, migrateLatest } from '../../db';
import { startPostgres, startTemporal } from '../../scripts/services';
import { build } from '../../scripts/build';
import { resolveTemporalCli } from '../../scripts/temporal-cli';

export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-test-'));
  chmodSync(dir, 0o755); // Postgres runs as its own user when the suite runs as root
  const cli = await resolveTemporalCli(root, (m) => process.stdout.write(`${m}\n`));

  const [pgService, temporal, bundle] = await Promise.all([
    startPostgres({ dataDir: path.join(dir, 'pg') }),
    startTemporal({ cli }),
    bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      failureConverterPath,
      workflowInterceptorModules,
      logger: quietLogger,
    }),
    // Incremental: seconds when nothing changed. Type errors are lint's business, not a reason to stop the suite;
    // the workers of the tests load the bundle above (WORKFLOW_BUNDLE_PATH), not dist's.
    build({ strict: false, ifStale: true, workflowBundle: false, log: (m) => process.stdout.write(`${m}\n`) }),
  ]);
  await pgService.createDatabase('dispatch_test');
  const db = createDb(pgService.url('dispatch_test'));
  await migrateLatest(db);
  await db.destroy();

  const bundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  // Test workers are spawned after this and inherit the environment.
  process.env.TEST_DATABASE_URL = pgService.url('dispatch_test');
  process.env.TEST_PG_ADMIN_URL = pgService.url('postgres');
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.TEST_TEMPORAL_CLI = cli;
  process.env.TEST_DIR = dir;
  (globalThis as Record<string, unknown>).__DISPATCH_SERVICES__ = { pgService, temporal, dir };
}

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (m: string) => process.stderr.write(`${m}\n`),
};
