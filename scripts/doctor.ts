// `npm run doctor`: checks this deployment's configuration and that PostgreSQL, Temporal, SMTP and Twilio answer,
// one line per check with what to do about a failure; exits 1 when anything failed. Reads the same environment as
// the API and the worker (run it where they run: `docker compose run --rm api npm run doctor`).
import { formatResult, runDoctor } from './doctor/checks';

async function main() {
  const results = await runDoctor(process.env);
  for (const r of results) console.log(formatResult(r));
  const failed = results.filter((r) => r.status === 'fail').length;
  console.log(failed === 0 ? 'doctor: all checks passed' : `doctor: ${failed} check(s) failed`);
  // Exit now: an HTTP client's keep-alive socket would otherwise hold the process for its idle timeout.
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(`doctor: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
