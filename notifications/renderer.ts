// Renders a message from the workspace's own template when it has one, else the default for the language.
import type { Stores } from '../db';
import type { StoredTemplate } from '../db/stores/templates-store';
import { render, type MessageKey } from './catalogue';

export interface MessageRenderer {
  render(
    workspaceId: string,
    key: MessageKey,
    language: string,
    vars: Record<string, string | number | undefined>,
  ): Promise<{ subject: string; body: string }>;
  /**
   * A renderer for one batch of messages (a wave): each workspace's templates are read once for the batch
   * (one statement, whatever the keys and languages), not once per message. Short-lived on purpose: an
   * edited template applies to the next batch. The batch of a batch is the batch itself.
   */
  batch(): MessageRenderer;
}

export function createMessageRenderer(stores: Stores): MessageRenderer {
  function renderer(lookup: typeof stores.templates.get, batched: boolean): MessageRenderer {
    const self: MessageRenderer = {
      async render(workspaceId, key, language, vars) {
        const own = await lookup(workspaceId, key, language);
        return render(key, language, vars, own ? { subject: own.subject ?? undefined, body: own.body } : undefined);
      },
      batch() {
        // A batch within a batch (an activity's messages, a wave among them) reads once for all of them.
        if (batched) return self;
        // A workspace has few templates of its own (most have none): all of them cost one read, where a wave in
        // two languages cost two.
        const read = new Map<string, Promise<Map<string, StoredTemplate>>>();
        return renderer(async (workspaceId, key, language) => {
          let own = read.get(workspaceId);
          if (!own) {
            own = stores.templates
              .list(workspaceId)
              .then((ts) => new Map(ts.map((t) => [`${t.key}:${t.language}`, t])));
            read.set(workspaceId, own);
            // A read that failed is not kept: the batch's next message reads again.
            const mine = own;
            mine.catch(() => {
              if (read.get(workspaceId) === mine) read.delete(workspaceId);
            });
          }
          return (await own).get(`${key}:${language}`);
        }, true);
      },
    };
    return self;
  }
  return renderer((workspaceId, key, language) => stores.templates.get(workspaceId, key, language), false);
}
