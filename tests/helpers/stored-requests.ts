// A help request stored straight through the requests store, with no intake and no workflow: for tests of the
// database's rules (matching, capacity, the forecast, the wave's writes), where how a request arrived does not
// matter. Tests of dispatch submit through the API (tests/helpers/stack.ts) instead.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Stores } from '../../db';
import type { NewRequest } from '../../db/stores/requests-store';

/** An English, general, not urgent request of the workspace, with `fields` on top; its id. */
export async function storeRequest(
  stores: Pick<Stores, 'requests'>,
  workspaceId: string,
  fields: Partial<NewRequest> = {},
): Promise<string> {
  const id = fields.id ?? randomUUID();
  await stores.requests.create({
    id,
    workspaceId,
    language: 'en',
    topic: 'general',
    livedExperience: [],
    safety: 'no',
    urgent: false,
    contact: { email: `requester-${randomBytes(4).toString('hex')}@example.org` },
    workflowInput: {},
    taskQueue: 'stored-by-a-test',
    ...fields,
  });
  return id;
}

/**
 * A stored request assigned to the counselor (what capacity, ranking, pool health and the forecast count), now or
 * back-dated to `at`; its id.
 */
export async function storeAssignedRequest(
  s: { stores: Pick<Stores, 'requests'>; db: Knex },
  workspaceId: string,
  counselorId: string,
  at?: Date | string,
): Promise<string> {
  const id = await storeRequest(s.stores, workspaceId);
  expect((await s.stores.requests.recordAssignment(id, counselorId)).outcome).toBe('recorded');
  if (at !== undefined) await s.db('assignments').where({ request_id: id }).update({ created_at: at });
  return id;
}
