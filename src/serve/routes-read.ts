// The read-only questions: health, articles, entities (with their quotes, timeline and claims), quotes,
// figures, events, claims and search. Each answer pages with `cursor`/`limit` and names its article ids
// and character spans; nothing here needs the write token.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DossierError } from '../errors.js';
import type { Store, StoryEntityRow } from '../store/store.js';
import * as Q from '../story/queries.js';
import { articleView, summaryOf } from './article-view.js';
import type { ApiContext } from './context.js';
import { claimsOfEntity, namedClaim } from './entity-claims.js';
import { GlobalEntities, refOf } from './global-entities.js';
import { dateWindow, filteredPage, nonEmpty, offsetPage, oneOf, paging, type Query } from './params.js';

const ENTITY_TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;

const query = (req: FastifyRequest): Query => req.query as Query;
const param = (req: FastifyRequest, name: string): string => (req.params as Record<string, string>)[name];

/** A global entity by id or any spelling of its name, or a 404. */
async function entityOr404(store: Store, idOrName: string): Promise<{ entity: StoryEntityRow; alternatives: StoryEntityRow[] }> {
  const found = idOrName.trim() ? await Q.findEntity(store, idOrName.trim()) : null;
  if (!found) throw new DossierError('DOSSIER_NOT_FOUND', `No entity in the store is called "${idOrName}" or has that id.`);
  return found;
}

/** Article-local entity ids ('e11') in event rows, named for a reader. */
class LocalNames {
  private readonly byArticle = new Map<string, Map<string, string>>();
  constructor(private readonly store: Store) {}
  async names(articleId: string): Promise<Map<string, string>> {
    let m = this.byArticle.get(articleId);
    if (!m) {
      const a = await this.store.getAnalysis(articleId);
      m = new Map((a?.entities ?? []).map((e) => [e.id, e.name]));
      this.byArticle.set(articleId, m);
    }
    return m;
  }
  async named<T extends { articleId: string; place: string | null; actors: string[]; targets: string[] }>(e: T) {
    const m = await this.names(e.articleId);
    return { ...e, placeName: e.place ? m.get(e.place) ?? null : null, actorNames: e.actors.map((x) => m.get(x) ?? x), targetNames: e.targets.map((x) => m.get(x) ?? x) };
  }
}

/** Quote items with the global entity of their speaker (the person page to link to). */
async function withSpeakers<T extends { articleId: string; attributionId: string }>(store: Store, items: T[]) {
  const entities = new GlobalEntities(store);
  const out = [];
  for (const q of items) out.push({ ...q, speaker: refOf(await entities.ofAttribution(q.articleId, q.attributionId)) });
  return out;
}

