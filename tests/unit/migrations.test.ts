// The migration list in db/knex.ts is explicit (so migrations load the same under tsx, jest and node): a file
// added to db/migrations/ but not to the list would never run, and nothing else would say so.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATION_NAMES } from '../../db/knex';

it('runs every migration file in the folder, in the order of their names', () => {
  const files = readdirSync(path.join(__dirname, '../../db/migrations'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  expect(MIGRATION_NAMES).toEqual(files);
});
