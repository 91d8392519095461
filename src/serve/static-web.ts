// The web app, built by `vite build` from web/ into dist/web: its files are served as they are, `/` is
// index.html, and any other non-API path a browser asks for falls back to index.html (the app routes in
// the browser). Without a build, `/` says how to make one instead of failing.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dossier</title></head>
<body><h1>Dossier</h1>
<p>The web app is not built yet. Run <code>npm run build</code> in the project folder, then reload this page.</p>
<p>The API answers meanwhile: <a href="/api/health">/api/health</a>, <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>
`;

export const hasWebApp = (webRoot: string): boolean => existsSync(path.join(webRoot, 'index.html'));

/** Registers the static files (or the not-built page); an encapsulated plugin. */
export async function staticWeb(app: FastifyInstance, opts: { webRoot: string }): Promise<void> {
  if (!hasWebApp(opts.webRoot)) {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE));
    return;
  }
  await app.register(fastifyStatic, { root: opts.webRoot, prefix: '/', index: ['index.html'], wildcard: true, serveDotFiles: false });
}

/** True when the request is a browser navigation to an app page (not the API, not a file the app lacks). */
export function wantsAppPage(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = req.url.split('?')[0];
  if (url.startsWith('/api/') || url === '/api' || url === '/openapi.json') return false;
  return /text\/html/.test(req.headers.accept ?? '');
}

/** Answers an app page with index.html; false when there is no build to answer with. */
export async function sendAppPage(webRoot: string, reply: FastifyReply): Promise<boolean> {
  let html: string;
  try {
    html = await readFile(path.join(webRoot, 'index.html'), 'utf8');
  } catch {
    return false;
  }
  await reply.type('text/html; charset=utf-8').send(html);
  return true;
}
