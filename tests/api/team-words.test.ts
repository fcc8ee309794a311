// The team's own words at intake, on the real stack: a coordinator adds a specialism and a lived-experience word with
// their Russian labels; the intake form (English and Russian) and the JSON API offer them, take them, refuse a word
// the team does not have (400 naming it, nothing stored), and dispatch offers the request to the counselors whose
// profile carries the word.
import type { User, Workspace } from '../../db';
import { translator } from '../../api/i18n';
import { getPage, postForm, type Session } from '../helpers/forms';
import {
  createCounselor,
  createStaff,
  createWorkspace,
  loginSession,
  smsTo,
  submitRequest,
  useTestStack,
  waitFor,
} from '../helpers/stack';

const stack = useTestStack();

const WORD = { code: 'caring-for-parents', en: 'Caring for parents', ru: 'Уход за родителями' };
const LIVED = { code: 'refugee', en: 'Refugee', ru: 'Беженец' };

let ws: Workspace;
let coordinator: Session;

const requestsOf = async (workspace: Workspace) =>
  stack
    .db('help_requests')
    .where({ workspace_id: workspace.id })
    .orderBy('created_at')
    .select('id', 'topic', 'lived_experience');

/** The intake form's anti-spam stamp, as a browser gets it with the page. */
async function stampOf(lang: string): Promise<string> {
  const form = await (await getPage(`${stack.baseUrl}/w/${ws.slug}/request?lang=${lang}`)).text();
  return /name="_t" value="([^"]+)"/.exec(form)?.[1] ?? '';
}

beforeAll(async () => {
  ws = await createWorkspace(stack.stores);
  await stack.stores.board.saveSettings(ws.id, { timeToHelpTargetMinutes: 240, pageLanguages: ['en', 'ru'] });
  coordinator = await loginSession(stack.baseUrl, (await createStaff(stack.stores, ws)).email);
});

