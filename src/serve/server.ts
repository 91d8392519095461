// The HTTP API and the web app in one Fastify instance: `buildServer` wires encapsulated plugins — the
// security headers (whole server), the API routes, the static web app — and one error handler and one
// not-found handler, so every failure, Fastify's own included, answers in the same shape. Tests call
// `app.inject()`; `dossier serve` and `dossier demo` listen on a port.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { analyze } from '../analyze.js';
import type { AnalyzeReply, AnalyzeRequest } from '../analyze-worker.js';
import type { Analysis } from '../contract.js';
import type { Article } from '../doc.js';
import { DossierError } from '../errors.js';
import { ANALYZE_TIMEOUT_MS, WorkerPool } from '../worker-pool.js';
import { loadResources, PROJECT_ROOT } from '../resources.js';
import type { Store } from '../store/store.js';
import type { ApiContext } from './context.js';
import { writeQueue } from './context.js';
import { errorBody, toHttpFailure } from './http-errors.js';
import { openApiDocument } from './openapi.js';
import { registerExportRoute } from './routes-export.js';
import { registerReadRoutes } from './routes-read.js';
import { registerWriteRoutes, SMALL_BODY_LIMIT } from './routes-write.js';
import securityHeaders from './security-headers.js';
import { sendAppPage, staticWeb, wantsAppPage } from './static-web.js';

/** Largest article body (/api/analyze, /api/ingest) by default: a long report with its HTML is far below. */
export const ARTICLE_BODY_LIMIT = 5 * 1024 * 1024;

export const DEFAULT_WEB_ROOT = path.join(PROJECT_ROOT, 'dist', 'web');

export interface ServerOptions {
  store: Store;
  /** The write token: POST and DELETE need `Authorization: Bearer <token>`. */
  token: string;
  /** The built web app (default dist/web). */
  webRoot?: string;
  /** Fastify's logger: off by default; `true` logs requests (the authorization header redacted). */
  logger?: boolean | FastifyServerOptions['logger'];
  /** Largest body of /api/analyze and /api/ingest, in bytes (default 5 MB). */
  articleBodyLimit?: number;
  /**
   * Worker threads that analyse posted articles (0, the default: in the thread that serves requests).
   * `dossier serve` uses them, so a long text never holds every other request back.
   */
  analyzeWorkers?: number;
}

const ANALYZE_WORKER_URL = new URL('../analyze-worker.js', import.meta.url);

/** The engine for the routes: in this thread, or on a pool of worker threads made at the first article. */
function routeAnalyzer(workers: number): { analyze: (article: Article) => Promise<Analysis>; close: () => Promise<void> } {
  // the models load (once per process) on the first article, not when the server starts
  if (workers <= 0) return { analyze: async (article) => analyze(article, { resources: loadResources() }), close: async () => {} };
  let pool: WorkerPool<AnalyzeRequest, AnalyzeReply> | null = null;
  return {
    async analyze(article) {
      pool ??= new WorkerPool<AnalyzeRequest, AnalyzeReply>({ size: workers, script: ANALYZE_WORKER_URL, taskTimeoutMs: ANALYZE_TIMEOUT_MS });
      const reply = await pool.run({ article });
      if ('error' in reply) throw new DossierError(reply.error.code, reply.error.message);
      return reply.analysis;
    },
    close: async () => { await pool?.close(); },
  };
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Request logs never carry the token: the header is redacted wherever a serializer would print it. */
function loggerOptions(logger: ServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? { level: 'info' } : logger;
  return { ...(base as object), redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' } } as FastifyServerOptions['logger'];
}

/** The API routes under /api and /openapi.json; an encapsulated plugin. */
async function apiRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  // Bodies are JSON only: a text/plain post is a 415, not a string to guess about.
  app.removeContentTypeParser('text/plain');
  registerReadRoutes(app, ctx);
  registerWriteRoutes(app, ctx);
  registerExportRoute(app, ctx);
  const doc = openApiDocument(ctx.version);
  app.get('/openapi.json', async () => doc);
}

export interface RouteEntry { method: string; url: string }

const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route the server registered (HEAD twins of GET routes left out): what /openapi.json must describe. */
export const routesOf = (app: FastifyInstance): RouteEntry[] => routeTables.get(app) ?? [];

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const app = Fastify({ logger: loggerOptions(options.logger), bodyLimit: SMALL_BODY_LIMIT, return503OnClosing: true });
  const engine = routeAnalyzer(options.analyzeWorkers ?? 0);
  const ctx: ApiContext = {
    store: options.store,
    token: options.token,
    articleBodyLimit: options.articleBodyLimit ?? ARTICLE_BODY_LIMIT,
    version: packageVersion(),
    analyze: engine.analyze,
    serially: writeQueue(),
  };
  app.addHook('onClose', engine.close);

  const routes: RouteEntry[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });

  app.setErrorHandler(async (err, req, reply) => {
    const failure = toHttpFailure(err);
    if (failure.internal) req.log.error({ err }, 'request failed');
    return reply.status(failure.status).type('application/json; charset=utf-8').send(failure.body);
  });
  app.setNotFoundHandler(async (req, reply) => {
    if (wantsAppPage(req) && await sendAppPage(webRoot, reply)) return reply;
    return reply.status(404).type('application/json; charset=utf-8')
      .send(errorBody('DOSSIER_NOT_FOUND', `There is nothing at ${req.method} ${req.url.split('?')[0].slice(0, 200)}.`));
  });

  await app.register(securityHeaders);
  await app.register(apiRoutes, ctx);
  await app.register(staticWeb, { webRoot });
  return app;
}
