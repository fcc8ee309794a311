// createApp(deps): the whole HTTP surface, with its dependencies handed in (tests pass real ones).
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import type { Config } from '../config';
import type { Stores } from '../db';
import { createEngine, type TemporalClient } from '../engine';
import { loadSession } from './auth/sign-in-session';
import { allow, RULES } from './auth/access-policy';
import { createCoordinatorActionService } from './dispatch/coordinator-action-service';
import { createDeliveryReceiptService } from './offers/delivery-receipt-service';
import { createDispatchService } from './dispatch/service';
import { errorHandler, NotFound } from './errors';
import { alertRoutes } from './dispatch/alert-routes';
import { codecRoutes } from './codec/routes';
import { EncryptionCodec } from '../codec';
import { crisisResourceRoutes } from './settings/crisis-resources-routes';
import { authRoutes } from './auth/routes';
import { coordinatorActionRoutes } from './dispatch/coordinator-action-routes';
import { requireCsrf } from './auth/csrf';
import { devRoutes } from './dev/routes';
import { homeRoutes } from './board/home-routes';
import { intakeRoutes } from './intake/routes';
import { offerRoutes } from './offers/routes';
import { policySettingsRoutes } from './settings/policy-routes';
import { poolRoutes } from './pool/routes';
import { forecastRoutes } from './forecast/routes';
import { reachOutRoutes } from './reach-out/routes';
import { createTeamChannelService } from './team-channel/service';
import { teamChannelRoutes } from './team-channel/routes';
import { onboardingRoutes } from './pool/onboarding-routes';
import { requestPageRoutes } from './dispatch/request-page-routes';
import { requesterStatusRoutes } from './requester/routes';
import { requestsApiRoutes } from './dispatch/requests-api-routes';
import { rotaRoutes } from './rota/routes';
import { shiftSwapRoutes } from './rota/swap-routes';
import { createShiftSwapService } from './rota/swap-service';
import { auditRoutes } from './audit/routes';
import { retentionSettingsRoutes } from './settings/retention-routes';
import { twilioWebhookRoutes } from './offers/sms-webhook-routes';
import { createSmsReplyService } from './offers/sms-reply-service';
import { createSessionService } from './sessions/service';
import { sessionRoutes } from './sessions/routes';
import { taskRoutes } from './tasks/routes';
import { createPrivateMessagesService } from './messages/service';
import { messageRoutes } from './messages/routes';
import { templateSettingsRoutes } from './settings/template-routes';
import { passwordResetRoutes } from './auth/password-reset-routes';
import { totpRoutes } from './auth/totp-routes';
import { twoStepSetupRoutes } from './auth/two-step-setup-routes';
import { passkeyRoutes } from './auth/passkey-routes';
import { createPasskeyService, relyingPartyFrom } from './auth/passkeys';
import { intakeSettingsRoutes } from './settings/intake-origins-routes';
import { serviceHoursSettingsRoutes } from './settings/service-hours-routes';
import { APP_CSS } from './ui/styles';
import { createBoardHub } from './board/hub';
import { boardRoutes } from './board/routes';
import { boardSettingsRoutes } from './settings/board-routes';
import { staticFileRoutes } from './ui/static-routes';
import { metricsRoutes } from './metrics/routes';
import { counselorHomeRoutes } from './counselor-home/routes';
import { careRoutes } from './care/routes';
import { createCareService } from './care/service';
import { accessLog } from './ui/access-log';
import { temporalUiRoutes } from './temporal-ui/routes';
import { providerTestRoutes } from './provider-test/routes';
import { rejectMalformedUrl, rejectNulInBody } from './malformed-input';
import { teamRoutes } from './team/routes';
import { accountRoutes } from './account/routes';
import { staffQuietHoursRoutes } from './staff-quiet-hours/routes';
import { securityEvents } from './security-events';
import { hostPrefixedCookies } from './auth/cookie-names';
import { createLogger, lineLog, type Log } from '../log';