export function registerReadRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  app.get('/api/health', async () => ({ ok: true, version: ctx.version, store: store.kind, articles: await store.countArticles() }));

  app.get('/api/articles', async (req) => {
    const q = query(req);
    const p = paging(q);
    const w = dateWindow(q);
    const inWindow = (published: string | null): boolean =>
      (!w.from || (!!published && published.slice(0, 10) >= w.from)) && (!w.to || (!!published && published.slice(0, 10) <= w.to));
    const page = await filteredPage((cursor, limit) => store.listArticles({ cursor, limit }), (a) => inWindow(a.published), p);
    const items = [];
    for (const a of page.items) items.push(summaryOf(a, await store.getAnalysis(a.id)));
    return { items, next: page.next };
  });

  app.get('/api/articles/:id', async (req) => {
    const view = await articleView(store, param(req, 'id'));
    if (!view) throw new DossierError('DOSSIER_NOT_FOUND', `There is no article ${param(req, 'id')} in the store.`);
    return view;
  });

  app.get('/api/entities', async (req) => {
    const q = query(req);
    const p = paging(q);
    const type = oneOf(q, 'type', ENTITY_TYPES);
    const name = nonEmpty(q, 'q');
    const page = name
      ? offsetPage(await store.findGlobalEntities({ name, type }), p)
      : await filteredPage((cursor, limit) => store.storyEntities({ cursor, limit }), (e) => !e.mergedInto && (!type || e.type === type), p);
    const items = [];
    for (const e of page.items) {
      const view = await store.getGlobalEntity(e.id);
      const aliases = [...(view?.aliases ?? [])].sort((a, b) => b.count - a.count).map((a) => a.alias);
      const articleCount = view?.articleCount ?? 0;
      items.push({ id: e.id, name: view?.name ?? e.name, type: e.type, articleCount, articles: articleCount, aliases });
    }
    return { items, next: page.next };
  });

  app.get('/api/entities/:idOrName', async (req) => {
    const found = await entityOr404(store, param(req, 'idOrName'));
    const described = await Q.describeEntity(store, found.entity.id);
    return { ...described, alternatives: found.alternatives.map((e) => ({ id: e.id, name: e.name, type: e.type })) };
  });

  app.get('/api/entities/:idOrName/quotes', async (req) => {
    const q = query(req);
    const { entity } = await entityOr404(store, param(req, 'idOrName'));
    const answer = await Q.quotesBy(store, entity.id, { ...dateWindow(q), ...paging(q) });
    return { entity: refOf(entity), ...answer, items: await withSpeakers(store, answer.items) };
  });

  app.get('/api/entities/:idOrName/timeline', async (req) => {
    const q = query(req);
    const { entity } = await entityOr404(store, param(req, 'idOrName'));
    const answer = await Q.timeline(store, entity.id, { ...dateWindow(q), ...paging(q) });
    const names = new LocalNames(store);
    const items = [];
    const entities = new GlobalEntities(store);
    for (const t of answer.items) {
      items.push(t.what === 'event' ? await names.named(t) : { ...t, speaker: refOf(await entities.ofAttribution(t.articleId, t.attributionId)) });
    }
    return { entity: refOf(entity), ...answer, items };
  });

  app.get('/api/entities/:idOrName/claims', async (req) => {
    const { entity } = await entityOr404(store, param(req, 'idOrName'));
    const { items, counts } = await claimsOfEntity(store, entity);
    return { entity: refOf(entity), ...offsetPage(items, paging(query(req))), counts };
  });

  app.get('/api/quotes', async (req) => {
    const q = query(req);
    const by = nonEmpty(q, 'by'), about = nonEmpty(q, 'about');
    if (by !== undefined && about !== undefined) throw new DossierError('DOSSIER_BAD_OPTION', 'Give one of by=NAME (what someone said) or about=TEXT (what was said about a topic), or neither for every statement; not both.');
    const opts = { ...dateWindow(q), ...paging(q) };
    if (by === undefined && about === undefined) {
      const answer = await Q.allQuotes(store, opts);
      return { query: {}, ...answer, items: await withSpeakers(store, answer.items) };
    }
    if (by !== undefined) {
      const { entity } = await entityOr404(store, by);
      const answer = await Q.quotesBy(store, entity.id, opts);
      return { query: { by }, entity: refOf(entity), ...answer, items: await withSpeakers(store, answer.items) };
    }
    const answer = await Q.quotesAbout(store, about!, opts);
    return { query: { about }, ...answer, items: await withSpeakers(store, answer.items) };
  });

  app.get('/api/figures', async (req) => {
    const q = query(req);
    const subject = nonEmpty(q, 'subject'), measure = nonEmpty(q, 'measure');
    return { query: { subject: subject ?? null, measure: measure ?? null }, ...await Q.figureSeries(store, { subject, measure, ...dateWindow(q), ...paging(q) }) };
  });

  app.get('/api/events', async (req) => {
    const q = query(req);
    const code = nonEmpty(q, 'code'), modality = nonEmpty(q, 'modality');
    if (code !== undefined && !/^\d{1,4}$/.test(code)) throw new DossierError('DOSSIER_BAD_OPTION', `code is a CAMEO code or prefix of digits (04, 036), not "${code}".`);
    const answer = await Q.events(store, { code, modality, ...dateWindow(q), ...paging(q) });
    const names = new LocalNames(store);
    const items = [];
    for (const e of answer.items) items.push(await names.named(e));
    return { query: { code: code ?? null, modality: modality ?? null }, ...answer, items };
  });

  app.get('/api/claims', async (req) => {
    const page = await Q.claims(store, paging(query(req)));
    const entities = new GlobalEntities(store);
    const items = [];
    for (const c of page.items) items.push(await namedClaim(entities, c));
    return { items, next: page.next };
  });

  app.get('/api/search', async (req) => {
    const q = query(req);
    const text = nonEmpty(q, 'q');
    if (text === undefined) throw new DossierError('DOSSIER_BAD_OPTION', 'Search needs some words to look for: give q=WORDS.');
    const kind = oneOf(q, 'kind', ['article', 'quote'] as const);
    return { query: { q: text }, ...await Q.search(store, text, { kinds: kind ? [kind] : undefined, ...dateWindow(q), ...paging(q) }) };
  });
}
