// The test setup and the bench trust dist/ only when a build finished: a build cut short (Ctrl-C during the setup,
// a killed run) must be compiled again, not run half-written.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIsCurrent } from '../../scripts/build';

let root: string;
let dist: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'build-current-'));
  dist = path.join(root, 'dist');
  mkdirSync(path.join(root, 'api'), { recursive: true });
  mkdirSync(dist);
  writeFileSync(path.join(root, 'api', 'main.ts'), 'export {};\n');
  writeFileSync(path.join(root, 'tsconfig.json'), '{}\n');
  const past = new Date(Date.now() - 60_000);
  utimesSync(path.join(root, 'api', 'main.ts'), past, past);
  utimesSync(path.join(root, 'tsconfig.json'), past, past);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('a dist/ with tsc output but no finished-build stamp is not current (the build was cut short)', () => {
  writeFileSync(path.join(dist, '.tsbuildinfo'), '{}');
  writeFileSync(path.join(dist, 'config.js'), '');
  expect(buildIsCurrent(dist, root)).toBe(false);
});

it('a finished build is current until a source file changes after it', () => {
  writeFileSync(path.join(dist, '.built'), 'now\n');
  expect(buildIsCurrent(dist, root)).toBe(true);
  const later = new Date(Date.now() + 60_000);
  utimesSync(path.join(root, 'api', 'main.ts'), later, later);
  expect(buildIsCurrent(dist, root)).toBe(false);
});
