// A Postgres of a test's own, in a child process, that the test can stop and start again (same data).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { dieWithParent } from '../../scripts/die-with-parent';

const ROOT = path.resolve(__dirname, '../..');

export interface PostgresProcess {
  url: string;
  stop(): Promise<void>;
}

export function startPostgresProcess(dataDir: string, port: number): Promise<PostgresProcess> {
  // `node --import tsx`, not the tsx CLI, which would sit between us and the process holding PostgreSQL: this pid is
  // the one that stops it, on SIGTERM from stop() or from the kernel when this process dies (scripts/die-with-parent.ts).
  const child: ChildProcess = spawn(
    ...dieWithParent(process.execPath, [
      '--import',
      'tsx',
      path.join(ROOT, 'scripts/postgres-process.ts'),
      dataDir,
      String(port),
    ]),
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Postgres did not start in 60 s: ${err}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`Postgres process exited (${code}): ${err}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        url: JSON.parse(line).url,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
