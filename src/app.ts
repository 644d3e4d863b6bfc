// Builds the HTTP application from explicit dependencies. No autoloading: every route module is listed here.
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { Database } from './db/database.js';
import type { Clock } from './db/business-time.js';
import { systemClock } from './db/business-time.js';
import { installErrorHandling, noRoute, send } from './http/errors.js';
import { installAuth } from './http/auth.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { regionsRoutes } from './modules/regions/regions.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { securityRoutes } from './modules/auth/security.routes.js';
import { PolicyStore } from './modules/auth/policy.js';
import { SessionCache } from './modules/auth/session-cache.js';
import { unitsRoutes } from './modules/units/units.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { peopleRoutes } from './modules/people/people.routes.js';
import { addressesRoutes } from './modules/addresses/addresses.routes.js';
import { housingRoutes } from './modules/housing/housing.routes.js';
import { establishmentsRoutes } from './modules/establishments/establishments.routes.js';
import { keypersonsRoutes } from './modules/keypersons/keypersons.routes.js';
import { registersRoutes } from './modules/registers/registers.routes.js';
import { casesRoutes } from './modules/cases/cases.routes.js';
import { installIntakeCacheInvalidation } from './modules/cases/intake-cache.js';
import { deadlinesRoutes } from './modules/deadlines/deadlines.routes.js';
import { patrolsRoutes } from './modules/patrols/patrols.routes.js';
import { warningsRoutes } from './modules/warnings/warnings.routes.js';
import { liveRoutes } from './modules/live/live.routes.js';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes.js';
import { boardRoutes } from './modules/deadlines/board.routes.js';
import { importsRoutes } from './modules/imports/imports.routes.js';
import { statsRoutes } from './modules/stats/stats.routes.js';
import { createCipherSuite, devKeyring, type CipherSuite } from './modules/personal/index.js';
import { outboxSender, type SmsSender } from './modules/notify/sms.js';

export interface AppDeps {
  db: Database['db'];
  database: Database;
  clock: Clock;
  version: string;
  demo: boolean;
  mapTileUrl?: string;
  https?: { cert: Buffer; key: Buffer };
  logLevel?: string;
  /** where uploaded files live (config: <data dir>/files) */
  filesDir?: string;
  /** personal-data encryption (config.crypto); development keys when absent */
  cipher?: CipherSuite;
  /** production: administrators must use a second factor */
  requireAdminTotp?: boolean;
  /** SMS adapter (config.sms); the outbox adapter when absent */
  sms?: SmsSender;
}

const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logLevel && deps.logLevel !== 'silent' ? { level: deps.logLevel } : false,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    ...(deps.https ? { https: deps.https } : {}),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '枫桥 Fengqiao API', version: deps.version, description: '县域社会治理平台 — county social-governance platform' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'fq_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const clock = deps.clock ?? systemClock;
  const policy = new PolicyStore(deps.db, clock);
  const sessions = new SessionCache();
  const authCtx = { db: deps.db, clock, policy, requireAdminTotp: deps.requireAdminTotp ?? false, sessions };
  installAuth(app, authCtx);
  installIntakeCacheInvalidation(app, deps.db);

  await app.register(healthRoutes(deps));
  await app.register(authRoutes(authCtx, Boolean(deps.https)));
  await app.register(securityRoutes(authCtx));
  await app.register(usersRoutes({ db: deps.db, clock, policy, sessions }));
  await app.register(unitsRoutes(deps.db));
  await app.register(auditRoutes(deps.db));
  await app.register(regionsRoutes(deps));
  const cipher = deps.cipher ?? createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' });
  await app.register(peopleRoutes({ db: deps.db, clock, cipher }));
  await app.register(addressesRoutes({ db: deps.db, clock, cipher }));
  await app.register(housingRoutes({ db: deps.db, clock, cipher }));
  await app.register(establishmentsRoutes({ db: deps.db, clock, cipher }));
  await app.register(keypersonsRoutes({ db: deps.db, clock, cipher, timeZone: deps.database.timeZone, filesDir: deps.filesDir ?? path.join(tmpdir(), 'fengqiao-files') }));
  await app.register(registersRoutes({ db: deps.db, clock, cipher }));
  const filesDir = deps.filesDir ?? path.join(tmpdir(), 'fengqiao-files');
  const sms = deps.sms ?? outboxSender(cipher);
  await app.register(casesRoutes({ db: deps.db, clock, cipher, timeZone: deps.database.timeZone, filesDir, sms }));
  await app.register(deadlinesRoutes({ db: deps.db, clock, timeZone: deps.database.timeZone }));
  await app.register(importsRoutes({ db: deps.db, clock, cipher, timeZone: deps.database.timeZone }));
  await app.register(patrolsRoutes({ db: deps.db, clock, cipher, timeZone: deps.database.timeZone, filesDir }));
  await app.register(warningsRoutes({ db: deps.db, clock }));
  await app.register(liveRoutes(deps.database.url ? { relay: { url: deps.database.url, db: deps.db } } : {}));
  await app.register(evaluationRoutes({ db: deps.db, clock, timeZone: deps.database.timeZone }));
  await app.register(boardRoutes({ db: deps.db, clock }));
  await app.register(statsRoutes({ db: deps.db, clock, timeZone: deps.database.timeZone }));

  const web = existsSync(WEB_DIST);
  if (web) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    // a missing asset or file is a 404, not the app page (a rebuilt web/dist must not turn into a blank page)
    if (!web || path.startsWith('/api/') || path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path) || req.method !== 'GET')
      return send(reply, req, noRoute(req));
    return reply.sendFile('index.html'); // the web app routes on the client
  });
  return app;
}
