// Shared row mapping: how an article and its analysis become rows, identical for both backends.

import { createHash } from 'node:crypto';
import { SCHEMA_ID, type Analysis, type Span } from '../contract.js';
import { DossierError } from '../errors.js';
import type { PutInput } from './store.js';

/**
 * The text the content hash is taken over: Unicode NFC, every run of white space (any Unicode space,
 * tab, line break) collapsed to one space, and trimmed. Two copies of a report that differ only in
 * line wrapping or composed/decomposed accents hash the same; the exact text is still what is stored.
 */
export function normaliseForHash(text: string): string {
  const nfc = text.normalize('NFC');
  // one pass over the characters instead of /\s+/gu (6× slower on a report): runs of white space become
  // one space, dropped at both ends; untouched stretches are copied as slices
  let out = '';
  let from = 0, i = 0;
  const n = nfc.length;
  while (i < n) {
    if (!isSpace(nfc.charCodeAt(i))) { i++; continue; }
    let j = i + 1;
    while (j < n && isSpace(nfc.charCodeAt(j))) j++;
    // a single plain space inside the text stays as it is
    if (j - i === 1 && nfc.charCodeAt(i) === 0x20 && i > 0 && j < n) { i = j; continue; }
    out += nfc.slice(from, i);
    if (out !== '' && j < n) out += ' ';
    from = i = j;
  }
  return from === 0 ? nfc : out + nfc.slice(from);
}

/** What /\s/ matches: Unicode White_Space, line terminators and the byte-order mark. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f
    || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** sha256 (hex) of the normalised text: the identity of an article's content. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normaliseForHash(text), 'utf8').digest('hex');
}

/** Store id of an article: the first 80 bits of its content hash, so every store gives it the same id. */
export function articleIdFor(hash: string): string {
  return hash.slice(0, 20);
}


export type Value = string | number | null;

/** Column lists, in the order the row builders fill them. */
export const COLUMNS = {
  article: ['id', 'content_hash', 'external_id', 'url', 'title', 'published', 'pub_key', 'published_from', 'found_via',
    'extractor_version', 'ingested_at', 'html', 'text', 'analysis', 'dup_group'],
  entity: ['article_id', 'local_id', 'pub_key', 'type', 'name', 'name_lc', 'descriptors', 'mentions'],
  mention: ['article_id', 'entity_id', 'start_at', 'end_at', 'text'],
  attribution: ['article_id', 'local_id', 'pub_key', 'start_at', 'end_at', 'kind', 'stance', 'cue_lemma', 'cue_class',
    'cue_start', 'cue_end', 'cue_text', 'source_start', 'source_end', 'source_text', 'source_entity', 'speaker_name',
    'content', 'quote_text', 'confidence', 'rule', 'resolution', 'addressee_start', 'addressee_end'],
  figure: ['article_id', 'local_id', 'pub_key', 'start_at', 'end_at', 'text', 'value', 'value_max', 'unit', 'qualifier',
    'subject', 'subject_lc', 'measure', 'measure_lc', 'attribution_id', 'source_text'],
  time_expr: ['article_id', 'local_id', 'pub_key', 'start_at', 'end_at', 'text', 'type', 'value'],
  event: ['article_id', 'local_id', 'pub_key', 'start_at', 'end_at', 'trigger_text', 'code', 'label', 'modality',
    'condition_start', 'condition_end', 'condition_text', 'actors', 'targets', 'place', 'time_ref', 'attribution_id'],
} as const;

export type RowTable = Exclude<keyof typeof COLUMNS, 'article'>;
/** Child tables in insert order (and reverse delete order). */
export const ROW_TABLES: RowTable[] = ['entity', 'mention', 'attribution', 'figure', 'time_expr', 'event'];

export type AnalysisRows = Record<RowTable, Value[][]>;

export function emptyRows(): AnalysisRows {
  return { entity: [], mention: [], attribution: [], figure: [], time_expr: [], event: [] };
}

// ---- checking an analysis before anything is written ----

function bad(message: string): DossierError {
  return new DossierError('DOSSIER_STORE_BAD_ANALYSIS', `The analysis cannot be stored: ${message}`);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkSpan(v: unknown, len: number, what: string): void {
  if (!isObj(v)) throw bad(`${what} is not a span.`);
  const { start, end } = v;
  if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (start as number) > (end as number) || (end as number) > len) {
    throw bad(`${what} has the span ${JSON.stringify(start)}–${JSON.stringify(end)}, outside the text (0–${len}).`);
  }
}

