// A long-running service we spawn (a Temporal server, PostgreSQL, Caddy, an API process) dies with the process
// that spawned it, however that process ended: a jest run killed by a CI timeout or `kill -9` of `npm start` would
// otherwise leave it running, holding its ports and memory on a shared machine.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The signal a service stops best on when its parent is gone: SIGINT for PostgreSQL (fast shutdown), else SIGTERM. */
export type ParentDeathSignal = 'SIGTERM' | 'SIGINT';

let setprivPath: string | null | undefined;

/**
 * util-linux's setpriv, looked up once: on PATH, else where Debian puts it; and only one that takes --pdeathsig
 * (util-linux 2.33 and later: an older one refuses the option, and every service spawned through it would fail).
 */
function setpriv(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  // Only Linux has a parent-death signal (prctl PR_SET_PDEATHSIG); macOS has neither it nor setpriv.
  if (process.platform !== 'linux') return setprivPath;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/bin', '/bin'];
  for (const dir of dirs) {
    const bin = path.join(dir, 'setpriv');
    try {
      accessSync(bin, constants.X_OK);
    } catch {
      continue; // not here
    }
    if (spawnSync(bin, ['--pdeathsig', 'TERM', '--', 'true'], { stdio: 'ignore' }).status === 0) setprivPath = bin;
    break;
  }
  return setprivPath;
}

/** Whether dieWithParent wraps (Linux with setpriv), for a spawn it cannot reach that must be replaced instead. */
export function canDieWithParent(): boolean {
  return setpriv() !== null;
}

/**
 * The command and arguments to spawn a service with so that the kernel sends it `signal` when the thread that
 * spawned it dies (SIGKILL included): `setpriv --pdeathsig <signal> -- <command> <args>`. setpriv sets the signal
 * and execs the command, so the child's pid is the service's own and a kill of its pid or its process group
 * (`detached: true`, `process.kill(-pid)`) reaches it as before. A spawn from the main thread (every one here: jest
 * runs tests in child processes, not worker threads) dies with the process; one from a worker thread would die with
 * that thread. A service that changes credentials or gains file capabilities at exec loses the signal (the kernel
 * clears it): a Caddy given cap_net_bind_service with setcap is one.
 *
 * Where there is no setpriv that takes --pdeathsig (macOS, which has no parent-death signal; a Linux without
 * util-linux 2.33) the command is returned as given: the service then outlives a killed parent, as it always did there.
 *
 * For long-running services only: a short command we wait for (tsc, the schema tool) needs none.
 */
export function dieWithParent(
  command: string,
  args: readonly string[],
  signal: ParentDeathSignal = 'SIGTERM',
): [string, string[]] {
  const bin = setpriv();
  if (!bin) return [command, [...args]];
  return [bin, ['--pdeathsig', signal.replace(/^SIG/, ''), '--', command, ...args]];
}
