// Matching with the pool's rules, end to end over HTTP on the real stack: a Russian-speaking parent dealing
// with bereavement reaches exactly the live, available counselors with all three, by SMS through the
// real twilio SDK; the coordinator's request page says why everyone else was left out.
import { randomBytes, randomUUID } from 'node:crypto';
import type { User, Workspace } from '../../db';
import { hashPassword } from '../../api/auth/passwords';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  login,
  smsTo,
  submitRequest,
  uniquePhone,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const ALL_THREE = { languages: ['ru', 'en'], specialisms: ['grief'], livedExperience: ['parent', 'bereavement'] };

describe('a request matched with the pool rules', () => {
  let ws: Workspace;
  let matching: User[];
  const left: Record<string, User> = {};
  let unverified: User;
  const expiredOn = daysFromNow(-3);
  const awayUntil = daysFromNow(4);

  beforeAll(async () => {
    const s = stack.stores;
    ws = await createWorkspace(s);
    matching = [
      await createCounselor(s, ws, ALL_THREE),
      await createCounselor(s, ws, { ...ALL_THREE, languages: ['ru'], specialisms: ['grief', 'trauma'] }),
    ];
    left.noRussian = await createCounselor(s, ws, { ...ALL_THREE, languages: ['en'] });
    left.noParent = await createCounselor(s, ws, { ...ALL_THREE, livedExperience: ['bereavement'] });
    left.atCapacity = await createCounselor(s, ws, { ...ALL_THREE, capacityPerWeek: 1 });
    left.expired = await createCounselor(s, ws, ALL_THREE);
    left.away = await createCounselor(s, ws, ALL_THREE);
    left.paused = await createCounselor(s, ws, ALL_THREE);
    left.inTraining = await createCounselor(s, ws, { ...ALL_THREE, trainingComplete: false });

    // Capacity 1 and one session already this week.
    const earlier = randomUUID();
    await s.requests.create({
      id: earlier,
      workspaceId: ws.id,
      language: 'en',
      topic: 'general',
      livedExperience: [],
      safety: 'no',
      urgent: false,
      contact: { email: 'earlier@example.org' },
      workflowInput: {},
      taskQueue: 'not-dispatched',
    });
    await s.requests.recordAssignment(earlier, left.atCapacity.id);
    await s.pool.addCertification(ws.id, left.expired.id, { name: 'First aid', expiresOn: expiredOn });
    await s.pool.addAway(ws.id, left.away.id, { fromOn: daysFromNow(0), untilOn: awayUntil });
    await s.pauses.pause({ workspaceId: ws.id, counselorId: left.paused.id, source: 'self', reason: 'exams' });
    // Matches on every dimension, but their phone was never verified: no SMS goes to it.
    unverified = await s.users.create({
      workspaceId: ws.id,
      role: 'counselor',
      email: `c-${randomBytes(5).toString('hex')}@test.local`,
      name: 'Unverified Phone',
      phone: uniquePhone(),
      phoneVerified: false,
      passwordHash: await hashPassword('another long password'),
      profile: { ...ALL_THREE, trainingComplete: true },
    });
  });

  it('sends the offer SMS to exactly the live, available counselors with all three', async () => {
    const submitted = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'ru',
      topic: 'grief',
      livedExperience: ['parent', 'bereavement'],
      email: 'requester@example.org',
      safety: 'no',
    });
    expect(submitted.status).toBe(201);
    const requestId = submitted.body.id as string;

    // The wave is one activity: once its event is on the timeline every SMS of it has gone out.
    await waitFor(
      'the SMS wave',
      async () => {
        const events = await stack.stores.events.list(requestId);
        if (!events.some((e) => e.type === 'wave-sent')) throw new Error('not sent yet');
      },
      20_000,
    );
    const everyone = [...matching, ...Object.values(left), unverified].map((c) => c.phone as string);
    const sms = await smsTo(stack.stores, everyone);
    expect(sms.map((m) => m.to).sort()).toEqual(matching.map((c) => c.phone).sort());

    const coordinator = await createStaff(stack.stores, ws);
    const cookie = await login(stack.baseUrl, coordinator.email);
    const pageHtml = await (await fetch(`${stack.baseUrl}/requests/${requestId}`, { headers: { cookie } })).text();
    const line = (u: User) => {
      const m = new RegExp(`<li data-counselor="${u.id}" data-offered="(yes|no)">([\\s\\S]*?)</li>`).exec(pageHtml);
      if (!m) throw new Error(`no line for ${u.name}`);
      return {
        offered: m[1],
        text: m[2]
          .replace(/\s+/g, ' ')
          .replace(/<[^>]+>/g, '')
          .trim(),
      };
    };
    for (const c of matching) expect(line(c).offered).toBe('yes');
    expect(line(unverified)).toEqual({ offered: 'yes', text: 'Unverified Phone: yes no verified phone: no SMS' });
    const reasons: Record<string, string> = {
      noRussian: 'no Russian',
      noParent: 'no lived experience: Parent',
      atCapacity: 'capacity 1/1 this week',
      expired: `certification expired ${expiredOn}`,
      away: `away until ${awayUntil}`,
      paused: 'paused: exams',
      inTraining:
        'training: formal qualification missing; training: programme training missing; training: supervised practice 0/3',
    };
    for (const [key, reason] of Object.entries(reasons)) {
      expect(line(left[key])).toEqual({ offered: 'no', text: `${left[key].name}: no (${reason})` });
    }
  });
});
