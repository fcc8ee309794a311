// Public intake: the HTML form and POST /api/requests (JSON).
import { Router, type Request } from 'express';
import type { Stores } from '../../db';
import type { DispatchService } from '../dispatch/service';
import { BadRequest, Forbidden, HttpError, NotFound } from '../errors';
import { AVAILABLE_LANGUAGES, chooseLanguage, translator } from '../i18n';
import { lockoutMessage } from '../auth/login-throttle';
import {
  checkIntakeStamp,
  honeypotFilled,
  intakeProtectionFields,
  MAX_FORM_AGE_MS,
  NEUTRAL_REFUSAL,
  overIntakeLimit,
  STAMP_FIELD,
  stampUseKey,
} from './guard';
import { parseIntake } from './form';
import { teamPhoneCountry } from '../../domain/phone';
import { intakePage, submittedPage } from './view';
import { expectedWaitFor } from './wait-service';
import { serviceHoursAt, serviceHoursJson, serviceHoursLine, waitBesideHours } from './service-hours';
import { intakeVocabulary, intakeWords } from './words-service';
import { allow, RULES } from '../auth/access-policy';

/** What peer support is and is not, for API clients to show before their form is sent. */
export const SCOPE_SUMMARY =
  'Peer support is a conversation with a trained peer counselor. It is not therapy, not an assessment, and not an ' +
  'emergency or crisis service; a counselor usually gets in touch within hours. In danger now: call your local emergency number.';

/** The JSON answer's words: the request's language where the requester pages speak it, else English. */
const jsonLanguage = (language: string) => (AVAILABLE_LANGUAGES.includes(language) ? language : 'en');

const CRISIS_HINT = 'If you are in danger right now, call your local emergency number.';

