// The HTTP API's specification, run with inject() (no port) against a real SQLite store and PostgreSQL:
// the reference article and four Wikinews reports are posted through /api/ingest, then every route is
// asked its questions; answers are checked against the stored text, paged to the end, and every failure
// is checked for its status and its {"error":{code,message}} shape.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Analysis } from '../../src/contract.js';
import { buildServer } from '../../src/serve/server.js';
import type { Store } from '../../src/store/store.js';
import { assertValidAnalysis, hasShared } from '../helpers/contract.js';
import { AUTH, backends, REFERENCE_TEXT, TOKEN, WIKINEWS, XSS_TEXT } from './fixture.js';

// Answers are read as loose JSON: each test checks the fields it is about.
type Json = Record<string, any>;

const json = (r: LightMyRequestResponse): Json => JSON.parse(r.body) as Json;

function assertError(r: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(r.statusCode, status, `${code}: ${r.body}`);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const body = json(r);
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message']);
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 15, 'a sentence for a person');
  assert.doesNotMatch(r.body, /\n\s*at |file:\/\/|\/work\/|node_modules|\.[jt]s:\d+/, 'no stack trace or internal path');
  assert.ok(!r.body.includes(TOKEN), 'the token never comes back');
}

/** Every page of a list answer, following `next`. */
async function allItems(app: FastifyInstance, url: string, limit: number): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 500, 'paging ends');
    const sep = url.includes('?') ? '&' : '?';
    const r: LightMyRequestResponse = await app.inject({ url: `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` });
    assert.equal(r.statusCode, 200, r.body);
    const page = json(r);
    assert.ok(page.items.length <= limit);
    items.push(...page.items);
    if (!page.next) return items;
    assert.ok(page.items.length > 0, 'a page before the last is never empty');
    cursor = page.next;
  }
}

