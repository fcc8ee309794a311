// Message notices: private messages and team-channel posts; they say only that there is something new and
// where to read it, never its content. The activity names (notifyNewMessage, ...) are recorded in histories: keep them.
import type { Stores } from '../db';
import { RetryableSendError, type SendOutcome, type Tell } from '../notifications';

/** Team-channel notices: at most one per person per window of this many minutes. */
export const TEAM_CHANNEL_QUIET_MINUTES = 30;

export function createMessageNoticeActivities({
  stores,
  tell,
  publicBaseUrl,
}: {
  stores: Stores;
  tell: Tell;
  publicBaseUrl: string;
}) {
  return {
    async notifyNewMessage(input: { messageId: number }): Promise<void> {
      const meta = await stores.messages.messageMeta(input.messageId);
      const thread = meta && (await stores.messages.getThread(meta.threadId));
      if (!meta || !thread) return; // deleted meanwhile: nothing to tell
      const recipients = [thread.counselorId, thread.staffId].filter((id) => id !== meta.authorId);
      const workspaceId = thread.workspaceId;
      const url = `${publicBaseUrl}/messages/${thread.id}`;
      const outcomes: SendOutcome[] = (
        await Promise.all(
          recipients.map((id) =>
            tell({ userId: id }, 'message.notice', { url }, `message-${input.messageId}`, {
              workspaceId,
              requestId: null,
            }),
          ),
        )
      ).flatMap((t) => t.outcomes);
      if (outcomes.includes('retry')) throw new RetryableSendError('a message notice was not yet accepted');
    },

    /**
     * Tells the team (counselors, leads, coordinators; not the author) there is something new in the channel. No
     * flood: the ledger key is the post's quiet window, so each person gets at most one notice per window of
     * TEAM_CHANNEL_QUIET_MINUTES however many posts and replies it holds.
     */
    async notifyTeamChannelPost(input: { postId: number }): Promise<void> {
      const meta = await stores.teamChannel.postMeta(input.postId);
      if (!meta) return;
      const team = (await stores.users.listStaff(meta.workspaceId)).concat(
        await stores.users.listActiveCounselors(meta.workspaceId),
      );
      const recipients = [...new Set(team.filter((u) => u.id !== meta.authorId && !u.deactivatedAt).map((u) => u.id))];
      const windowNo = Math.floor(meta.createdAt.getTime() / (TEAM_CHANNEL_QUIET_MINUTES * 60_000));
      const url = `${publicBaseUrl}/channel`;
      const outcomes: SendOutcome[] = (
        await Promise.all(
          recipients.map((id) =>
            tell({ userId: id }, 'team-channel.notice', { url }, `team-channel-${windowNo}`, {
              workspaceId: meta.workspaceId,
              requestId: null,
            }),
          ),
        )
      ).flatMap((t) => t.outcomes);
      if (outcomes.includes('retry')) throw new RetryableSendError('a team-channel notice was not yet accepted');
    },
  };
}
