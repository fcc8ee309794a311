// A Russian-reading coordinator's pool-health digest and pool page word every flag in Russian: the wording comes
// from the catalogue (notifications/catalogue/pool-words.ts), one place for the page and the digest.
import { randomUUID } from 'node:crypto';
import type { User } from '../../db';
import { createEngine } from '../../engine';
import { labelsFor } from '../../notifications/catalogue';
import { ensurePoolHealthSchedule } from '../../workers/schedules';
import { getPage } from '../helpers/forms';
import { createCounselor, createStaff, createWorkspace, loginSession, useTestStack, waitFor } from '../helpers/stack';

const stack = useTestStack();
const DAY = 86_400_000;
const scheduleId = `pool-health-ru-test-${randomUUID()}`;

/** The fixed words of every English flag and gap-closer wording (the text around its {values}), longer than a word or two. */
const englishFlagWords = [
  ...Object.values(labelsFor('en').healthFlags),
  ...Object.values(labelsFor('en').gapClosers),
  ...Object.values(labelsFor('en').closerSteps),
]
  .flatMap((text) => text.split(/\{\w+\}/))
  .map((part) => part.trim().replace(/^[(:,.]+|[):,.]+$/g, ''))
  .filter((part) => part.length >= 8);

afterAll(async () => {
  await stack.temporal.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
});

it("words a Russian coordinator's digest and pool page flags in Russian, with no English flag text", async () => {
  const ws = await createWorkspace(stack.stores);
  const coordinator: User = await createStaff(stack.stores, ws);
  await stack.db('users').where({ id: coordinator.id }).update({ language: 'ru' });
  // Quiet since joining 40 days ago, and no verified phone: two flags, two wordings.
  const quiet = await createCounselor(stack.stores, ws);
  await stack
    .db('users')
    .where({ id: quiet.id })
    .update({ created_at: new Date(Date.now() - 40 * DAY), phone_verified_at: null });
  const ru = labelsFor('ru').healthFlags;
  const quietRu = ru['gone-quiet-since-joining'].replace('{days}', '40');

  const schedule = stack.temporal.schedule.getHandle(scheduleId);
  const opts = { taskQueue: stack.config.temporal.taskQueue, scheduleId, input: { workspaceIds: [ws.id] } };
  expect(await ensurePoolHealthSchedule(createEngine(stack.temporal, opts.taskQueue), opts)).toBe('created');
  await schedule.trigger();
  const [digest] = await waitFor(
    'the digest at the sink',
    async () => {
      const mails = await stack.stores.devOutbox.list({ to: coordinator.email, kind: 'email' });
      if (!mails.length) throw new Error('none yet');
      return mails;
    },
    60_000,
  );
  expect(digest.body).toContain(`${quiet.name}: ${quietRu}; ${ru['no-verified-phone']}`);
  for (const words of englishFlagWords)
    expect({ words, found: digest.body.includes(words) }).toEqual({ words, found: false });

  const session = await loginSession(stack.baseUrl, coordinator.email);
  const page = (await (await getPage(`${stack.baseUrl}/pool`, session)).text()).replace(/\s+/g, ' ');
  expect(page).toContain(quietRu);
  expect(page).toContain(ru['no-verified-phone']);
  expect(page).not.toContain('gone quiet');
});
