// Workflow histories saved as replay fixtures (UPDATE_HISTORIES=1 npx jest tests/workflows) and replayed
// by tests/workflows/request-workflow.test.ts: a non-deterministic change to the workflow fails the suite.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES = path.resolve(__dirname, '../workflows/histories');

export async function maybeSaveHistory(temporal: Client, name: string, workflowId: string): Promise<void> {
  if (process.env.UPDATE_HISTORIES !== '1') return;
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  writeFileSync(path.join(HISTORIES, `${name}.json`), historyToJSON(history));
}
