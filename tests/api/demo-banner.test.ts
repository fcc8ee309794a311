// Every page of the demo workspace says it is a demo (signed in, and its public request form); a real team's do not.
import { DEMO_SLUG } from '../../domain/demo';
import { DEFAULT_DISPATCH_POLICY } from '../../domain/policy';
import { getPage } from '../helpers/forms';
import { createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });

async function demoWorkspace() {
  const existing = await stack.stores.workspaces.getBySlug(DEMO_SLUG);
  if (existing) return existing;
  try {
    return await stack.stores.workspaces.create({
      slug: DEMO_SLUG,
      name: 'Demo',
      dispatchPolicy: DEFAULT_DISPATCH_POLICY,
    });
  } catch {
    return (await stack.stores.workspaces.getBySlug(DEMO_SLUG))!; // another file made it meanwhile
  }
}

it('shows the demo banner on the demo workspace pages only', async () => {
  const demo = await demoWorkspace();
  const real = await createWorkspace(stack.stores);
  const inDemo = await loginSession(stack.baseUrl, (await createStaff(stack.stores, demo, 'coordinator')).email);
  const inReal = await loginSession(stack.baseUrl, (await createStaff(stack.stores, real, 'coordinator')).email);
  for (const path of ['/', '/board', '/pool/people', '/settings/password']) {
    expect({
      path,
      demo: (await (await getPage(`${stack.baseUrl}${path}`, inDemo)).text()).includes('id="demo-banner"'),
    }).toEqual({ path, demo: true });
    expect({
      path,
      real: (await (await getPage(`${stack.baseUrl}${path}`, inReal)).text()).includes('id="demo-banner"'),
    }).toEqual({ path, real: false });
  }
  expect(await (await getPage(`${stack.baseUrl}/w/${DEMO_SLUG}/request`)).text()).toContain('id="demo-banner"');
  expect(await (await getPage(`${stack.baseUrl}/w/${real.slug}/request`)).text()).not.toContain('id="demo-banner"');
});
