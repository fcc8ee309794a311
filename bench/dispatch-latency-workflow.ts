// The smallest workflow with the request workflow's shape: two activities in a row, then a long wait.
import { condition, proxyActivities } from '@temporalio/workflow';

const { first, second } = proxyActivities<{ first(): Promise<number>; second(): Promise<number> }>({
  startToCloseTimeout: '10 seconds',
});

export async function twoStepWorkflow(): Promise<void> {
  await first();
  await second();
  await condition(() => false, '20 minutes');
}
