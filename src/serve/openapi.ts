// The API described for programs: an OpenAPI 3.1 document written by hand from the route table below.
// test/serve/openapi.test.ts checks that every registered route is here and every route here is registered.

import { CONTENT_SECURITY_POLICY } from './security-headers.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: 'string' };
const nullableStr: Schema = { type: ['string', 'null'] };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({ type: 'object', properties, required });
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const page = (item: Schema, extra: Record<string, Schema> = {}): Schema =>
  obj({ items: arrayOf(item), next: { ...nullableStr, description: 'Cursor of the next page; null on the last.' }, ...extra });

const spanText = obj({ start: int, end: int, text: str });
const counts = obj({ items: int, articles: int, independentSources: { ...int, description: 'Dup groups: copies of one report count once.' } });
const entityRef = obj({ id: str, name: str, type: str });
const errorDetail = obj({ code: { ...str, pattern: '^DOSSIER_' }, message: str });

const SCHEMAS: Record<string, Schema> = {
  Error: obj({ error: errorDetail }),
  Health: obj({ ok: { const: true }, version: str, store: { enum: ['sqlite', 'postgres'] }, articles: int }),
  Analysis: { type: 'object', description: 'A dossier/analysis@1 document (../shared/contract/analysis.schema.json); every span indexes its `text` in UTF-16 code units, end exclusive.',
    properties: { schema: { const: 'dossier/analysis@1' }, text: str }, required: ['schema', 'text'] },
  ArticleInput: { type: 'object', description: 'One of text, html or url; title and published (ISO 8601) are optional.',
    properties: { text: str, html: str, url: { ...str, format: 'uri' }, title: str, published: str } },
  IngestInput: { type: 'object', description: 'One of text, html, url or feed (an RSS/Atom URL: every entry is fetched and ingested).',
    properties: { text: str, html: str, url: { ...str, format: 'uri' }, feed: { ...str, format: 'uri' }, title: str, published: str } },
  IngestResult: obj({
    results: arrayOf(obj({ articleId: str, status: { enum: ['ingested', 'duplicate'] }, title: nullableStr, url: nullableStr })),
    failed: arrayOf(obj({ url: str, error: errorDetail }, ['error'])),
  }),
  ArticleSummary: obj({
    id: str, title: nullableStr, titleFrom: { enum: ['given', 'headline', null], description: "given: with the article (a title field, the page's metadata, the feed); headline: its first headline line, for plain text that came without one." },
    url: nullableStr, published: nullableStr, publishedFrom: nullableStr, foundVia: str, ingestedAt: str, dupGroup: nullableStr,
    counts: obj({ attributions: int, figures: int, events: int, entities: int }),
  }),
  ArticleView: obj({
    article: ref('ArticleSummary'), analysis: ref('Analysis'),
    entityLinks: { type: 'object', description: 'Article-local entity id → the global entity it is linked to.', additionalProperties: obj({ id: str, name: str, type: str, reason: str }) },
    speakers: { type: 'object', description: 'Attribution id → the source as written and the entity it was resolved to ("he" → Sergey Lavrov).',
      additionalProperties: obj({ asWritten: str, start: int, end: int, entity: nullableStr, name: nullableStr, entityId: nullableStr, resolution: nullableStr }) },
  }),
  EntitySummary: obj({ id: str, name: str, type: { enum: ['PER', 'ORG', 'LOC', 'MISC'] }, articleCount: int, articles: { ...int, description: 'The same as articleCount.' }, aliases: arrayOf(str) }),
  EntityDescription: obj({
    id: str, name: str, type: str, mergedInto: nullableStr, mergedIds: arrayOf(str),
    aliases: arrayOf(obj({ alias: str, count: int, firstSeen: nullableStr, lastSeen: nullableStr })),
    descriptors: arrayOf(obj({ descriptor: str, count: int, firstSeen: nullableStr, lastSeen: nullableStr })),
    links: arrayOf(obj({ articleId: str, localId: str, entityId: str, reason: str, score: num, name: str, surface: arrayOf(str), descriptors: arrayOf(str), seen: nullableStr })),
    merges: arrayOf(ref('Merge')), counts, alternatives: arrayOf(entityRef),
  }, ['id', 'name', 'type', 'aliases', 'descriptors', 'links', 'merges', 'counts']),
  Quote: obj({
    articleId: str, attributionId: str, published: nullableStr, title: nullableStr, url: nullableStr, kind: str, stance: nullableStr,
    cue: obj({ start: int, end: int, text: str, lemma: str, class: nullableStr }),
    source: { type: ['object', 'null'], properties: { start: int, end: int, text: str, entity: nullableStr } },
    speakerName: nullableStr, content: arrayOf(spanText), contentText: str, confidence: { type: ['number', 'null'] }, rule: nullableStr,
    start: int, end: int, date: nullableStr, dateFrom: { enum: ['time', 'published', null] }, dupGroup: str,
    speaker: { oneOf: [entityRef, { type: 'null' }], description: "The speaker's global entity (its person page), when linked." },
  }, ['articleId', 'attributionId', 'kind', 'cue', 'content', 'contentText', 'start', 'end', 'date']),
  QuoteAnswer: page(ref('Quote'), { counts }),
  TimelineItem: { type: 'object', description: "what: 'said' | 'said-about' (a Quote) or 'event' (an Event).", properties: { what: { enum: ['said', 'said-about', 'event'] }, date: nullableStr, articleId: str }, required: ['what', 'articleId'] },
  Timeline: page(ref('TimelineItem'), { counts, entity: entityRef }),
  Figure: obj({
    articleId: str, figureId: str, published: nullableStr, start: int, end: int, text: str, value: num, valueMax: { type: ['number', 'null'] }, unit: nullableStr,
    qualifier: str, subject: nullableStr, measure: nullableStr, attributionId: nullableStr, sourceText: nullableStr, date: nullableStr, dupGroup: str,
  }, ['articleId', 'figureId', 'start', 'end', 'text', 'value', 'qualifier']),
  FigureSeries: page(ref('Figure'), {
    counts, query: obj({ subject: nullableStr, measure: nullableStr }),
    values: arrayOf(obj({ value: num, valueMax: { type: ['number', 'null'] }, qualifier: str, firstDate: nullableStr, articles: int, independentSources: int, sources: arrayOf(str) })),
  }),
  Event: obj({
    articleId: str, eventId: str, published: nullableStr, code: str, label: nullableStr, modality: str, trigger: spanText, condition: { oneOf: [spanText, { type: 'null' }] },
    actors: arrayOf(str), targets: arrayOf(str), place: nullableStr, placeName: nullableStr, actorNames: arrayOf(str), targetNames: arrayOf(str),
    time: { ...nullableStr, description: "The event's time: an article-local id ('t5') into the analysis's times." },
    timeText: { ...nullableStr, description: 'That time as written ("on Monday").' }, timeValue: { ...nullableStr, description: 'Its TIMEX value ("2022-03-28").' },
    date: nullableStr, dateFrom: { enum: ['time', 'published', null] }, start: int, end: int,
  }, ['articleId', 'eventId', 'code', 'modality', 'trigger', 'start', 'end']),
  EventsAnswer: page(ref('Event'), { counts, query: obj({ code: nullableStr, modality: nullableStr }), venues: arrayOf(obj({
    place: { ...str, description: "The place's name." }, entityId: { ...nullableStr, description: 'Its story entity: venues are counted by entity across articles, by name when unlinked.' },
    events: int, independentSources: int,
  })) }),
  StatementRef: obj({ articleId: str, attributionId: str, published: nullableStr, title: nullableStr, stance: nullableStr, speaker: { oneOf: [spanText, { type: 'null' }] }, speakerEntity: { oneOf: [entityRef, { type: 'null' }] }, cue: spanText, content: arrayOf(spanText) }),
  Claim: obj({ relation: str, score: num, reason: str, challenge: ref('StatementRef'), answers: ref('StatementRef') }),
  EntityClaim: { allOf: [ref('Claim'), obj({ role: { enum: ['made', 'received'], description: "made: the entity denies or accuses; received: the entity's statement is denied or accused." } })] },
  EntityClaims: page(ref('EntityClaim'), { entity: entityRef, counts: obj({ made: int, received: int }) }),
  SearchHit: obj({ kind: { enum: ['article', 'quote'] }, articleId: str, attributionId: nullableStr, published: nullableStr, title: nullableStr, url: nullableStr, start: int, end: int, text: str }),
  Merge: obj({ id: str, intoId: str, fromId: str, reason: str, score: num, by: str, at: str, undoneAt: nullableStr }),
  MergeInput: obj({ into: { ...str, description: 'Entity id or name that stays.' }, from: { ...str, description: 'Entity id or name merged into it.' }, reason: str }, ['into', 'from']),
  MergeResult: obj({ mergeId: str, merge: ref('Merge') }, ['mergeId', 'merge']),
};

