// Renders a message from the workspace's own template when it has one, else the default for the language.
import type { Stores } from '../db';
import { render, type MessageKey } from './messages';

export interface MessageRenderer {
  render(
    workspaceId: string,
    key: MessageKey,
    language: string,
    vars: Record<string, string | number | undefined>,
  ): Promise<{ subject: string; body: string }>;
}

export function createMessageRenderer(stores: Stores): MessageRenderer {
  return {
    async render(workspaceId, key, language, vars) {
      const own = await stores.templates.get(workspaceId, key, language);
      return render(key, language, vars, own ? { subject: own.subject ?? undefined, body: own.body } : undefined);
    },
  };
}
