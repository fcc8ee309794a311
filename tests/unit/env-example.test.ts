// .env.example names every variable config.ts reads, so an operator never has to read the source to find one.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

it('lists every variable of the configuration schema', () => {
  const config = readFileSync(path.join(root, 'config.ts'), 'utf8');
  const schema = config.slice(config.indexOf('const schema = z'), config.indexOf('export interface Config'));
  const read = [...schema.matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
  expect(read.length).toBeGreaterThan(20);
  const example = readFileSync(path.join(root, '.env.example'), 'utf8');
  const listed = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
  expect(read.filter((v) => !listed.has(v))).toEqual([]);
  // The Temporal connection variables (read through @temporalio/envconfig, outside the schema) are listed too.
  for (const v of [
    'TEMPORAL_TLS_CLIENT_CERT_PATH',
    'TEMPORAL_TLS_CLIENT_KEY_PATH',
    'TEMPORAL_API_KEY',
    'TEMPORAL_TLS_SERVER_NAME',
  ])
    expect(listed.has(v)).toBe(true);
});