function checkIds(list: unknown[], what: string): void {
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if (!isObj(r) || typeof r.id !== 'string' || r.id === '') throw bad(`${what} #${i} has no id.`);
    if (seen.has(r.id)) throw bad(`two ${what} records share the id "${r.id}".`);
    seen.add(r.id);
  }
}

function checkString(v: unknown, what: string, optional = false): void {
  if (optional && (v === undefined || v === null)) return;
  if (typeof v !== 'string') throw bad(`${what} is not a string.`);
}

function checkStrings(v: unknown, what: string): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw bad(`${what} is not a list of strings.`);
}

/** Throws DOSSIER_STORE_BAD_ANALYSIS unless the analysis is a well-formed dossier/analysis@1 over `text`. */
export function checkAnalysis(analysis: unknown, text: string): asserts analysis is Analysis {
  if (!isObj(analysis)) throw bad('it is not a JSON object.');
  if (analysis.schema !== SCHEMA_ID) throw bad(`its schema is ${JSON.stringify(analysis.schema)}, not "${SCHEMA_ID}".`);
  if (typeof analysis.text !== 'string') throw bad('it has no text.');
  if (analysis.text !== text) throw bad("its text is not the article's text, so its spans would point at the wrong characters.");
  const len = text.length;
  for (const key of ['entities', 'attributions', 'figures', 'times', 'events'] as const) {
    if (!Array.isArray(analysis[key])) throw bad(`"${key}" is not a list.`);
    checkIds(analysis[key] as unknown[], key);
  }
  for (const e of analysis.entities as Record<string, unknown>[]) {
    checkString(e.type, `entity ${e.id} type`);
    checkString(e.name, `entity ${e.id} name`);
    checkStrings(e.descriptors, `entity ${e.id} descriptors`);
    if (!Array.isArray(e.mentions)) throw bad(`entity ${e.id} has no mentions list.`);
    for (const m of e.mentions) checkSpan(m, len, `a mention of entity ${e.id}`);
  }
  for (const a of analysis.attributions as Record<string, unknown>[]) {
    checkString(a.kind, `attribution ${a.id} kind`);
    checkSpan(a.cue, len, `attribution ${a.id} cue`);
    checkString((a.cue as Record<string, unknown>).lemma, `attribution ${a.id} cue lemma`);
    if (a.source !== null && a.source !== undefined) {
      checkSpan(a.source, len, `attribution ${a.id} source`);
      checkString((a.source as Record<string, unknown>).entity, `attribution ${a.id} source entity`, true);
    }
    if (!Array.isArray(a.content)) throw bad(`attribution ${a.id} has no content list.`);
    for (const c of a.content) checkSpan(c, len, `attribution ${a.id} content`);
    if (a.addressee) checkSpan(a.addressee, len, `attribution ${a.id} addressee`);
    if (a.confidence !== undefined && a.confidence !== null && typeof a.confidence !== 'number') throw bad(`attribution ${a.id} confidence is not a number.`);
  }
  for (const f of analysis.figures as Record<string, unknown>[]) {
    checkSpan(f, len, `figure ${f.id}`);
    if (typeof f.value !== 'number' || !Number.isFinite(f.value)) throw bad(`figure ${f.id} has no numeric value.`);
    if (f.valueMax !== undefined && f.valueMax !== null && (typeof f.valueMax !== 'number' || !Number.isFinite(f.valueMax))) throw bad(`figure ${f.id} valueMax is not a number.`);
    checkString(f.qualifier, `figure ${f.id} qualifier`);
    for (const k of ['unit', 'subject', 'measure', 'attribution']) checkString(f[k], `figure ${f.id} ${k}`, true);
  }
  for (const t of analysis.times as Record<string, unknown>[]) {
    checkSpan(t, len, `time ${t.id}`);
    checkString(t.type, `time ${t.id} type`);
    checkString(t.value, `time ${t.id} value`);
  }
  for (const v of analysis.events as Record<string, unknown>[]) {
    checkString(v.code, `event ${v.id} code`);
    checkString(v.modality, `event ${v.id} modality`);
    checkSpan(v.trigger, len, `event ${v.id} trigger`);
    if (v.condition) checkSpan(v.condition, len, `event ${v.id} condition`);
    checkStrings(v.actors, `event ${v.id} actors`);
    checkStrings(v.targets, `event ${v.id} targets`);
    for (const k of ['label', 'place', 'time', 'attribution']) checkString(v[k], `event ${v.id} ${k}`, true);
  }
}

// ---- building rows ----

const n = (v: unknown): Value => (v === undefined || v === null ? null : (v as Value));

/** The sort key of an article's rows: its publication date, or '' (sorts first) when unknown. */
export function pubKey(published: string | null | undefined): string {
  return published ?? '';
}

