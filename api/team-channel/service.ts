// Posting to the team channel: stored (encrypted) first, then a durable workflow tells the team there is
// something new (the activity keeps it to one notice per person per quiet window).
import type { Stores } from '../../db';
import type { Engine } from '../../engine';
import { noticeStarter } from '../notice-start';

export function createTeamChannelService(deps: { stores: Stores; engine: Engine; log: (msg: string) => void }) {
  const { stores } = deps;
  const startNotice = noticeStarter(deps);
  return {
    /** The new post's id, or null when the post replied to is not in this workspace. */
    async post(input: { workspaceId: string; authorId: string; body: string; parentId: number | null }) {
      const id = await stores.teamChannel.post(input);
      if (id === null) return null;
      await startNotice('team-channel-post', id);
      return id;
    },
  };
}
export type TeamChannelService = ReturnType<typeof createTeamChannelService>;
