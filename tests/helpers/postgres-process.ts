// A Postgres of a test's own, in a child process, that the test can stop and start again (same data).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface PostgresProcess {
  url: string;
  stop(): Promise<void>;
}

export function startPostgresProcess(dataDir: string, port: number): Promise<PostgresProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), path.resolve(__dirname, '../../scripts/postgres-process.ts'), dataDir, String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
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
