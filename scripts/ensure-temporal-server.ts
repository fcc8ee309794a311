// Finds or builds the production Temporal binaries (server, temporal-sql-tool, UI server) and the schema files
// ahead of the tests: CI runs this so a first build's progress is visible (tests/production needs them).
import { resolveTemporalSchemaDir, resolveTemporalTool } from './temporal-server';

async function main() {
  // One after another: each Go build already uses every core.
  for (const tool of ['server', 'sqlTool', 'uiServer'] as const)
    console.log(`${tool}: ${await resolveTemporalTool(tool)}`);
  console.log(`schema: ${resolveTemporalSchemaDir()}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
