// createApp(deps): the whole HTTP surface, with its dependencies handed in (tests pass real ones).
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Stores } from '../db';
import { loadSession } from './auth/session';
import { allow, RULES } from './auth/access-policy';
import { createCoordinatorActionService } from './coordinator-action-service';
import { createDeliveryReceiptService } from './delivery-receipt-service';
import { createDispatchService } from './dispatch-service';
import { errorHandler, NotFound } from './errors';
import { alertRoutes } from './routes/alerts';
import { codecRoutes } from './routes/codec';
import { EncryptionCodec } from '../codec';
import { crisisResourceRoutes } from './routes/crisis-resources';
import { authRoutes } from './routes/auth';
import { coordinatorActionRoutes } from './routes/coordinator-actions';
import { requireCsrf } from './auth/csrf';
import { devRoutes } from './routes/dev';
import { homeRoutes } from './routes/home';
import { intakeRoutes } from './routes/intake';
import { offerRoutes } from './routes/offers';
import { policySettingsRoutes } from './routes/policy-settings';
import { poolRoutes } from './routes/pool';
import { onboardingRoutes } from './routes/onboarding';
import { requestPageRoutes } from './routes/request-page';
import { requesterStatusRoutes } from './routes/requester-status';
import { requestsApiRoutes } from './routes/requests-api';
import { rotaRoutes } from './routes/rota';
import { auditRoutes } from './routes/audit';
import { retentionSettingsRoutes } from './routes/retention-settings';
import { twilioWebhookRoutes } from './routes/twilio-webhooks';
import { createSmsReplyService } from './sms-reply-service';
import { createSessionService } from './session-service';
import { sessionRoutes } from './routes/sessions';
import { taskRoutes } from './routes/tasks';
import { createMessagingService } from './messaging-service';
import { messageRoutes } from './routes/messages';
import { templateSettingsRoutes } from './routes/template-settings';
import { passwordResetRoutes } from './routes/password-reset';
import { totpRoutes } from './routes/totp';
import { intakeSettingsRoutes } from './routes/intake-settings';
import { APP_CSS } from './views/styles';
import { createBoardHub } from './board-hub';
import { boardRoutes } from './routes/board';
import { boardSettingsRoutes } from './routes/board-settings';
import { staticFileRoutes } from './routes/static-files';
import { metricsRoutes } from './routes/metrics';
import { counselorHomeRoutes } from './routes/counselor-home';
import { accessLog } from './access-log';
import { rejectMalformedUrl, rejectNulInBody } from './malformed-input';
import { securityEvents } from './security-events';
import { createLogger, lineLog, type Log } from '../log';

export interface AppDeps {
  config: Config;
  db: Knex;
  stores: Stores;
  temporal: Client;
  log?: Log;
}

export function createApp(deps: AppDeps): Express {
  const { config, stores, temporal } = deps;
  const log = deps.log ?? lineLog(createLogger({ level: config.logLevel, name: 'api' }));
  const dispatch = createDispatchService({ stores, temporal, taskQueue: config.temporal.taskQueue, log });
  const actions = createCoordinatorActionService({ stores, dispatch });
  const publicBaseUrl = config.publicBaseUrl;
  const https = publicBaseUrl.startsWith('https:');
  const boardHub = createBoardHub({ databaseUrl: config.databaseUrl, stores, log });
  const sessions = createSessionService(temporal);
  const messaging = createMessagingService({ stores, temporal, taskQueue: config.temporal.taskQueue, log });

  const app = express();
  // Open board streams never end by themselves: the process's shutdown ends them (api/main.ts).
  app.locals.closeLiveStreams = () => boardHub.close();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
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
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '32kb' }));
  app.use(express.json({ limit: '32kb' }));
  app.use(rejectNulInBody);
  app.use(cookieParser());

  app.get('/static/app.css', allow(RULES.public), (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(APP_CSS);
  });
  app.use(staticFileRoutes());
  app.get('/healthz', allow(RULES.public), (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', allow(RULES.public), async (_req, res) => {
    const checks = await Promise.allSettled([
      deps.db.raw('select 1'),
      temporal.connection.workflowService.getSystemInfo({}),
    ]);
    const [postgres, temporalOk] = checks.map((c) => c.status === 'fulfilled');
    res.status(postgres && temporalOk ? 200 : 503).json({ postgres, temporal: temporalOk });
  });

  if (config.devSinks) app.use(devRoutes({ stores, twilio: config.twilio }));
  // Signed by Twilio, not by a session: before the session and CSRF middleware.
  app.use(
    twilioWebhookRoutes({
      authToken: config.twilio.authToken,
      publicBaseUrl,
      replies: createSmsReplyService({ stores, dispatch, taskQueue: config.temporal.taskQueue, log }),
      receipts: createDeliveryReceiptService({ stores, dispatch, log }),
    }),
  );

  app.use(loadSession(stores));
  // Only routes authorised by the session cookie take the CSRF check; link-token routes carry their own secret.
  const csrf = requireCsrf(config.sessionSecret);
  app.use(
    authRoutes({
      stores,
      secureCookies: publicBaseUrl.startsWith('https:'),
      csrf,
      sessionSecret: config.sessionSecret,
    }),
  );
  app.use(
    passwordResetRoutes({
      stores,
      secureCookies: publicBaseUrl.startsWith('https:'),
      sessionSecret: config.sessionSecret,
      publicBaseUrl,
      smtpUrl: config.smtpUrl,
      mailFrom: config.mailFrom,
      log,
    }),
  );
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
  app.use(policySettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(templateSettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret, publicBaseUrl }));
  app.use(rotaRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(intakeSettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(counselorHomeRoutes({ stores, dispatch, csrf, sessionSecret: config.sessionSecret }));
  app.use(retentionSettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(auditRoutes({ stores }));
  app.use(
    onboardingRoutes({
      stores,
      temporal,
      taskQueue: config.temporal.taskQueue,
      csrf,
      sessionSecret: config.sessionSecret,
      secureCookies: publicBaseUrl.startsWith('https:'),
      log,
    }),
  );
  app.use(poolRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(taskRoutes({ stores, sessions, messaging, csrf, sessionSecret: config.sessionSecret }));
  app.use(messageRoutes({ stores, messaging, csrf, sessionSecret: config.sessionSecret }));
  app.use(homeRoutes({ stores, publicBaseUrl }));
  app.use(boardRoutes({ stores, hub: boardHub }));
  app.use(boardSettingsRoutes({ stores, csrf, sessionSecret: config.sessionSecret }));
  app.use(metricsRoutes({ stores }));

  app.use((_req, _res, next) => next(new NotFound()));
  app.use(errorHandler(log));
  return app;
}
