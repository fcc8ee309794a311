// A new team-channel post or reply: the team hears that there is something new (never what it says), durably.
import { proxyActivities } from '@temporalio/workflow';
import type { DispatchActivities } from '../activities';
import type { TeamChannelNoticeInput } from './definitions';

const { notifyTeamChannelPost } = proxyActivities<DispatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '60 seconds' },
});

export async function teamChannelNoticeWorkflow(input: TeamChannelNoticeInput): Promise<void> {
  await notifyTeamChannelPost({ postId: input.postId });
}