interface Param { name: string; in: 'query' | 'path'; description: string; required?: boolean; schema?: Schema }

const q = (name: string, description: string, schema: Schema = str): Param => ({ name, in: 'query', description, schema });
const PAGING: Param[] = [q('cursor', 'The `next` of the previous page.'), q('limit', 'Items per page, 1–1000 (default 100).', { type: 'integer', minimum: 1, maximum: 1000 })];
const WINDOW: Param[] = [q('from', 'ISO date: the first day of the window (inclusive).', { type: 'string', format: 'date' }), q('to', 'ISO date: the last day of the window (inclusive).', { type: 'string', format: 'date' })];
const ENTITY: Param = { name: 'idOrName', in: 'path', required: true, description: 'A global entity id or any spelling of its name ("Lavrov").', schema: str };

interface RouteDoc {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  params?: Param[];
  body?: string;
  response: Schema | string;
  contentType?: Record<string, Schema>;
  write?: boolean;
  errors: number[];
}

/** Every route of the API (the static web app's files aside). */
export const ROUTES: RouteDoc[] = [
  { method: 'get', path: '/api/health', summary: 'Liveness, version, store kind and article count.', response: 'Health', errors: [] },
  { method: 'post', path: '/api/analyze', summary: 'Analyse one article (text, html or a public url); nothing is stored.', body: 'ArticleInput', response: 'Analysis', errors: [400, 413, 415, 422, 502] },
  { method: 'post', path: '/api/ingest', summary: 'Analyse, store and link into the story one article or every entry of a feed.', body: 'IngestInput', response: 'IngestResult', write: true, errors: [400, 401, 413, 415, 422, 502] },
  { method: 'get', path: '/api/articles', summary: 'Stored articles in ingest order, with counts of their records.', params: [...PAGING, ...WINDOW], response: page(ref('ArticleSummary')), errors: [400] },
  { method: 'get', path: '/api/articles/{id}', summary: 'One article: its analysis, the global entity of each local one, and how each speaker was resolved.', params: [{ name: 'id', in: 'path', required: true, description: 'Article id.', schema: str }], response: 'ArticleView', errors: [404] },
  { method: 'get', path: '/api/entities', summary: 'Global entities (merged-away ones left out).', params: [q('type', 'PER, ORG, LOC or MISC.', { enum: ['PER', 'ORG', 'LOC', 'MISC'] }), q('q', 'A name or alias to look for (case-insensitive).'), ...PAGING], response: page(ref('EntitySummary')), errors: [400] },
  { method: 'get', path: '/api/entities/{idOrName}', summary: 'An entity: aliases and descriptors over time, why each article was linked, merges.', params: [ENTITY], response: 'EntityDescription', errors: [404] },
  { method: 'get', path: '/api/entities/{idOrName}/quotes', summary: 'Everything the entity said, in time order.', params: [ENTITY, ...WINDOW, ...PAGING], response: { allOf: [ref('QuoteAnswer'), obj({ entity: entityRef })] }, errors: [400, 404] },
  { method: 'get', path: '/api/entities/{idOrName}/timeline', summary: 'What the entity said, what was said about it, and its events, by date.', params: [ENTITY, ...WINDOW, ...PAGING], response: 'Timeline', errors: [400, 404] },
  { method: 'get', path: '/api/entities/{idOrName}/claims', summary: 'Denials and accusations the entity made, and those made of its statements.', params: [ENTITY, ...PAGING], response: 'EntityClaims', errors: [400, 404] },
  { method: 'get', path: '/api/quotes', summary: 'Statements by someone (by), about a topic (about), or, with neither, every statement in the store (in publication order); not both.', params: [q('by', 'An entity id or name.'), q('about', 'An entity or words.'), ...WINDOW, ...PAGING], response: 'QuoteAnswer', errors: [400, 404] },
  { method: 'get', path: '/api/figures', summary: 'A figure over time: each value with its date, qualifier, source and article.', params: [q('subject', 'Substring of what was counted (civilians).'), q('measure', 'Substring of what happened to them (killed).'), ...WINDOW, ...PAGING], response: 'FigureSeries', errors: [400] },
  { method: 'get', path: '/api/events', summary: 'Events by CAMEO code prefix and modality, with their venues.', params: [q('code', 'CAMEO code or prefix (04, 036).'), q('modality', 'asserted, planned, possible, conditional, negated or demanded.'), ...WINDOW, ...PAGING], response: 'EventsAnswer', errors: [400] },
  { method: 'get', path: '/api/claims', summary: 'Denials and accusations linked to the statements they answer.', params: PAGING, response: page(ref('Claim')), errors: [400] },
  { method: 'get', path: '/api/search', summary: 'Full-text search over articles and quotes.', params: [q('q', 'The words to look for (required).'), q('kind', 'article or quote (both by default).', { enum: ['article', 'quote'] }), ...WINDOW, ...PAGING], response: page(ref('SearchHit')), errors: [400] },
  { method: 'get', path: '/api/export', summary: 'Everything of one kind, complete, streamed as JSON lines or CSV (with a Content-Disposition filename).', params: [q('what', 'analyses, quotes, figures, events or entities (required).', { enum: ['analyses', 'quotes', 'figures', 'events', 'entities'] }), q('format', 'jsonl (default) or csv; analyses are jsonl only.', { enum: ['jsonl', 'csv'] })],
    response: str, contentType: { 'application/x-ndjson': { type: 'string' }, 'text/csv': { type: 'string' } }, errors: [400] },
  { method: 'post', path: '/api/merges', summary: 'Merge one entity into another (undoable).', body: 'MergeInput', response: { allOf: [ref('MergeResult'), obj({ into: entityRef, from: entityRef })] }, write: true, errors: [400, 401, 404, 413, 415] },
  { method: 'delete', path: '/api/merges/{id}', summary: 'Undo a merge.', params: [{ name: 'id', in: 'path', required: true, description: 'The merge id.', schema: str }], response: 'MergeResult', write: true, errors: [400, 401, 404] },
  { method: 'get', path: '/openapi.json', summary: 'This document.', response: { type: 'object' }, errors: [] },
];