/** The whole analysis as stored: its text is the snapshot, so it is blanked here and put back on read. */
export function analysisJson(analysis: Analysis): string {
  return JSON.stringify({ ...analysis, text: '' });
}

export function analysisFromJson(json: string, text: string): Analysis {
  const a = JSON.parse(json) as Analysis;
  a.text = text;
  return a;
}

/**
 * What the store writes for one analysed article that does not depend on the store or the moment of
 * writing: ingest computes it on the worker thread that analysed the article (preparePut), so the main
 * thread, which every write goes through, only binds the values. It must come from preparePut over the
 * very article and analysis it is given with.
 */
export interface PreparedPut {
  id: string;
  hash: string;
  pubKey: string;
  /** The analysis as stored (analysisJson). */
  analysisJson: string;
  rows: AnalysisRows;
}

/** Checks an article and its analysis, and computes their rows; `hash`, when given, is contentHash(article.text). */
export function preparePut(input: Pick<PutInput, 'article' | 'analysis'>, hash?: string): PreparedPut {
  checkInput(input);
  const h = hash ?? contentHash(input.article.text);
  const id = articleIdFor(h);
  const pk = pubKey(input.article.published ?? input.analysis.published ?? null);
  return { id, hash: h, pubKey: pk, analysisJson: analysisJson(input.analysis), rows: analysisRows(id, pk, input.analysis) };
}

function checkInput(input: Pick<PutInput, 'article' | 'analysis'>): void {
  if (!isObj(input) || !isObj(input.article) || typeof input.article.text !== 'string') {
    throw new DossierError('DOSSIER_INPUT_INVALID', 'The article to store has no text.');
  }
  if (input.article.text.trim() === '') throw new DossierError('DOSSIER_INPUT_EMPTY', 'The article to store has an empty text.');
  checkAnalysis(input.analysis, input.article.text);
}

export interface PreparedArticle {
  id: string;
  hash: string;
  article: Value[];
  analysis: Analysis;
  pubKey: string;
  /** The analysis rows, when the input came prepared (else they are built when the article is inserted). */
  rows: AnalysisRows | null;
}

/** Checks one input and computes everything that does not need the database (taking what came prepared). */
export function prepareArticle(input: PutInput, ingestedAt: string): PreparedArticle {
  const ready = input.prepared ?? null;
  if (!ready) checkInput(input);
  const { article, analysis } = input;
  const hash = ready ? ready.hash : contentHash(article.text);
  const id = ready ? ready.id : articleIdFor(hash);
  const published = article.published ?? analysis.published ?? null;
  const pk = ready ? ready.pubKey : pubKey(published);
  const publishedFrom = article.publishedFrom ?? (analysis as { publishedFrom?: string }).publishedFrom ?? null;
  const row: Value[] = [id, hash, n(article.id ?? analysis.id), n(article.url ?? analysis.url), n(article.title ?? analysis.title),
    published, pk, publishedFrom, String(input.foundVia ?? 'given'), analysis.extractor?.version ?? 'unknown', ingestedAt,
    n(input.html), article.text, ready ? ready.analysisJson : analysisJson(analysis), null];
  return { id, hash, article: row, analysis, pubKey: pk, rows: ready ? ready.rows : null };
}

const slice = (text: string, s: { start: number; end: number }): string => text.slice(s.start, s.end);

