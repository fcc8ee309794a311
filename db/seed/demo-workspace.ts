// The demo workspace `npm start` seeds: a coordinator, a lead and a varied pool of 20 counselors.
import type { Stores } from '..';
import type { CounselorProfileInput } from '../stores/users-store';
import { DEFAULT_DISPATCH_POLICY } from '../../domain/policy';

export { DEMO_SLUG } from '../../domain/demo';
import { DEMO_SLUG } from '../../domain/demo';
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_COORDINATOR_EMAIL = 'coordinator@demo.example';

type Seed = [name: string, languages: string[], specialisms: string[], lived: string[], trained: boolean];

// Enough overlap that most requests find several people, with a few thin combinations, as in a real pool.
const COUNSELORS: Seed[] = [
  ['Anna Tamm', ['et', 'en'], ['grief', 'general'], ['bereavement'], true],
  ['Boris Ivanov', ['ru', 'en'], ['grief', 'trauma'], ['bereavement', 'parent'], true],
  ['Carmen Ruiz', ['es', 'en'], ['addiction', 'general'], ['recovery'], true],
  ['Dmitri Sokolov', ['ru', 'et'], ['suicide-safety', 'general'], [], true],
  ['Eva Kask', ['et'], ['trauma', 'general'], ['parent'], true],
  ['Farida Aliyeva', ['ru', 'uk'], ['grief', 'general'], ['bereavement', 'migration'], true],
  ['Georg Weber', ['de', 'en'], ['addiction'], ['recovery'], true],
  ['Hanna Koval', ['uk', 'ru', 'en'], ['trauma', 'suicide-safety'], ['migration'], true],
  ['Ivan Petrov', ['ru'], ['addiction', 'general'], ['recovery', 'parent'], true],
  ['Julia Mets', ['et', 'en'], ['suicide-safety', 'grief'], [], true],
  ['Kadri Saar', ['et', 'ru'], ['general'], ['parent'], true],
  ['Lena Orlova', ['ru', 'en'], ['grief', 'general'], ['parent', 'bereavement'], true],
  ['Marko Lepik', ['et', 'en'], ['trauma'], ['lgbtq'], true],
  ['Nadia Haddad', ['en'], ['general', 'grief'], ['migration'], true],
  ['Olga Smirnova', ['ru'], ['suicide-safety'], [], true],
  ['Pedro Alves', ['es'], ['general'], [], true],
  ['Rita Vaher', ['et', 'en'], ['addiction', 'trauma'], ['recovery', 'lgbtq'], true],
  ['Sergei Volkov', ['ru', 'en'], ['general'], [], true],
  ['Tiina Rebane', ['et'], ['grief'], ['bereavement'], false],
  ['Uma Patel', ['en'], ['trauma', 'general'], ['parent'], false],
];

/** Creates the demo workspace unless it exists; returns whether it was created. */
export async function seedDemoWorkspace(stores: Stores, passwordHash: string): Promise<boolean> {
  if (await stores.workspaces.getBySlug(DEMO_SLUG)) return false;
  const ws = await stores.workspaces.create({
    slug: DEMO_SLUG,
    name: 'Demo Peer Support',
    dispatchPolicy: DEFAULT_DISPATCH_POLICY,
  });
  await stores.users.create({
    workspaceId: ws.id,
    role: 'coordinator',
    email: DEMO_COORDINATOR_EMAIL,
    name: 'Demo Coordinator',
    phone: '+15550000001',
    passwordHash,
  });
  for (const [position, r] of [
    { name: 'Emergency services', phone: '112', url: null, language: null, country: 'EE', note: 'Any danger to life' },
    {
      name: 'Eluliin (Estonian suicide prevention line)',
      phone: '655 8088',
      url: 'https://www.eluliin.ee',
      language: 'et',
      country: 'EE',
      note: 'Evenings and nights',
    },
    {
      name: 'Russian-language support line',
      phone: '655 5688',
      url: null,
      language: 'ru',
      country: 'EE',
      note: 'Evenings and nights',
    },
    {
      name: 'Samaritans',
      phone: '116 123',
      url: 'https://www.samaritans.org',
      language: 'en',
      country: 'GB',
      note: 'Any hour',
    },
  ].entries()) {
    await stores.safety.addCrisisResource(ws.id, { ...r, position });
  }
  await stores.users.create({
    workspaceId: ws.id,
    role: 'lead',
    email: 'lead@demo.example',
    name: 'Demo Lead',
    phone: '+15550000002',
    passwordHash,
  });
  for (const [i, [name, languages, specialisms, lived, trained]] of COUNSELORS.entries()) {
    const profile: CounselorProfileInput = {
      languages,
      specialisms,
      livedExperience: lived,
      trainingComplete: trained,
    };
    const user = await stores.users.create({
      workspaceId: ws.id,
      role: 'counselor',
      email: `${name.split(' ')[0].toLowerCase()}@demo.example`,
      name,
      phone: `+1555010${String(i + 1).padStart(4, '0')}`,
      passwordHash,
      profile: { ...profile, capacityPerWeek: 2 + (i % 3) },
    });
    await seedPoolDetails(stores, ws.id, user.id, i, trained);
  }
  return true;
}

const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * What makes the pool page believable: a safeguarding certification each (two expiring within the month,
 * one lapsed), one counselor away, and the two in training part-way through their tiers.
 */
async function seedPoolDetails(stores: Stores, workspaceId: string, counselorId: string, i: number, trained: boolean) {
  const expiresIn = i === 17 ? -5 : i === 3 || i === 9 ? 12 + i : 120 + i * 20;
  await stores.pool.addCertification(workspaceId, counselorId, {
    name: 'Safeguarding',
    expiresOn: daysFromNow(expiresIn),
  });
  if (i === 15)
    await stores.pool.addAway(workspaceId, counselorId, { fromOn: daysFromNow(-1), untilOn: daysFromNow(9) });
  if (!trained) {
    await stores.pool.updateProfile(workspaceId, counselorId, {
      qualifiedOn: '2025-09-01',
      programmeTrainedOn: i === 18 ? '2026-10-15' : null,
    });
    if (i === 18)
      await stores.pool.signOffSupervised(workspaceId, counselorId, { sessionOn: '2026-11-02', signedOffBy: null });
  }
}
