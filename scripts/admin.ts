// `npm run admin -- <verb>`: see scripts/admin-command.ts (and `npm run admin -- help`).
import { runAdmin } from './admin-command';

runAdmin(process.argv.slice(2), {
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
}).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`admin: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