const ERROR_WORDS: Record<number, string> = {
  400: 'Bad option or input (DOSSIER_BAD_OPTION, DOSSIER_BAD_DATE, DOSSIER_INPUT_*, DOSSIER_STORE_BAD_CURSOR …).',
  401: 'DOSSIER_AUTH_REQUIRED: send Authorization: Bearer <token>.',
  404: 'DOSSIER_NOT_FOUND.',
  413: 'DOSSIER_BODY_TOO_LARGE.',
  415: 'DOSSIER_UNSUPPORTED_MEDIA_TYPE: send application/json.',
  422: 'The input cannot be analysed (DOSSIER_HTML_NO_ARTICLE, DOSSIER_FETCH_PRIVATE_ADDRESS …).',
  502: 'The page could not be fetched (DOSSIER_FETCH_FAILED, DOSSIER_FETCH_TIMEOUT, DOSSIER_FETCH_HTTP_STATUS).',
};

const errorResponse = (description: string): Schema => ({ description, content: { 'application/json': { schema: ref('Error') } } });

function operation(r: RouteDoc): Schema {
  const schema = typeof r.response === 'string' ? ref(r.response) : r.response;
  const responses: Record<string, Schema> = {
    200: { description: 'OK', content: r.contentType ?? { 'application/json': { schema } } },
    500: errorResponse('DOSSIER_INTERNAL: a generic sentence; the details stay in the server log.'),
  };
  for (const status of r.errors) responses[status] = errorResponse(ERROR_WORDS[status]);
  return {
    summary: r.summary,
    operationId: `${r.method}${r.path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    ...(r.params ? { parameters: r.params.map((p) => ({ ...p, required: p.required ?? false })) } : {}),
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(r.body) } } } } : {}),
    ...(r.write ? { security: [{ bearer: [] }] } : {}),
    responses,
  };
}

export function openApiDocument(version: string): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const r of ROUTES) (paths[r.path] ??= {})[r.method] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dossier API', version,
      description: 'Who said what, figures, dates and events across stored news reports; every item names its article and character span '
        + `(UTF-16, end exclusive). Writes need the token \`dossier serve\` prints. Every response carries Content-Security-Policy: ${CONTENT_SECURITY_POLICY}.`,
    },
    paths,
    components: { schemas: SCHEMAS, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}
