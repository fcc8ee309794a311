// The least a dispatch on Temporal can be: started, one workflow task that runs the first wave as a local
// activity (here one that does no work but tell the driver it ran), then the escalation's timer. Six history
// events and one workflow task, against the request workflow's ten and one.
import { condition, proxyLocalActivities } from '@temporalio/workflow';

const { firstWave } = proxyLocalActivities<{ firstWave(id: string): Promise<void> }>({
  startToCloseTimeout: '4 seconds',
});

export async function dispatchShapedWorkflow(id: string): Promise<void> {
  await firstWave(id);
  await condition(() => false, '20 minutes');
}