export interface AppDeps {
  config: Config;
  stores: Stores;
  temporal: TemporalClient;
  log?: Log;
  /**
   * Tells the Temporal client's codec which workspace a request just stored belongs to, so sealing its workflow's
   * start does not read the row back (one statement less per dispatch, before the start).
   */
  rememberWorkspace?: (requestId: string, workspaceId: string) => void;
}

export function createApp(deps: AppDeps): Express {
  const { config, stores } = deps;
  const log = deps.log ?? lineLog(createLogger({ level: config.logLevel, name: 'api' }));
  // The API's one engine: every Temporal call of every feature goes through it.
  const engine = createEngine(deps.temporal, config.temporal.taskQueue);
  const dispatch = createDispatchService({
    stores,
    engine,
    log,
    rememberWorkspace: deps.rememberWorkspace,
  });
  const actions = createCoordinatorActionService({ stores, dispatch });
  const publicBaseUrl = config.publicBaseUrl;
  const https = publicBaseUrl.startsWith('https:');
  const passkeys = createPasskeyService({ stores, rp: relyingPartyFrom(publicBaseUrl), secureCookies: https });
  const boardHub = createBoardHub({ databaseUrl: config.databaseUrl, stores, log });
  const sessions = createSessionService(engine);
  const privateMessages = createPrivateMessagesService({ stores, engine, log });
  const care = createCareService({ stores, engine });
  const teamChannel = createTeamChannelService({ stores, engine, log });

  const app = express();
  // Open board streams never end by themselves: the process's shutdown ends them (api/main.ts).
  app.locals.closeLiveStreams = () => boardHub.close();
  app.disable('x-powered-by');
  // Who may say the visitor's address (X-Forwarded-For): the per-address limits count visitors behind a proxy.
  app.set('trust proxy', config.trustProxy);
  app.use(accessLog(log));
  app.use(securityEvents(log));
  app.use(rejectMalformedUrl);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Pages and answers carry personal data (contacts, names, messages): no cache keeps them. Static files set
    // their own caching after this.
    res.setHeader('Cache-Control', 'no-store');
    if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    next();
  });
  // The Temporal UI's codec endpoint parses its own (larger) bodies: ahead of the app's body parsers.
  app.use(
    codecRoutes({
      stores,
      codec: new EncryptionCodec(config.payloadKeys),
      log,
      namespace: config.temporal.namespace,
      uiUrl: config.temporal.uiUrl,
      secureCookies: https,
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '32kb' }));
  app.use(express.json({ limit: '32kb' }));
  app.use(rejectNulInBody);
  app.use(cookieParser());
  app.use(hostPrefixedCookies(https));

  app.get('/static/app.css', allow(RULES.public), (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(APP_CSS);
  });
  app.use(staticFileRoutes());
  app.get('/healthz', allow(RULES.public), (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', allow(RULES.public), async (_req, res) => {
    const checks = await Promise.allSettled([stores.database.ping(), engine.reachable()]);
    const [postgres, temporalOk] = checks.map((c) => c.status === 'fulfilled');
    res.status(postgres && temporalOk ? 200 : 503).json({ postgres, temporal: temporalOk });
  });

  if (config.devSinks && config.twilio) app.use(devRoutes({ stores, twilio: config.twilio }));
  // Signed by Twilio, not by a session: before the session and CSRF middleware. An email-only team has no
  // Twilio account: no SMS replies or receipts to take.
  if (config.twilio) {
    app.use(
      twilioWebhookRoutes({
        authToken: config.twilio.authToken,
        publicBaseUrl,
        replies: createSmsReplyService({ stores, dispatch, taskQueue: config.temporal.taskQueue, log }),
        receipts: createDeliveryReceiptService({ stores, dispatch, log }),
      }),
    );
  }

  app.use(loadSession(stores));
  // Only routes authorised by the session cookie take the CSRF check; link-token routes carry their own secret.
  const csrf = requireCsrf(config.sessionSecret);
  app.use(
    authRoutes({
      stores,
      secureCookies: publicBaseUrl.startsWith('https:'),
      csrf,
      sessionSecret: config.sessionSecret,
      engine,
      log,
    }),
  );
  app.use(
    passwordResetRoutes({
      stores,
      secureCookies: publicBaseUrl.startsWith('https:'),
      sessionSecret: config.sessionSecret,
      publicBaseUrl,
      engine,
      log,
      perAddressLimit: config.passwordReset.perAddressLimit,
    }),
  );
  app.use(
    twoStepSetupRoutes({
      stores,
      passkeys,
      secureCookies: publicBaseUrl.startsWith('https:'),
      sessionSecret: config.sessionSecret,
    }),
  );
  app.use(passkeyRoutes({ stores, passkeys, secureCookies: https, csrf, sessionSecret: config.sessionSecret }));
  app.use(
    totpRoutes({
      stores,
      secureCookies: publicBaseUrl.startsWith('https:'),
      csrf,
      sessionSecret: config.sessionSecret,
    }),
  );
  app.use(
    intakeRoutes({ stores, dispatch, publicBaseUrl, sessionSecret: config.sessionSecret, intake: config.intake }),
  );
  app.use(alertRoutes({ stores, dispatch }));
  app.use(crisisResourceRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(
    offerRoutes({
      stores,
      dispatch,
      csrf,
      sessionSecret: config.sessionSecret,
      secureCookies: publicBaseUrl.startsWith('https:'),
    }),
  );
  app.use(sessionRoutes({ stores, sessions, csrf, sessionSecret: config.sessionSecret, publicBaseUrl }));
  app.use(coordinatorActionRoutes({ actions, csrf }));
  app.use(requesterStatusRoutes({ stores, dispatch }));
  app.use(requestsApiRoutes({ stores, dispatch }));
  app.use(
    requestPageRoutes({
      stores,
      dispatch,
      actions,
      csrf,
      sessionSecret: config.sessionSecret,
      temporal: config.temporal,
      log,
    }),
  );
  app.use(policySettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret, smsEnabled: !!config.twilio }));
  app.use(templateSettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret, publicBaseUrl }));
  app.use(rotaRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  const swaps = createShiftSwapService({ stores, engine, log });
  app.use(shiftSwapRoutes({ stores, swaps, csrf, sessionSecret: config.sessionSecret }));
  app.use(intakeSettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(serviceHoursSettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(counselorHomeRoutes({ stores, dispatch, csrf, sessionSecret: config.sessionSecret }));
  app.use(careRoutes({ stores, care, csrf }));
  app.use(retentionSettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(auditRoutes({ stores }));
  app.use(
    onboardingRoutes({
      stores,
      engine,
      csrf,
      sessionSecret: config.sessionSecret,
      secureCookies: publicBaseUrl.startsWith('https:'),
      log,
      smsEnabled: !!config.twilio,
    }),
  );
  app.use(accountRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(staffQuietHoursRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(
    teamRoutes({
      stores,
      csrf,
      sessionSecret: config.sessionSecret,
      publicBaseUrl,
      taskQueue: config.temporal.taskQueue,
    }),
  );
  app.use(poolRoutes({ stores, csrf, sessionSecret: config.sessionSecret, smsEnabled: !!config.twilio }));
  app.use(forecastRoutes({ stores }));
  app.use(taskRoutes({ stores, sessions, privateMessages, care, csrf, sessionSecret: config.sessionSecret }));
  app.use(messageRoutes({ stores, privateMessages, csrf, sessionSecret: config.sessionSecret }));
  app.use(reachOutRoutes({ stores, privateMessages, csrf, sessionSecret: config.sessionSecret }));
  app.use(teamChannelRoutes({ stores, channel: teamChannel, csrf, sessionSecret: config.sessionSecret }));
  app.use(homeRoutes({ stores, publicBaseUrl }));
  app.use(boardRoutes({ stores, hub: boardHub, smsEnabled: !!config.twilio }));
  app.use(boardSettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(providerTestRoutes({ stores, config, csrf, sessionSecret: config.sessionSecret }));
  app.use(metricsRoutes({ stores }));
  app.use(temporalUiRoutes());

  app.use((_req, _res, next) => next(new NotFound()));
  app.use(errorHandler(log));
  return app;
}
