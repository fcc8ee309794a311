// The cool-down may hold the team's own words: on the policy form (a box per topic of the team's vocabulary, its
// own words among them) and in the JSON API, each code checked against the workspace's vocabulary; an unknown one
// is refused with a clear message and nothing is saved.
import type { Workspace } from '../../db';
import { getPage, postForm, sendJson, textOf, type Session } from '../helpers/forms';
import { createStaff, createWorkspace, FAST_POLICY, loginSession, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });
let ws: Workspace;
let coordinator: Session;
beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
  expect(await stack.stores.pool.addVocabulary(ws.id, 'specialism', 'bereaved-by-suicide', 'Bereaved by suicide')).toBe(
    true,
  );
});

const apiUrl = () => `${stack.baseUrl}/api/workspace/policy`;
const pageUrl = () => `${stack.baseUrl}/settings/policy`;
const stored = async () => (await stack.stores.workspaces.getById(ws.id))?.dispatchPolicy as Record<string, unknown>;

it('the JSON API takes the team’s own word and refuses one the team does not have', async () => {
  const unknown = await sendJson(apiUrl(), 'PUT', coordinator, { ...FAST_POLICY, coolDownAlsoHolds: ['astrology'] });
  expect(unknown.status).toBe(400);
  expect((await unknown.json()).problems).toEqual(['coolDownAlsoHolds: "astrology" is not a topic of this team']);
  expect((await stored()).coolDownAlsoHolds).toBeUndefined();

  // Another team's word is not this team's.
  const other = await createWorkspace(stack.stores);
  await stack.stores.pool.addVocabulary(other.id, 'specialism', 'shift-work', 'Shift work');
  const theirs = await sendJson(apiUrl(), 'PUT', coordinator, { ...FAST_POLICY, coolDownAlsoHolds: ['shift-work'] });
  expect(theirs.status).toBe(400);

  const ok = await sendJson(apiUrl(), 'PUT', coordinator, {
    ...FAST_POLICY,
    coolDownAlsoHolds: ['bereaved-by-suicide', 'addiction'],
  });
  expect(ok.status).toBe(200);
  expect((await stored()).coolDownAlsoHolds).toEqual(['bereaved-by-suicide', 'addiction']);
});

it('the form offers the team’s words as boxes, keeps what is ticked, and refuses a code not in the vocabulary', async () => {
  const form = await (await getPage(pageUrl(), coordinator)).text();
  expect(form).toMatch(
    /<input\s+type="checkbox"\s+name="coolDownAlsoHolds"\s+value="bereaved-by-suicide"\s+checked\s*\/>\s*Bereaved by suicide/,
  );
  const base = {
    'wave-0-channel': 'sms',
    'wave-0-wait': '30s',
    'wave-0-urgentWait': '',
    holdOpen: '30s',
    assignmentRefusalWindow: '2h',
    widening: ['general-support'],
    alternatives: '',
    coolDownAfter: '2',
    coolDownWithin: '7d',
    coolDownHold: '3d',
    supervisionOverdueAfter: '2d',
    action: 'save',
  };
  const bad = await postForm(pageUrl(), coordinator, {
    ...base,
    coolDownAlsoHolds: ['bereaved-by-suicide', 'astrology'],
  });
  expect(bad.status).toBe(400);
  expect(textOf(await bad.text(), 'coolDownAlsoHolds-error')).toContain('"astrology" is not a topic of this team');
  expect((await stored()).coolDownAlsoHolds).toEqual(['bereaved-by-suicide', 'addiction']);

  const saved = await postForm(pageUrl(), coordinator, { ...base, coolDownAlsoHolds: 'bereaved-by-suicide' });
  expect(saved.status).toBe(303);
  expect((await stored()).coolDownAlsoHolds).toEqual(['bereaved-by-suicide']);
  // No box ticked: the cool-down holds the categories' topics only.
  expect((await postForm(pageUrl(), coordinator, base)).status).toBe(303);
  expect((await stored()).coolDownAlsoHolds).toBeUndefined();
});
