// The files under deploy/ that docker-compose.yml mounts and the process proof (tests/production) runs with: one
// source of truth for the topology, and one reader for its env files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

export const DEPLOY_DIR = path.resolve(__dirname, '..', 'deploy');
export const DEPLOY_FILES = {
  /** The API's and worker's settings besides addresses and secrets. */
  appEnv: path.join(DEPLOY_DIR, 'app.env'),
  /** The Temporal Web UI's settings (read-only, under /temporal). */
  temporalUiEnv: path.join(DEPLOY_DIR, 'temporal-ui.env'),
  caddyfile: path.join(DEPLOY_DIR, 'caddy', 'Caddyfile'),
  /** The namespace's retention and search attributes (read by deploy/temporal/setup-namespace.sh). */
  namespaceEnv: path.join(DEPLOY_DIR, 'temporal', 'namespace.env'),
  dynamicConfig: path.join(DEPLOY_DIR, 'temporal', 'dynamicconfig.yaml'),
  backupScript: path.join(DEPLOY_DIR, 'backup', 'backup.sh'),
} as const;

/** A KEY=VALUE file as compose's env_file and sh read it (comments, quotes). */
export function readEnvFile(file: string): Record<string, string> {
  return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
}

/** The search attributes the namespace registers: name -> Temporal type (Keyword, Bool, ...). */
export function namespaceSearchAttributes(): Record<string, string> {
  const list = readEnvFile(DEPLOY_FILES.namespaceEnv).TEMPORAL_SEARCH_ATTRIBUTES ?? '';
  return Object.fromEntries(
    list
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );
}
