// The requester withdraws from their private status link: the workflow stops, offered counselors hear.
import { workflowIdFor } from '../../workflows/definitions';
import { createCounselor, createWorkspace, smsTo, submitRequest, useTestStack, waitFor } from '../helpers/stack';

const stack = useTestStack();

it('lets the requester withdraw an open request from the status link, and only once', async () => {
  const ws = await createWorkspace(stack.stores);
  const c = await createCounselor(stack.stores, ws, { languages: ['es'] });
  const { body } = await submitRequest(stack.baseUrl, {
    workspace: ws.slug,
    language: 'es',
    topic: 'general',
    email: 'withdrawing@example.org',
    safety: 'no',
  });
  await waitFor('the offer', async () => {
    if ((await smsTo(stack.stores, [c.phone as string])).length !== 1) throw new Error('not yet');
  });
  const statusUrl = body.statusUrl as string;
  expect(await (await fetch(statusUrl)).text()).toContain('Withdraw my request');

  const res = await fetch(`${statusUrl}/cancel`, { method: 'POST' });
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('Your request has been withdrawn.');

  const result = await stack.temporal.workflow.getHandle(workflowIdFor(body.id)).result();
  expect(result.phase).toBe('cancelled');
  expect(result.cancelledBy).toBe('requester');
  const [withdrawn] = await smsTo(stack.stores, [c.phone as string]);
  expect(withdrawn.body).toContain('withdrawn');
  // They withdrew it themselves: no "closed by the team" email.
  expect(await stack.stores.devOutbox.list({ to: 'withdrawing@example.org' })).toHaveLength(0);

  const again = await fetch(`${statusUrl}/cancel`, { method: 'POST' });
  expect(again.status).toBe(409);
  expect((await stack.db('help_requests').where({ id: body.id }).first()).cancel_reason).toBe(
    'withdrawn by the requester',
  );
});
