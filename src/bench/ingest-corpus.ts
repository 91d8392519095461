// The volume corpus for the ingest benchmark and the kill test: PolNeAR train texts repeated with
// changed ids until there are N articles. A repeat's text gets one closing line naming its copy, so each
// is new content to the store (the content hash is the article's identity) — and the story groups the
// repeats as near-copies of one report, as it would real wire copies. Also: checking a store after a run.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DossierError } from '../errors.js';
import { PROJECT_ROOT } from '../resources.js';
import { contentHash, type Page, type Store, type StoredArticle } from '../store/store.js';

/** PolNeAR train, beside the project as ../shared (never copied into it). */
export const POLNEAR_TRAIN = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'polnear', 'train.jsonl');

export interface CorpusLine {
  id: string;
  title: string | null;
  published: string | null;
  text: string;
}

export function buildCorpus(n: number, source = POLNEAR_TRAIN): CorpusLine[] {
  let raw: string;
  try {
    raw = readFileSync(source, 'utf8');
  } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `The PolNeAR train set is not at ${source} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  // The same text under two ids is one article to the store; keep one, so every corpus id can be stored.
  const hashes = new Set<string>();
  const base = raw.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; title?: string; date?: string; text: string })
    .filter((b) => !hashes.has(contentHash(b.text)) && !!hashes.add(contentHash(b.text)));
  if (base.length === 0) throw new DossierError('DOSSIER_DATA_MISSING', `${source} holds no articles.`);
  const out: CorpusLine[] = [];
  for (let i = 0; i < n; i++) {
    const b = base[i % base.length];
    const copy = Math.floor(i / base.length);
    out.push({
      id: copy === 0 ? b.id : `${b.id}#${copy}`,
      title: b.title ?? null,
      published: b.date ?? null,
      text: copy === 0 ? b.text : `${b.text}\n\n(Copy ${copy} of this report.)`,
    });
  }
  return out;
}

export function writeCorpus(file: string, lines: CorpusLine[]): void {
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

export interface Verification {
  expected: number;
  stored: number;
  /** Expected ids not stored. */
  missing: string[];
  /** Ids stored more than once, or stored that were never given. */
  duplicated: string[];
  unexpected: string[];
  /** Articles whose record rows do not match their stored analysis (a partial write). */
  partial: string[];
  /** Articles not linked into the story (no MinHash signature). */
  unindexed: string[];
  ok: boolean;
}

async function all<T>(fetch: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetch(cursor);
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

/**
 * Every expected article stored exactly once, and every stored article whole: its quote, figure, event
 * and entity rows are exactly those of its stored analysis, and it is linked into the story.
 */
export async function verifyStore(store: Store, expectedIds: Iterable<string>): Promise<Verification> {
  const expected = new Set(expectedIds);
  const articles: StoredArticle[] = await all((cursor) => store.listArticles({ cursor, limit: 1000 }));
  const seen = new Map<string, number>();
  for (const a of articles) seen.set(a.externalId ?? '', (seen.get(a.externalId ?? '') ?? 0) + 1);
  const missing = [...expected].filter((id) => !seen.has(id));
  const duplicated = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  const unexpected = [...seen.keys()].filter((id) => !expected.has(id));
  const partial: string[] = [];
  const unindexed: string[] = [];
  for (let i = 0; i < articles.length; i += 200) {
    const ids = articles.slice(i, i + 200).map((a) => a.id);
    const count = (rows: { articleId: string }[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(r.articleId, (m.get(r.articleId) ?? 0) + 1);
      return m;
    };
    const [quotes, figures, events, entities, signatures] = await Promise.all([
      all((cursor) => store.quotes({ articleIds: ids, cursor, limit: 1000 })).then(count),
      all((cursor) => store.figures({ articleIds: ids, cursor, limit: 1000 })).then(count),
      all((cursor) => store.events({ articleIds: ids, cursor, limit: 1000 })).then(count),
      all((cursor) => store.entities({ articleIds: ids, cursor, limit: 1000 })).then(count),
      store.storyGetSignatures(ids),
    ]);
    const signed = new Set(signatures.map((s) => s.articleId));
    for (const id of ids) {
      const a = await store.getAnalysis(id);
      if (!a || (quotes.get(id) ?? 0) !== a.attributions.length || (figures.get(id) ?? 0) !== a.figures.length
        || (events.get(id) ?? 0) !== a.events.length || (entities.get(id) ?? 0) !== a.entities.length) partial.push(id);
      if (!signed.has(id)) unindexed.push(id);
    }
  }
  return {
    expected: expected.size, stored: articles.length, missing, duplicated, unexpected, partial, unindexed,
    ok: missing.length === 0 && duplicated.length === 0 && unexpected.length === 0 && partial.length === 0 && unindexed.length === 0 && articles.length === expected.size,
  };
}