/** Every record of the analysis as rows of the child tables, each keyed by article id and span. */
export function analysisRows(articleId: string, pk: string, analysis: Analysis, into: AnalysisRows = emptyRows()): AnalysisRows {
  const { text } = analysis;
  const names = new Map<string, string>();
  for (const e of analysis.entities) {
    names.set(e.id, e.name);
    const mentions = e.mentions.map((m) => ({ start: m.start, end: m.end, text: slice(text, m) }));
    into.entity.push([articleId, e.id, pk, e.type, e.name, e.name.toLowerCase(), JSON.stringify(e.descriptors ?? []), JSON.stringify(mentions)]);
    for (const m of mentions) into.mention.push([articleId, e.id, m.start, m.end, m.text]);
  }
  const sourceOf = new Map<string, string>();
  for (const a of analysis.attributions) {
    const content = a.content.map((c) => ({ start: c.start, end: c.end, text: slice(text, c) }));
    const first = content[0] ?? a.cue, last = content[content.length - 1] ?? a.cue;
    const src = a.source ?? null;
    const speaker = src?.entity ? names.get(src.entity) ?? null : null;
    const sourceText = src ? slice(text, src) : null;
    if (src) sourceOf.set(a.id, speaker ?? sourceText ?? '');
    const ext = a as typeof a & { rule?: string; resolution?: string };
    into.attribution.push([articleId, a.id, pk, first.start, last.end, a.kind, n(a.stance), a.cue.lemma, n(a.cue.class),
      a.cue.start, a.cue.end, slice(text, a.cue), src ? src.start : null, src ? src.end : null, sourceText, n(src?.entity),
      speaker, JSON.stringify(content), content.map((c) => c.text).join(' … '), n(a.confidence), n(ext.rule), n(ext.resolution),
      a.addressee ? a.addressee.start : null, a.addressee ? a.addressee.end : null]);
  }
  for (const f of analysis.figures) {
    const attribution = f.attribution ?? null;
    into.figure.push([articleId, f.id, pk, f.start, f.end, slice(text, f), f.value, n(f.valueMax), n(f.unit), f.qualifier,
      n(f.subject), f.subject ? f.subject.toLowerCase() : null, n(f.measure), f.measure ? f.measure.toLowerCase() : null,
      attribution, attribution ? sourceOf.get(attribution) ?? null : null]);
  }
  for (const t of analysis.times) into.time_expr.push([articleId, t.id, pk, t.start, t.end, slice(text, t), t.type, t.value]);
  for (const v of analysis.events) {
    const c = v.condition ?? null;
    into.event.push([articleId, v.id, pk, v.trigger.start, v.trigger.end, slice(text, v.trigger), v.code, n(v.label), v.modality,
      c ? c.start : null, c ? c.end : null, c ? slice(text, c) : null, JSON.stringify(v.actors ?? []), JSON.stringify(v.targets ?? []),
      n(v.place), n(v.time), n(v.attribution)]);
  }
  return into;
}

// ---- paging ----

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || limit === null) return DEFAULT_LIMIT;
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 1) {
    throw new DossierError('DOSSIER_BAD_OPTION', `A page limit must be a whole number from 1 to ${MAX_LIMIT}; got ${String(limit)}.`);
  }
  return Math.min(MAX_LIMIT, Math.floor(limit));
}

/** Opaque cursor: base64url of [tag, ...sort key]. The tag keeps a cursor from one query out of another. */
export function encodeCursor(tag: string, key: Value[]): string {
  return Buffer.from(JSON.stringify([tag, ...key]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, tag: string, types: ('s' | 'n')[]): Value[] | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  const fail = () => new DossierError('DOSSIER_STORE_BAD_CURSOR', 'The page cursor is not one this query handed out; start again without a cursor.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  if (!Array.isArray(parsed) || parsed[0] !== tag || parsed.length !== types.length + 1) throw fail();
  const key = parsed.slice(1) as Value[];
  types.forEach((t, i) => {
    if (t === 's' ? typeof key[i] !== 'string' : typeof key[i] !== 'number' || !Number.isFinite(key[i])) throw fail();
  });
  return key;
}

// ---- full-text queries ----

/** Query words, lower-cased; "a phrase" in double quotes stays one group. Groups are ANDed. */
export function parseFtsQuery(q: string): string[][] {
  const groups: string[][] = [];
  const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const re = /"([^"]*)"|([^"\s]+)/g;
  for (let m = re.exec(q ?? ''); m; m = re.exec(q)) {
    if (m[1] !== undefined) {
      const w = words(m[1]);
      if (w.length) groups.push(w);
    } else {
      for (const w of words(m[2])) groups.push([w]);
    }
  }
  if (groups.length === 0) throw new DossierError('DOSSIER_BAD_OPTION', 'A search needs at least one word (letters or digits).');
  return groups;
}

export function fts5Query(groups: string[][]): string {
  return groups.map((g) => `"${g.join(' ')}"`).join(' ');
}

export function tsQuery(groups: string[][]): string {
  return groups.map((g) => (g.length === 1 ? g[0] : `(${g.join(' <-> ')})`)).join(' & ');
}

/** Where a search hit shows in an article: the first place any query word occurs as a whole word. */
export function firstHit(text: string, groups: string[][]): Span & { text: string } {
  const alts = groups.map((g) => g.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\p{L}\\p{N}]+'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  const m = re.exec(text);
  if (!m) return { start: 0, end: 0, text: '' };
  return { start: m.index, end: m.index + m[0].length, text: m[0] };
}

/** LIKE pattern for a case-insensitive substring (the column holds lower-cased text). */
export function likeContains(s: string): string {
  return `%${s.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
}

export function likePrefix(s: string): string {
  return `${s.replace(/[\\%_]/g, '\\$&')}%`;
}
