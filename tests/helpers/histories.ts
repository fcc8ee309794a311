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

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;

/** The activities a history ran in the worker (local activities), by type, from their markers. */
export function localActivityTypes(history: History): string[] {
  return (history.events ?? []).flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined;
    return data ? [(JSON.parse(Buffer.from(data).toString()) as { activity_type: string }).activity_type] : [];
  });
}

/** The activities a history scheduled through the server, by type. */
export const activityTypes = (history: History): string[] =>
  (history.events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
