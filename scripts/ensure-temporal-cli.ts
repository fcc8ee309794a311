// Finds or builds the Temporal CLI ahead of the tests (CI runs this so the build's progress is visible).
import path from 'node:path';
import { resolveTemporalCli } from './temporal-cli';

resolveTemporalCli(path.resolve(__dirname, '..'))
  .then((bin) => console.log(`Temporal CLI: ${bin}`))
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