for (const backend of await backends()) {
  describe(`HTTP API on ${backend.name}`, () => {
    let store: Store;
    let app: FastifyInstance;
    const ids: Record<string, string> = {};
    const titles: Record<string, string | null> = {};
    const HEADLINE = 'Putin-Zelenskyy meeting likely after key differences are settled: Top Russian diplomat';
    const analyses = new Map<string, Analysis>();
    const analysisOf = async (id: string): Promise<Analysis> => {
      if (!analyses.has(id)) analyses.set(id, json(await app.inject({ url: `/api/articles/${id}` })).analysis as Analysis);
      return analyses.get(id)!;
    };

    before(async () => {
      store = await backend.open();
      app = await buildServer({ store, token: TOKEN, webRoot: '/nonexistent/dossier-web' });
      const posts = [
        // posted without a title: plain text whose first line is its headline
        { key: 'reference', body: { text: REFERENCE_TEXT, published: '2022-03-28' } },
        ...WIKINEWS.map((w, i) => ({ key: `wikinews${i}`, body: { text: w.text, title: w.title, published: w.published } })),
        { key: 'xss', body: { text: XSS_TEXT, title: '<script>alert("title")</script>', published: '2022-04-01' } },
      ];
      for (const p of posts) {
        const r = await app.inject({ method: 'POST', url: '/api/ingest', headers: AUTH, payload: p.body });
        assert.equal(r.statusCode, 200, r.body);
        const body = json(r);
        assert.deepEqual(body.failed, []);
        assert.equal(body.results.length, 1);
        assert.equal(body.results[0].status, 'ingested');
        ids[p.key] = body.results[0].articleId;
        titles[p.key] = body.results[0].title;
      }
    });

    after(async () => {
      await app.close();
      await store.close();
      await backend.done();
    });

    test('posting the same text again is a duplicate, nothing analysed or stored twice', async () => {
      const r = await app.inject({ method: 'POST', url: '/api/ingest', headers: AUTH, payload: { text: REFERENCE_TEXT, published: '2022-03-28' } });
      assert.equal(r.statusCode, 200);
      assert.deepEqual(json(r).results.map((x: Json) => [x.articleId, x.status]), [[ids.reference, 'duplicate']]);
      assert.equal(json(await app.inject({ url: '/api/health' })).articles, 6);
    });

    test('health', async () => {
      const r = await app.inject({ url: '/api/health' });
      assert.equal(r.statusCode, 200);
      assert.deepEqual({ ...json(r), version: 'v' }, { ok: true, version: 'v', store: backend.name, articles: 6 });
    });

    // [url, what the answer must show]
    const happy: [string, (body: Json) => void][] = [
      ['/api/articles', (b) => {
        assert.equal(b.items.length, 6);
        assert.equal(b.next, null);
        const ref = b.items.find((a: Json) => a.id === ids.reference);
        assert.equal(ref.published, '2022-03-28');
        assert.ok(ref.counts.attributions > 5 && ref.counts.figures > 0 && ref.counts.events > 0 && ref.counts.entities > 5);
        assert.equal(ref.text, undefined, 'lists carry no article text');
      }],
      ['/api/articles?from=2022-03-28&to=2022-03-29', (b) => {
        assert.ok(b.items.length >= 2);
        for (const a of b.items) assert.ok(a.published >= '2022-03-28' && a.published.slice(0, 10) <= '2022-03-29');
      }],
      ['/api/entities?type=PER', (b) => {
        assert.ok(b.items.length > 3);
        for (const e of b.items) assert.equal(e.type, 'PER');
        assert.ok(b.items.some((e: Json) => e.name === 'Sergey Lavrov' && e.articleCount >= 2), JSON.stringify(b.items.map((e: Json) => e.name)));
      }],
      ['/api/entities?q=Lavrov', (b) => assert.ok(b.items.some((e: Json) => /Lavrov/.test(e.name)))],
      ['/api/entities/Lavrov', (b) => {
        assert.equal(b.name, 'Sergey Lavrov');
        assert.ok(b.aliases.some((a: Json) => a.alias === 'Lavrov'));
        assert.ok(b.links.length >= 2 && b.links.every((l: Json) => typeof l.reason === 'string' && l.reason));
        assert.ok(Array.isArray(b.merges));
      }],
      ['/api/entities/Lavrov/timeline', (b) => {
        assert.equal(b.entity.name, 'Sergey Lavrov');
        assert.ok(b.items.some((t: Json) => t.what === 'said'));
        const dates = b.items.map((t: Json) => t.date ?? '');
        assert.deepEqual(dates, [...dates].sort(), 'in time order');
      }],
      ['/api/entities/Lavrov/claims', (b) => {
        assert.equal(b.entity.name, 'Sergey Lavrov');
        assert.ok(b.items.length >= 1);
        for (const c of b.items) {
          assert.ok(c.role === 'made' || c.role === 'received');
          const side = c.role === 'made' ? c.challenge : c.answers;
          assert.equal(side.speakerEntity.name, 'Sergey Lavrov');
        }
        assert.equal(b.counts.made + b.counts.received, b.items.length);
      }],
      ['/api/quotes?about=Istanbul', (b) => assert.ok(b.items.length >= 1 && b.counts.items === b.items.length)],
      ['/api/figures?subject=civilians&measure=killed', (b) => {
        assert.ok(b.items.some((f: Json) => f.value === 1119 && f.qualifier === 'at_least'), JSON.stringify(b.items));
        assert.ok(b.values.length >= 1);
      }],
      ['/api/events?code=04', (b) => {
        assert.ok(b.items.length >= 1);
        for (const e of b.items) assert.match(e.code, /^04/);
        assert.ok(Array.isArray(b.venues));
      }],
      ['/api/events?modality=planned', (b) => { for (const e of b.items) assert.equal(e.modality, 'planned'); }],
      ['/api/claims', (b) => {
        assert.ok(b.items.length >= 2);
        for (const c of b.items) {
          assert.ok(['denies', 'accuses'].includes(c.relation) || c.relation, c.relation);
          for (const side of [c.challenge, c.answers]) {
            assert.ok('speakerEntity' in side && 'title' in side && 'stance' in side, JSON.stringify(Object.keys(side)));
            assert.ok(side.title, 'every article here has a title, given or its headline');
          }
        }
        // Kyiv's dismissal answers what Lavrov said, named as on his own claims page
        const dismissal = b.items.find((c: Json) => c.challenge.cue.text === 'has repeatedly dismissed' && c.answers.speakerEntity?.name === 'Sergey Lavrov');
        assert.ok(dismissal, JSON.stringify(b.items.map((c: Json) => [c.challenge.cue.text, c.answers.speakerEntity?.name])));
        assert.equal(dismissal.answers.title, HEADLINE);
      }],
      ['/api/search?q=Istanbul', (b) => {
        assert.ok(b.items.length >= 1);
        assert.ok(b.items.every((h: Json) => h.kind === 'article' || h.kind === 'quote'));
      }],
    ];
    for (const [url, check] of happy) {
      test(`GET ${url}`, async () => {
        const r = await app.inject({ url });
        assert.equal(r.statusCode, 200, r.body);
        assert.match(String(r.headers['content-type']), /^application\/json/);
        check(json(r));
      });
    }

    test('quotes by Lavrov (any spelling): every span round-trips into its article text', async () => {
      const byName = json(await app.inject({ url: '/api/quotes?by=Lavrov' }));
      const bySpelling = json(await app.inject({ url: '/api/quotes?by=Sergey%20Lavrov' }));
      const byPage = json(await app.inject({ url: `/api/entities/${encodeURIComponent(byName.entity.id)}/quotes` }));
      assert.deepEqual(bySpelling.items, byName.items);
      assert.deepEqual(byPage.items, byName.items);
      assert.ok(byName.items.length >= 5);
      assert.ok(new Set(byName.items.map((q: Json) => q.articleId)).size >= 2, 'from more than one article');
      assert.equal(byName.counts.items, byName.items.length);
      for (const q of byName.items) {
        const a = await analysisOf(q.articleId);
        assert.equal(a.text.slice(q.cue.start, q.cue.end), q.cue.text);
        for (const c of q.content) assert.equal(a.text.slice(c.start, c.end), c.text);
        if (q.source) assert.equal(a.text.slice(q.source.start, q.source.end), q.source.text);
        assert.equal(q.speaker?.name, 'Sergey Lavrov');
        assert.ok(q.kind && q.date);
      }
    });

    test('a plain-text article posted without a title is titled by its headline, marked as derived', async () => {
      assert.equal(titles.reference, HEADLINE, 'the ingest answer names it');
      const list = json(await app.inject({ url: '/api/articles' })).items as Json[];
      const ref = list.find((a) => a.id === ids.reference)!;
      assert.deepEqual([ref.title, ref.titleFrom], [HEADLINE, 'headline']);
      for (const a of list.filter((x) => x.id !== ids.reference)) assert.equal(a.titleFrom, 'given', a.title);
      const view = json(await app.inject({ url: `/api/articles/${ids.reference}` }));
      assert.equal(view.analysis.title ?? null, null, 'the analysis stays as the engine made it');
      const lavrov = json(await app.inject({ url: '/api/quotes?by=Lavrov' })).items as Json[];
      assert.ok(lavrov.filter((q) => q.articleId === ids.reference).every((q) => q.title === HEADLINE));
      const hits = json(await app.inject({ url: '/api/search?q=Putin-Zelenskyy&kind=article' })).items as Json[];
      assert.ok(hits.some((h) => h.articleId === ids.reference && h.title === HEADLINE));
    });

    test('every statement (neither by nor about): all of them, dated, each with its speaker', async () => {
      const every = await allItems(app, '/api/quotes', 1000);
      const stored = (await store.quotes({ limit: 1000 })).items;
      assert.equal(every.length, stored.length);
      assert.deepEqual(new Set(every.map((q) => `${q.articleId}:${q.attributionId}`)), new Set(stored.map((q) => `${q.articleId}:${q.attributionId}`)));
      const first = json(await app.inject({ url: '/api/quotes?limit=3' }));
      assert.deepEqual(first.query, {});
      assert.equal(first.counts.items, stored.length);
      assert.equal(first.counts.articles, new Set(stored.map((q) => q.articleId)).size);
      for (const q of every) {
        assert.ok(q.date && (q.dateFrom === 'time' || q.dateFrom === 'published'), JSON.stringify(q));
        assert.ok('speaker' in q);
        const a = await analysisOf(q.articleId);
        assert.equal(a.text.slice(q.cue.start, q.cue.end), q.cue.text);
      }
      // the same items as the by= answer, for Lavrov's
      const byLavrov = json(await app.inject({ url: '/api/quotes?by=Lavrov&limit=1000' })).items as Json[];
      const key = (q: Json) => `${q.articleId}:${q.attributionId}`;
      const lavrovKeys = new Set(byLavrov.map(key));
      assert.deepEqual(every.filter((q) => lavrovKeys.has(key(q))).sort((x, y) => key(x).localeCompare(key(y))), [...byLavrov].sort((x, y) => key(x).localeCompare(key(y))));
      assert.ok(every.some((q) => q.articleId === ids.reference && q.speaker?.name === 'Sergey Lavrov' && q.dateFrom === 'time'));
      const window = await allItems(app, '/api/quotes?from=2022-03-29', 1000);
      assert.ok(window.length > 0 && window.length < every.length && window.every((q) => q.published >= '2022-03-29'));
    });

    test('events carry their time as written and its TIMEX value; venues are one per place across articles', async () => {
      const events = await allItems(app, '/api/events', 1000);
      const timed = events.filter((e) => e.time);
      assert.ok(timed.length >= 1, 'some event has a time');
      for (const e of events) {
        const a = await analysisOf(e.articleId);
        const t = a.times.find((x) => x.id === e.time);
        assert.equal(e.timeText, t ? a.text.slice(t.start, t.end) : null, e.eventId);
        assert.equal(e.timeValue, t ? t.value : null, e.eventId);
        if (t && /^\d{4}-\d{2}-\d{2}/.test(t.value)) assert.deepEqual([e.date, e.dateFrom], [t.value.slice(0, 10), 'time']);
        if (e.place) assert.equal(e.placeName, a.entities.find((x) => x.id === e.place)?.name);
      }
      const { venues } = json(await app.inject({ url: '/api/events?limit=1' }));
      assert.equal(venues.reduce((n: number, v: Json) => n + v.events, 0), events.filter((e) => e.place).length, 'every placed event counted once, not one page');
      for (const v of venues) assert.doesNotMatch(v.place, /^e\d+$/, 'a name, not an article-local id');
      const linked = venues.filter((v: Json) => v.entityId);
      assert.equal(new Set(linked.map((v: Json) => v.entityId)).size, linked.length, 'one venue per place entity');
      assert.equal(new Set(venues.map((v: Json) => v.place)).size, venues.length);
    });

    // [url, the OpenAPI schema its answer follows]: the document says what the routes send
    const described: [string, string][] = [
      ['/api/quotes?limit=1000', 'QuoteAnswer'], ['/api/quotes?by=Lavrov', 'QuoteAnswer'], ['/api/quotes?about=Istanbul', 'QuoteAnswer'],
      ['/api/events?limit=1000', 'EventsAnswer'], ['/api/figures?limit=1000', 'FigureSeries'], ['/api/entities/Lavrov/claims', 'EntityClaims'],
      ['/api/entities/Lavrov/timeline', 'Timeline'], ['/api/entities/Lavrov', 'EntityDescription'], ['/api/health', 'Health'],
    ];
    test('answers follow the schemas /openapi.json gives them', async () => {
      const { Ajv2020 } = await import('ajv/dist/2020.js');
      const doc = json(await app.inject({ url: '/openapi.json' }));
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      ajv.addSchema({ ...doc, $id: 'dossier-api' });
      const check = (schema: string, body: unknown, what: string) => {
        const validate = ajv.getSchema(`dossier-api#/components/schemas/${schema}`)!;
        assert.ok(validate(body), `${what}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      };
      for (const [url, schema] of described) check(schema, json(await app.inject({ url })), url);
      const articles = json(await app.inject({ url: '/api/articles' }));
      for (const a of articles.items) check('ArticleSummary', a, `/api/articles ${a.id}`);
      for (const c of json(await app.inject({ url: '/api/claims?limit=1000' })).items) check('Claim', c, '/api/claims');
      check('ArticleView', json(await app.inject({ url: `/api/articles/${ids.reference}` })), 'an article');
    });

    test('an article: analysis, global entity of each local one, how each speaker was resolved', async () => {
      const r = await app.inject({ url: `/api/articles/${ids.reference}` });
      assert.equal(r.statusCode, 200);
      const b = json(r);
      assert.equal(b.article.id, ids.reference);
      assert.equal(b.analysis.text, REFERENCE_TEXT);
      const lavrov = b.analysis.entities.find((e: Json) => e.name === 'Sergey Lavrov');
      assert.equal(b.entityLinks[lavrov.id].name, 'Sergey Lavrov');
      const pronoun = Object.values(b.speakers as Record<string, Json>).find((s) => s.asWritten.toLowerCase() === 'he' && s.name === 'Sergey Lavrov');
      assert.ok(pronoun, `"he" → Sergey Lavrov among ${JSON.stringify(Object.values(b.speakers as Record<string, Json>).map((s) => [s.asWritten, s.name]))}`);
      assert.equal(pronoun.entityId, b.entityLinks[lavrov.id].id);
      for (const s of Object.values(b.speakers as Record<string, Json>)) assert.equal(b.analysis.text.slice(s.start, s.end), s.asWritten);
    });

    test('hostile markup is stored and returned verbatim as JSON text', async () => {
      const r = await app.inject({ url: `/api/articles/${ids.xss}` });
      assert.equal(r.statusCode, 200);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      const b = json(r);
      assert.equal(b.analysis.text, XSS_TEXT);
      assert.equal(b.article.title, '<script>alert("title")</script>');
      const hits = json(await app.inject({ url: '/api/search?q=onerror' }));
      assert.ok(hits.items.some((h: Json) => h.articleId === ids.xss));
    });

    // [list url, page size]: paging through every page gives the whole answer, once each
    const paged: [string, number][] = [
      ['/api/articles', 2], ['/api/entities', 7], ['/api/entities?type=LOC', 3], ['/api/quotes?by=Lavrov', 2], ['/api/quotes?about=Ukraine', 3],
      ['/api/figures', 2], ['/api/events', 5], ['/api/claims', 1], ['/api/quotes', 9], ['/api/search?q=Russia', 4], ['/api/entities/Lavrov/timeline', 3], ['/api/entities/Lavrov/claims', 1],
    ];
    for (const [url, limit] of paged) {
      test(`paging ${url} by ${limit}`, async () => {
        const whole = await allItems(app, url, 1000);
        const pages = await allItems(app, url, limit);
        assert.ok(whole.length > limit, `more than one page (${whole.length} items)`);
        assert.deepEqual(pages, whole);
      });
    }

    // [method, url, body, headers, status, code]
    const failures: [string, string, unknown, Record<string, string>, number, string][] = [
      ['GET', '/api/nothing-here', undefined, {}, 404, 'DOSSIER_NOT_FOUND'],
      ['GET', '/api/articles/0000000000', undefined, {}, 404, 'DOSSIER_NOT_FOUND'],
      ['GET', '/api/entities/Nobody%20McNoname', undefined, {}, 404, 'DOSSIER_NOT_FOUND'],
      ['GET', '/api/entities/Nobody%20McNoname/quotes', undefined, {}, 404, 'DOSSIER_NOT_FOUND'],
      ['GET', '/api/quotes?by=Nobody%20McNoname', undefined, {}, 404, 'DOSSIER_NOT_FOUND'],
      ['GET', '/api/quotes?by=Lavrov&about=Istanbul', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/search', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/search?q=%20', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/articles?limit=0', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/articles?limit=1001', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/articles?limit=ten', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/articles?cursor=not-a-cursor', undefined, {}, 400, 'DOSSIER_STORE_BAD_CURSOR'],
      ['GET', '/api/quotes?about=Ukraine&cursor=bm9wZQ', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/figures?from=yesterday', undefined, {}, 400, 'DOSSIER_BAD_DATE'],
      ['GET', '/api/events?from=2022-04-01&to=2022-03-01', undefined, {}, 400, 'DOSSIER_BAD_DATE'],
      ['GET', '/api/events?code=meet', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/entities?type=PERSON', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/export', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/export?what=analyses&format=csv', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['GET', '/api/export?what=quotes&format=xml', undefined, {}, 400, 'DOSSIER_BAD_OPTION'],
      ['POST', '/api/analyze', {}, {}, 400, 'DOSSIER_INPUT_EMPTY'],
      ['POST', '/api/analyze', { text: 'a', html: '<p>b</p>' }, {}, 400, 'DOSSIER_INPUT_INVALID'],
      ['POST', '/api/analyze', { text: 42 }, {}, 400, 'DOSSIER_INPUT_INVALID'],
      ['POST', '/api/analyze', [1, 2], {}, 400, 'DOSSIER_INPUT_INVALID'],
      ['POST', '/api/analyze', { text: '   \n ' }, {}, 400, 'DOSSIER_INPUT_EMPTY'],
      ['POST', '/api/analyze', { text: 'Lavrov said so.', published: 'last Tuesday' }, {}, 400, 'DOSSIER_BAD_DATE'],
      ['POST', '/api/analyze', { html: '<html><body><nav>menu</nav></body></html>' }, {}, 422, 'DOSSIER_HTML_NO_ARTICLE'],
      ['POST', '/api/analyze', { url: 'http://127.0.0.1:9/article' }, {}, 422, 'DOSSIER_FETCH_PRIVATE_ADDRESS'],
      ['POST', '/api/analyze', { url: 'ftp://example.org/a' }, {}, 400, 'DOSSIER_FETCH_BAD_URL'],
      ['POST', '/api/analyze', '{"text": "unterminated', { 'content-type': 'application/json' }, 400, 'DOSSIER_INPUT_INVALID'],
      ['POST', '/api/analyze', '', { 'content-type': 'application/json' }, 400, 'DOSSIER_INPUT_INVALID'],
      ['POST', '/api/analyze', 'Lavrov said so.', { 'content-type': 'text/plain' }, 415, 'DOSSIER_UNSUPPORTED_MEDIA_TYPE'],
      ['POST', '/api/analyze', '<a/>', { 'content-type': 'application/xml' }, 415, 'DOSSIER_UNSUPPORTED_MEDIA_TYPE'],
      ['POST', '/api/ingest', { text: 'Lavrov said so.' }, {}, 401, 'DOSSIER_AUTH_REQUIRED'],
      ['POST', '/api/ingest', { text: 'Lavrov said so.' }, { authorization: 'Bearer wrong-token' }, 401, 'DOSSIER_AUTH_REQUIRED'],
      ['POST', '/api/ingest', { text: 'Lavrov said so.' }, { authorization: TOKEN }, 401, 'DOSSIER_AUTH_REQUIRED'],
      ['POST', '/api/ingest', { text: 'Lavrov said so.' }, { authorization: `Basic ${TOKEN}` }, 401, 'DOSSIER_AUTH_REQUIRED'],
      ['POST', '/api/ingest', { feed: 'http://10.0.0.1/rss' }, AUTH, 422, 'DOSSIER_FETCH_PRIVATE_ADDRESS'],
      ['POST', '/api/ingest', { html: '<html><body></body></html>' }, AUTH, 422, 'DOSSIER_HTML_NO_ARTICLE'],
      ['POST', '/api/merges', { into: 'Lavrov', from: 'Lavrov' }, {}, 401, 'DOSSIER_AUTH_REQUIRED'],
      ['POST', '/api/merges', { into: 'Lavrov', from: 'Lavrov' }, AUTH, 400, 'DOSSIER_BAD_OPTION'],
      ['POST', '/api/merges', { into: 'Lavrov' }, AUTH, 400, 'DOSSIER_INPUT_INVALID'],
      ['POST', '/api/merges', { into: 'Lavrov', from: 'Nobody McNoname' }, AUTH, 404, 'DOSSIER_NOT_FOUND'],
      ['POST', '/api/merges', { into: 'Lavrov', from: 'x'.repeat(20_000) }, AUTH, 413, 'DOSSIER_BODY_TOO_LARGE'],
      ['DELETE', '/api/merges/m-unknown', undefined, {}, 401, 'DOSSIER_AUTH_REQUIRED'],
      ['DELETE', '/api/merges/m-unknown', undefined, AUTH, 404, 'DOSSIER_NOT_FOUND'],
      ['PUT', '/api/articles', { text: 'x' }, AUTH, 404, 'DOSSIER_NOT_FOUND'],
    ];
    for (const [method, url, payload, headers, status, code] of failures) {
      const label = typeof payload === 'string' ? payload.slice(0, 30) : JSON.stringify(payload ?? '')?.slice(0, 40);
      test(`${method} ${url} ${label} ${headers.authorization ? '(auth)' : ''} → ${status} ${code}`, async () => {
        const r = await app.inject({ method: method as 'GET', url, payload: payload as string, headers });
        assertError(r, status, code);
      });
    }

    test('a body over 5 MB is refused with 413 before it is analysed; a token is checked before the body is read', async () => {
      const big = { text: 'Lavrov said so. '.repeat(350_000) };
      assertError(await app.inject({ method: 'POST', url: '/api/analyze', payload: big }), 413, 'DOSSIER_BODY_TOO_LARGE');
      assertError(await app.inject({ method: 'POST', url: '/api/ingest', headers: AUTH, payload: big }), 413, 'DOSSIER_BODY_TOO_LARGE');
      assertError(await app.inject({ method: 'POST', url: '/api/ingest', payload: big }), 401, 'DOSSIER_AUTH_REQUIRED');
    });

    test('analyze: a dossier/analysis@1 document, nothing stored', { skip: !hasShared && 'no ../shared contract' }, async () => {
      const r = await app.inject({ method: 'POST', url: '/api/analyze', payload: { text: REFERENCE_TEXT, published: '2022-03-28', title: 'Lavrov' } });
      assert.equal(r.statusCode, 200, r.body);
      const a = json(r);
      assertValidAnalysis(a);
      assert.equal(a.text, REFERENCE_TEXT);
      assert.equal(a.published, '2022-03-28');
      assert.ok(a.attributions.length > 5);
      const html = json(await app.inject({ method: 'POST', url: '/api/analyze', payload: { html: `<html><head><title>T</title></head><body><article><p>${'Sergey Lavrov said talks would continue in Istanbul. '.repeat(6)}</p></article></body></html>` } }));
      assertValidAnalysis(html);
      assert.equal(json(await app.inject({ url: '/api/health' })).articles, 6);
    });

    test('merge and undo through the API', async () => {
      const into = json(await app.inject({ url: '/api/entities/Lavrov' }));
      const other = json(await app.inject({ url: '/api/entities?type=PER' })).items.find((e: Json) => e.id !== into.id);
      const r = await app.inject({ method: 'POST', url: '/api/merges', headers: AUTH, payload: { into: into.id, from: other.id } });
      assert.equal(r.statusCode, 200, r.body);
      const { mergeId } = json(r);
      assert.ok(typeof mergeId === 'string' && mergeId);
      assert.ok(!r.body.includes(TOKEN));
      assert.ok(json(await app.inject({ url: `/api/entities/${encodeURIComponent(into.id)}` })).mergedIds.includes(other.id));
      const undo = await app.inject({ method: 'DELETE', url: `/api/merges/${encodeURIComponent(mergeId)}`, headers: AUTH });
      assert.equal(undo.statusCode, 200, undo.body);
      assert.ok(json(undo).merge.undoneAt);
      assert.ok(!json(await app.inject({ url: `/api/entities/${encodeURIComponent(into.id)}` })).mergedIds.includes(other.id));
      assertError(await app.inject({ method: 'DELETE', url: `/api/merges/${encodeURIComponent(mergeId)}`, headers: AUTH }), 400, 'DOSSIER_BAD_OPTION');
    });

    test('export: streamed, complete, with a file name', async () => {
      const csv = await app.inject({ url: '/api/export?what=quotes&format=csv' });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="dossier-quotes\.csv"/);
      const rows = csv.body.split('\r\n').filter(Boolean);
      assert.match(rows[0], /^article_id,attribution_id,/);
      const jsonl = await app.inject({ url: '/api/export?what=quotes' });
      assert.match(String(jsonl.headers['content-type']), /^application\/x-ndjson/);
      const lines = jsonl.body.trim().split('\n').map((l) => JSON.parse(l) as Json);
      const stored = await store.quotes({ limit: 1000 });
      assert.equal(lines.length, stored.items.length);
      assert.ok(rows.length - 1 >= lines.length, 'one CSV row per quote at least (quoted line breaks aside)');
      const analysesExport = await app.inject({ url: '/api/export?what=analyses&format=jsonl' });
      const docs = analysesExport.body.trim().split('\n').map((l) => JSON.parse(l) as Json);
      assert.equal(docs.length, 6);
      assert.ok(docs.some((d) => d.text === XSS_TEXT));
      for (const what of ['figures', 'events', 'entities']) {
        const r = await app.inject({ url: `/api/export?what=${what}&format=csv` });
        assert.equal(r.statusCode, 200);
        assert.ok(r.body.split('\r\n').length > 2, what);
      }
    });

    test('every response carries the security headers, errors and static pages too', async () => {
      for (const url of ['/api/health', '/api/nothing', '/', '/openapi.json', '/api/export?what=events']) {
        const r = await app.inject({ url });
        assert.equal(r.headers['content-security-policy'], "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'", url);
        assert.equal(r.headers['x-content-type-options'], 'nosniff');
        assert.equal(r.headers['referrer-policy'], 'no-referrer');
      }
    });

    test('no answer ever carries the write token', async () => {
      for (const url of ['/api/health', '/openapi.json', '/', `/api/articles/${ids.reference}`]) {
        const r = await app.inject({ url, headers: AUTH });
        assert.ok(!r.body.includes(TOKEN), url);
        assert.ok(!JSON.stringify(r.headers).includes(TOKEN), url);
      }
      const r = await app.inject({ method: 'POST', url: '/api/ingest', headers: AUTH, payload: { text: REFERENCE_TEXT } });
      assert.ok(!r.body.includes(TOKEN));
    });
  });
}
