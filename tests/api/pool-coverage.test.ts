// /pool/coverage counts, per language x specialism and language x lived experience, only the counselors who
// could take a request now (live, not away, not paused, under capacity), of this workspace, and marks thin cells.
import type { Workspace } from '../../db';
import { getPage, type Session } from '../helpers/forms';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack } from '../helpers/stack';

const stack = useTestStack({ worker: false });
let ws: Workspace;
let coordinator: Session;
beforeAll(async () => {
  const s = stack.stores;
  ws = await createWorkspace(s);
  coordinator = await loginSession(stack.baseUrl, (await createStaff(s, ws)).email);
  const ruGrief = { languages: ['ru'], specialisms: ['grief'], livedExperience: [] as string[] };
  await createCounselor(s, ws, {
    languages: ['ru', 'en'],
    specialisms: ['grief', 'general'],
    livedExperience: ['bereavement'],
  });
  await createCounselor(s, ws, { ...ruGrief, livedExperience: ['parent'] });
  await createCounselor(s, ws, { languages: ['en'], specialisms: ['trauma'] });
  // Not counted: away, in training, no capacity left, paused, inactive, and another workspace's.
  const away = await createCounselor(s, ws, ruGrief);
  await s.pool.addAway(ws.id, away.id, { fromOn: new Date().toISOString().slice(0, 10), untilOn: '2099-01-01' });
  await createCounselor(s, ws, { ...ruGrief, trainingComplete: false });
  await createCounselor(s, ws, { ...ruGrief, capacityPerWeek: 0 });
  const paused = await createCounselor(s, ws, ruGrief);
  await s.pauses.pause({ workspaceId: ws.id, counselorId: paused.id, source: 'coordinator', reason: 'on leave' });
  await createCounselor(s, ws, { ...ruGrief, active: false });
  await createCounselor(s, await createWorkspace(s), ruGrief);
  await s.pool.addVocabulary(ws.id, 'specialism', 'eating-disorders', 'Eating disorders');
});

it('counts the counselors who could take a request now, per combination, and marks those below 2', async () => {
  const res = await getPage(`${stack.baseUrl}/pool/coverage`, coordinator);
  expect(res.status).toBe(200);
  const pageHtml = await res.text();
  const cell = (table: string, row: string, column: string) => {
    const section = pageHtml.slice(pageHtml.indexOf(`id="${table}"`));
    const m = new RegExp(`data-row="${row}" data-column="${column}" data-count="(\\d+)" class="(thin)?"`).exec(section);
    if (!m) throw new Error(`no cell ${table} ${row} ${column}`);
    return { count: Number(m[1]), thin: m[2] === 'thin' };
  };
  expect(cell('by-specialism', 'ru', 'grief')).toEqual({ count: 2, thin: false });
  expect(cell('by-specialism', 'en', 'grief')).toEqual({ count: 1, thin: true });
  expect(cell('by-specialism', 'en', 'trauma')).toEqual({ count: 1, thin: true });
  expect(cell('by-specialism', 'ru', 'trauma')).toEqual({ count: 0, thin: true });
  expect(cell('by-specialism', 'ru', 'general')).toEqual({ count: 1, thin: true });
  expect(cell('by-specialism', 'et', 'grief')).toEqual({ count: 0, thin: true });
  expect(cell('by-specialism', 'ru', 'eating-disorders')).toEqual({ count: 0, thin: true });
  expect(cell('by-lived', 'ru', 'bereavement')).toEqual({ count: 1, thin: true });
  expect(cell('by-lived', 'ru', 'parent')).toEqual({ count: 1, thin: true });
  expect(cell('by-lived', 'en', 'parent')).toEqual({ count: 0, thin: true });
  expect(pageHtml.replace(/\s+/g, ' ')).toContain(
    'could take a request now (live, not away, not paused, under capacity): 3 of 8',
  );
});
