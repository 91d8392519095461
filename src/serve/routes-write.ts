// The routes that take a body: /api/analyze (public: analyses, stores nothing) and the writes, which need
// the token — /api/ingest (analysed, stored and linked into the story as `dossier ingest` does it) and
// /api/merges (join two entities; DELETE undoes). Bodies are JSON objects, checked field by field.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DossierError, asDossierError } from '../errors.js';
import { newFeedState, pollFeed } from '../ingest/feeds.js';
import { loadFeedEntry, loadJsonObject, type Loaded } from '../ingest/load-source.js';
import { defaultStoryContext, indexArticle } from '../story/index-article.js';
import { mergeEntities, undoMerge } from '../story/link-entities.js';
import { findEntity } from '../story/queries.js';
import { storeArticle, type LinkFn } from '../story/store-articles.js';
import { requireToken } from './auth.js';
import type { ApiContext } from './context.js';

/** Bodies of the routes that are not articles (merges): small. */
export const SMALL_BODY_LIMIT = 16 * 1024;

type Body = Record<string, unknown>;

const ARTICLE_FIELDS = ['text', 'html', 'url', 'title', 'published'] as const;

/** The body as an object whose named fields are strings (or absent); anything else is a 400. */
function objectBody(req: FastifyRequest, fields: readonly string[]): Body {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DossierError('DOSSIER_INPUT_INVALID', 'The request body must be a JSON object.');
  }
  const o = body as Body;
  for (const f of fields) {
    const v = o[f];
    if (v !== undefined && v !== null && typeof v !== 'string') throw new DossierError('DOSSIER_INPUT_INVALID', `The field "${f}" must be a string.`);
  }
  return o;
}

/** Exactly one of the given fields holds the article (or the feed). */
function exactlyOne(o: Body, fields: readonly string[]): string {
  const given = fields.filter((f) => typeof o[f] === 'string' && (o[f] as string) !== '');
  if (given.length !== 1) {
    throw new DossierError(given.length ? 'DOSSIER_INPUT_INVALID' : 'DOSSIER_INPUT_EMPTY',
      given.length ? `Give one of ${fields.join(', ')}, not ${given.join(' and ')}.` : `The body needs one of ${fields.map((f) => `"${f}"`).join(', ')}.`);
  }
  return given[0];
}

/** Readable article input from a body ({text|html|url, title, published}); private addresses are refused. */
async function loadArticleBody(o: Body, ctx: ApiContext): Promise<Loaded> {
  const fields = { text: o.text, html: o.html, url: o.url, title: o.title, published: o.published };
  return loadJsonObject(fields, { allowPrivate: false, maxBytes: ctx.articleBodyLimit });
}

interface IngestResult { articleId: string; status: 'ingested' | 'duplicate'; title: string | null; url: string | null }
interface IngestFailure { url?: string; error: { code: string; message: string } }

export function registerWriteRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;
  const auth = requireToken(ctx.token);
  const articleBody = { bodyLimit: ctx.articleBodyLimit };
  const link: LinkFn = (tx, id, analysis) => indexArticle(tx, id, analysis, defaultStoryContext());

  app.post('/api/analyze', articleBody, async (req) => {
    const o = objectBody(req, ARTICLE_FIELDS);
    exactlyOne(o, ['text', 'html', 'url']);
    const { article } = await loadArticleBody(o, ctx);
    return ctx.analyze(article);
  });

  const ingestOne = async (loaded: Loaded, foundVia: string): Promise<IngestResult> => {
    const r = await ctx.serially(() => storeArticle(store, { ...loaded, foundVia }, ctx.analyze, link));
    return { articleId: r.articleId, status: r.status, title: r.title ?? loaded.article.title ?? null, url: loaded.article.url ?? null };
  };

  app.post('/api/ingest', { ...articleBody, onRequest: auth }, async (req) => {
    const o = objectBody(req, [...ARTICLE_FIELDS, 'feed']);
    const kind = exactlyOne(o, ['text', 'html', 'url', 'feed']);
    const results: IngestResult[] = [];
    const failed: IngestFailure[] = [];
    if (kind !== 'feed') {
      // One article: when it cannot be read or analysed the request fails with its status.
      results.push(await ingestOne(await loadArticleBody(o, ctx), kind === 'url' ? 'url' : 'given'));
      return { results, failed };
    }
    const polled = await pollFeed(o.feed as string, newFeedState(), { allowPrivate: false, maxBytes: ctx.articleBodyLimit });
    if (polled.status !== 'ok') return { results, failed };
    for (const entry of polled.fresh) {
      try {
        results.push(await ingestOne(await loadFeedEntry(entry, polled.feed, { allowPrivate: false, maxBytes: ctx.articleBodyLimit }), 'feed'));
      } catch (err) {
        const e = asDossierError(err);
        // an entry's failure is reported beside the others; a server fault still fails the request
        if (e.code === 'DOSSIER_INTERNAL' || e.code.startsWith('DOSSIER_STORE_')) throw err;
        failed.push({ ...(entry.link ? { url: entry.link } : {}), error: { code: e.code, message: e.message } });
      }
    }
    return { results, failed };
  });

  app.post('/api/merges', { bodyLimit: SMALL_BODY_LIMIT, onRequest: auth }, async (req) => {
    const o = objectBody(req, ['into', 'from', 'reason']);
    const into = typeof o.into === 'string' ? o.into.trim() : '', from = typeof o.from === 'string' ? o.from.trim() : '';
    if (!into || !from) throw new DossierError('DOSSIER_INPUT_INVALID', 'A merge needs "into" and "from": two entity ids or names ("from" is merged into "into").');
    const a = await findEntity(store, into), b = await findEntity(store, from);
    if (!a) throw new DossierError('DOSSIER_NOT_FOUND', `No entity in the store is called "${into}" or has that id.`);
    if (!b) throw new DossierError('DOSSIER_NOT_FOUND', `No entity in the store is called "${from}" or has that id.`);
    if (a.entity.id === b.entity.id) throw new DossierError('DOSSIER_BAD_OPTION', `"${into}" and "${from}" are already one entity (${a.entity.id}).`);
    const reason = typeof o.reason === 'string' && o.reason.trim() ? o.reason.trim() : 'merged by the user';
    const m = await ctx.serially(() => mergeEntities(store, a.entity.id, b.entity.id, reason));
    return { mergeId: m.id, merge: m, into: { id: a.entity.id, name: a.entity.name, type: a.entity.type }, from: { id: b.entity.id, name: b.entity.name, type: b.entity.type } };
  });

  app.delete('/api/merges/:id', { onRequest: auth }, async (req) => {
    const id = (req.params as { id: string }).id;
    const [known] = (await store.storyMerges({ ids: [id] })).items;
    if (!known) throw new DossierError('DOSSIER_NOT_FOUND', `There is no merge ${id}.`);
    const m = await ctx.serially(() => undoMerge(store, id));
    return { mergeId: m.id, merge: m };
  });
}
