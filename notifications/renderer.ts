// Renders a message from the workspace's own template when it has one, else the default for the language.
import type { Stores } from '../db';
import { render, type MessageKey } from './catalogue';

export interface MessageRenderer {
  render(
    workspaceId: string,
    key: MessageKey,
    language: string,
    vars: Record<string, string | number | undefined>,
  ): Promise<{ subject: string; body: string }>;
  /**
   * A renderer for one batch of messages (a wave): each workspace template is looked up once for the
   * batch, not once per message. Short-lived on purpose: an edited template applies to the next batch.
   */
  batch(): MessageRenderer;
}

export function createMessageRenderer(stores: Stores): MessageRenderer {
  function renderer(lookup: typeof stores.templates.get): MessageRenderer {
    return {
      async render(workspaceId, key, language, vars) {
        const own = await lookup(workspaceId, key, language);
        return render(key, language, vars, own ? { subject: own.subject ?? undefined, body: own.body } : undefined);
      },
      batch() {
        const seen = new Map<string, ReturnType<typeof stores.templates.get>>();
        return renderer((workspaceId, key, language) => {
          const id = `${workspaceId}:${key}:${language}`;
          let found = seen.get(id);
          if (!found) seen.set(id, (found = stores.templates.get(workspaceId, key, language)));
          return found;
        });
      },
    };
  }
  return renderer((workspaceId, key, language) => stores.templates.get(workspaceId, key, language));
}