export function intakeRoutes(deps: {
  stores: Stores;
  dispatch: DispatchService;
  publicBaseUrl: string;
  /** Signs the form's render time; the per-IP limit and the least fill time (api/intake/guard.ts). */
  sessionSecret: string;
  intake: { rateLimit: number; minFillMs: number };
}): Router {
  const { stores, dispatch, publicBaseUrl, sessionSecret, intake } = deps;
  const ownOrigin = new URL(publicBaseUrl).origin;
  const protection = (slug: string, lang: string) =>
    intakeProtectionFields(sessionSecret, slug, translator(lang)('form.honeypot'));
  const router = Router();
  const open = allow(RULES.public);
  const statusUrl = (token: string) => `${publicBaseUrl}/r/${token}`;

  /** The workspace with its page languages, own words and service hours: one read for the whole intake. */
  async function workspaceOr404(slug: unknown) {
    const found = typeof slug === 'string' ? await stores.workspaces.forIntake(slug) : undefined;
    if (!found) throw new NotFound('This request form does not exist');
    return found;
  }

  /** The page language: the requester's choice (?lang= or the form's lang), else the browser's, among the workspace's. */
  function pageLanguage(req: Request, pageLanguages: string[]) {
    const chosen = (req.body as Record<string, unknown> | undefined)?.lang ?? req.query.lang;
    return { lang: chooseLanguage(pageLanguages, chosen, req.get('accept-language')), languages: pageLanguages };
  }

  router.get('/w/:slug/request', open, async (req, res) => {
    const { workspace, pageLanguages, teamWords, serviceHours } = await workspaceOr404(req.params.slug);
    const language = pageLanguage(req, pageLanguages);
    res
      .type('html')
      .set('Content-Language', language.lang)
      .send(
        intakePage(workspace, {}, {}, await stores.safety.crisisResources(workspace.id), {
          ...language,
          protection: protection(workspace.slug, language.lang),
          serviceHours: serviceHoursLine(serviceHoursAt(serviceHours), language.lang, 'form'),
          words: intakeWords(teamWords, language.lang),
        }),
      );
  });

  router.post('/w/:slug/request', open, async (req, res) => {
    const { workspace, pageLanguages, teamWords, serviceHours } = await workspaceOr404(req.params.slug);
    const language = pageLanguage(req, pageLanguages);
    const t = translator(language.lang);
    const words = intakeWords(teamWords, language.lang);
    const again = async (status: number, errors: Record<string, string>) =>
      res
        .status(status)
        .type('html')
        .set('Content-Language', language.lang)
        .send(
          intakePage(workspace, req.body ?? {}, errors, await stores.safety.crisisResources(workspace.id), {
            ...language,
            protection: protection(workspace.slug, language.lang),
            serviceHours: serviceHoursLine(serviceHoursAt(serviceHours), language.lang, 'form'),
            words,
          }),
        );
    const limited = await overIntakeLimit(stores, req.ip ?? 'unknown', intake.rateLimit);
    if (limited.over) {
      res.set('Retry-After', String(Math.ceil(limited.retryAfterMs / 1000)));
      await again(429, { form: `${lockoutMessage(limited.retryAfterMs)} ${CRISIS_HINT}` });
      return;
    }
    const parsed = parseIntake(req.body, teamPhoneCountry(workspace), intakeVocabulary(words));
    if (!parsed.ok) {
      await again(
        400,
        Object.fromEntries(
          Object.entries(parsed.errors).map(([field, message]) => [
            field,
            parsed.errorKeys[field] ? t(parsed.errorKeys[field]) : message,
          ]),
        ),
      );
      return;
    }
    const stamp = checkIntakeStamp(sessionSecret, workspace.slug, req.body?.[STAMP_FIELD], intake.minFillMs);
    // A stamp works once: a bot replaying one good form gets the same neutral refusal.
    const reused =
      stamp === 'ok' &&
      (await stores.rateLimits.hit(stampUseKey(String(req.body[STAMP_FIELD])), MAX_FORM_AGE_MS)).count > 1;
    if (honeypotFilled(req.body) || stamp !== 'ok' || reused) {
      // Checked once the fields are right (a person with a mistake sees it first; invalid input creates nothing
      // anyway). Nothing created; the form comes back with what was typed and a fresh stamp, so a person can send it again.
      await again(400, { form: NEUTRAL_REFUSAL });
      return;
    }
    const { request, statusToken } = await dispatch.submit(workspace, parsed.value);
    // The status link keeps the page language the requester chose.
    const link = statusUrl(statusToken) + (language.languages.length > 1 ? `?lang=${language.lang}` : '');
    const hours = serviceHoursAt(serviceHours);
    res
      .status(201)
      .type('html')
      .set('Content-Language', language.lang)
      .send(
        submittedPage(
          link,
          request.urgent,
          request.urgent ? await stores.safety.crisisResources(workspace.id, request.language) : [],
          language.lang,
          waitBesideHours(await expectedWaitFor(stores, request, new Date(), workspace), hours),
          serviceHoursLine(hours, language.lang, 'kept'),
        ),
      );
  });

  // What an API client's form may offer: the built-in topics and lived experience and the team's own words, with
  // their labels in the asked language (?lang=, else Accept-Language, among the workspace's page languages).
  router.get('/api/intake-words', open, async (req, res) => {
    if (typeof req.query.workspace !== 'string')
      throw new BadRequest('Invalid request', { workspace: 'workspace is required' });
    const { pageLanguages, teamWords } = await workspaceOr404(req.query.workspace);
    const { lang } = pageLanguage(req, pageLanguages);
    const words = intakeWords(teamWords, lang);
    const list = (pairs: [string, string][]) => pairs.map(([code, label]) => ({ code, label }));
    res.set('Content-Language', lang).json({
      language: lang,
      topics: list(words.specialisms),
      livedExperience: list(words.livedExperience),
    });
  });

  // CORS only here, and only for the origins a workspace lists (settings: /settings/intake). A preflight names no
  // workspace, so it passes an origin some workspace lists; the POST then checks the workspace it names.
  router.options('/api/requests', open, async (req, res) => {
    const origin = req.get('origin');
    if (origin && (await stores.intakeOrigins.anyAllows(origin))) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      });
    }
    res.vary('Origin').status(204).end();
  });

  router.post('/api/requests', open, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    res.vary('Origin');
    if (typeof body.workspace !== 'string')
      throw new BadRequest('Invalid request', { workspace: 'workspace is required' });
    const { workspace, teamWords, serviceHours } = await workspaceOr404(body.workspace);
    const origin = req.get('origin');
    if (origin && origin !== ownOrigin) {
      // A browser on another site: only an origin this workspace lists may submit (and read the answer).
      if (!(await stores.intakeOrigins.allows(workspace.id, origin)))
        throw new Forbidden('This website may not send requests to this team.');
      res.set('Access-Control-Allow-Origin', origin);
    }
    const limited = await overIntakeLimit(stores, req.ip ?? 'unknown', intake.rateLimit);
    if (limited.over) {
      res.set('Retry-After', String(Math.ceil(limited.retryAfterMs / 1000)));
      throw new HttpError(429, `${lockoutMessage(limited.retryAfterMs)} ${CRISIS_HINT}`);
    }
    if (honeypotFilled(body)) throw new BadRequest(NEUTRAL_REFUSAL);
    const parsed = parseIntake(body, teamPhoneCountry(workspace), intakeVocabulary(intakeWords(teamWords, 'en')));
    if (!parsed.ok) throw new BadRequest('Invalid request', parsed.errors);
    const { request, statusToken } = await dispatch.submit(workspace, parsed.value);
    res.status(201).json({
      id: request.id,
      statusUrl: statusUrl(statusToken),
      urgent: request.urgent,
      scope: SCOPE_SUMMARY,
      // What to expect: 'within' (minutes, and whether it is this time of day's), 'slow' or 'usual'.
      expectedWait: await expectedWaitFor(stores, request, new Date(), workspace),
      // Outside the team's service hours: when it answers again (the request is kept all the same).
      serviceHours: serviceHoursJson(serviceHoursAt(serviceHours), jsonLanguage(request.language)),
      // A person who may be in danger now gets the crisis lines first, before anything else.
      ...(request.urgent
        ? { crisisResources: await stores.safety.crisisResources(workspace.id, request.language) }
        : {}),
    });
  });

  return router;
}