describe('the vocabulary form', () => {
  it('adds a word with a label per page language, and sets the labels of a word added before', async () => {
    const add = await postForm(`${stack.baseUrl}/pool/vocabulary`, coordinator, {
      kind: 'specialism',
      label: WORD.en,
      label_ru: WORD.ru,
    });
    expect(add.status).toBe(303);
    // A word added without its Russian label (as every word before the translations existed) ...
    expect(await stack.stores.pool.addVocabulary(ws.id, 'lived-experience', LIVED.code, LIVED.en)).toBe(true);
    const pool = await (await getPage(`${stack.baseUrl}/pool`, coordinator)).text();
    expect(pool).toContain(`data-word="${LIVED.code}"`);
    // ... gets it from its row on the pool page.
    const update = await postForm(`${stack.baseUrl}/pool/vocabulary`, coordinator, {
      kind: 'lived-experience',
      label: LIVED.en,
      update: '1',
      label_ru: LIVED.ru,
    });
    expect(update.status).toBe(303);
    expect(update.headers.get('location')).toBe('/pool?done=word-labels');
    const words = await stack.stores.pool.teamWords(ws.id);
    expect(words).toEqual([
      { kind: 'lived-experience', code: LIVED.code, label: LIVED.en, labels: { ru: LIVED.ru } },
      { kind: 'specialism', code: WORD.code, label: WORD.en, labels: { ru: WORD.ru } },
    ]);
    // Adding the same name again is refused: nothing changes.
    const again = await postForm(`${stack.baseUrl}/pool/vocabulary`, coordinator, {
      kind: 'specialism',
      label: WORD.en,
      label_ru: 'другое',
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('That is already on the list.');
    expect((await stack.stores.pool.teamWords(ws.id)).find((w) => w.code === WORD.code)?.labels).toEqual({
      ru: WORD.ru,
    });
  });
});

describe('the intake', () => {
  let matching: User;
  let noWord: User;
  let noLived: User;

  beforeAll(async () => {
    const profile = { languages: ['ru', 'en'], specialisms: [WORD.code], livedExperience: [LIVED.code] };
    matching = await createCounselor(stack.stores, ws, profile);
    noWord = await createCounselor(stack.stores, ws, { ...profile, specialisms: ['grief'] });
    noLived = await createCounselor(stack.stores, ws, { ...profile, livedExperience: [] });
  });

  it('offers the team words in the page language, the English label where a word has no other', async () => {
    const ru = await (await getPage(`${stack.baseUrl}/w/${ws.slug}/request?lang=ru`)).text();
    expect(ru).toMatch(new RegExp(`<option value="${WORD.code}"\\s*>${WORD.ru}</option>`));
    expect(ru).toMatch(new RegExp(`value="${LIVED.code}"\\s*/>\\s*${LIVED.ru}</label`));
    expect(ru).toContain(`>${translator('ru')('topic.grief')}</option>`); // the built-in words stay, translated
    const en = await (await getPage(`${stack.baseUrl}/w/${ws.slug}/request?lang=en`)).text();
    expect(en).toMatch(new RegExp(`<option value="${WORD.code}"\\s*>${WORD.en}</option>`));

    const api = await fetch(`${stack.baseUrl}/api/intake-words?workspace=${ws.slug}&lang=ru`);
    expect(api.status).toBe(200);
    const listed = (await api.json()) as Record<string, any>;
    expect(listed.language).toBe('ru');
    expect(listed.topics).toContainEqual({ code: WORD.code, label: WORD.ru });
    expect(listed.topics).toContainEqual({ code: 'grief', label: translator('ru')('topic.grief') });
    expect(listed.livedExperience).toContainEqual({ code: LIVED.code, label: LIVED.ru });
    const english = (await (await fetch(`${stack.baseUrl}/api/intake-words?workspace=${ws.slug}&lang=en`)).json()) as {
      topics: unknown[];
    };
    expect(english.topics).toContainEqual({ code: WORD.code, label: WORD.en });
    expect((await fetch(`${stack.baseUrl}/api/intake-words?workspace=no-such-team`)).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/api/intake-words`)).status).toBe(400);
  });

  it('refuses a word the team does not have, naming it, and stores nothing', async () => {
    const before = (await requestsOf(ws)).length;
    const topic = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: 'knitting',
      email: 'a@example.org',
      safety: 'no',
    });
    expect(topic.status).toBe(400);
    expect(topic.body.fields.topic).toContain('"knitting"');
    const lived = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: WORD.code,
      livedExperience: [LIVED.code, 'astronaut'],
      email: 'a@example.org',
      safety: 'no',
    });
    expect(lived.status).toBe(400);
    expect(lived.body.fields.livedExperience).toContain('"astronaut"');
    expect(lived.body.fields.livedExperience).not.toContain(LIVED.code);
    // Another team's word is unknown here too.
    const other = await createWorkspace(stack.stores);
    const elsewhere = await submitRequest(stack.baseUrl, {
      workspace: other.slug,
      language: 'en',
      topic: WORD.code,
      email: 'a@example.org',
      safety: 'no',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.fields.topic).toContain(`"${WORD.code}"`);

    // The Russian form says so in Russian, with what was typed kept.
    const form = await postForm(`${stack.baseUrl}/w/${ws.slug}/request`, undefined, {
      lang: 'ru',
      _t: await stampOf('ru'),
      language: 'ru',
      topic: 'knitting',
      email: 'kept@example.org',
      safety: 'no',
    });
    expect(form.status).toBe(400);
    const page = await form.text();
    expect(page).toContain('value="kept@example.org"');
    expect(page).toMatch(/<p class="error" id="[^"]*topic[^"]*">[^<]*[А-Яа-я]/);
    expect((await requestsOf(ws)).length).toBe(before);
    expect((await requestsOf(other)).length).toBe(0);
  });

  it('takes a team word from the Russian form and the JSON API, and offers it to the counselors who carry it', async () => {
    const form = await postForm(`${stack.baseUrl}/w/${ws.slug}/request`, undefined, {
      lang: 'ru',
      _t: await stampOf('ru'),
      language: 'ru',
      topic: WORD.code,
      livedExperience: LIVED.code,
      email: 'form@example.org',
      safety: 'no',
    });
    expect(form.status).toBe(201);
    const json = await submitRequest(stack.baseUrl, {
      workspace: ws.slug,
      language: 'en',
      topic: WORD.code,
      livedExperience: [LIVED.code],
      email: 'json@example.org',
      safety: 'no',
    });
    expect(json.status).toBe(201);
    const stored = await requestsOf(ws);
    expect(stored.slice(-2).map((r) => [r.topic, r.lived_experience])).toEqual([
      [WORD.code, [LIVED.code]],
      [WORD.code, [LIVED.code]],
    ]);

    for (const r of stored.slice(-2)) {
      await waitFor(
        'the SMS wave',
        async () => {
          if (!(await stack.stores.events.list(r.id)).some((e) => e.type === 'wave-sent')) throw new Error('not yet');
        },
        30_000,
      );
    }
    // Both requests went to the counselor with the word and the lived experience, and to nobody else.
    const sms = await smsTo(
      stack.stores,
      [matching, noWord, noLived].map((c) => c.phone as string),
    );
    expect(sms.map((m) => m.to)).toEqual([matching.phone, matching.phone]);
    // The offer names the word (its code spelled out: the SMS has no team label at hand) and not "undefined".
    expect(sms.map((m) => m.body).join('\n')).not.toContain('undefined');

    // The coordinator's request page names the team's words by their labels.
    const requestPage = await (await getPage(`${stack.baseUrl}/requests/${json.body.id}`, coordinator)).text();
    expect(requestPage).toContain(`<h1>${WORD.en}`);
    expect(requestPage).toContain(LIVED.en);

    const explanation = await stack.stores.matching.explainMatch({
      workspaceId: ws.id,
      language: 'en',
      topics: [WORD.code],
      livedExperience: [LIVED.code],
    });
    const reasons = Object.fromEntries(explanation.map((e) => [e.userId, e.reasons]));
    expect(reasons[matching.id]).toEqual([]);
    expect(reasons[noWord.id]).toEqual(['no caring-for-parents']);
    expect(reasons[noLived.id]).toEqual(['no lived experience: refugee']);
  });
});
