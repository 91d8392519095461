// Everything in the store, complete, as JSON lines or RFC 4180 CSV (every field that needs it quoted,
// quotes doubled, CRLF line ends): what `dossier export` writes to a file or standard output and what the
// HTTP API streams from /api/export. Every page is followed to the end (no caps).

import type { EntityRow, EventRow, FigureRow, Page, QuoteRow, Store } from '../store/store.js';
import { resolveLive } from './link-entities.js';

export const EXPORT_WHATS = ['analyses', 'quotes', 'figures', 'events', 'entities'] as const;
export type ExportWhat = (typeof EXPORT_WHATS)[number];
export type ExportFormat = 'jsonl' | 'csv';

/** One CSV field: quoted when it holds a comma, quote, line break or edge space; quotes doubled. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: unknown[]): string => `${fields.map(csvField).join(',')}\r\n`;

async function eachRow<T>(fetch: (cursor: string | null) => Promise<Page<T>>, each: (row: T) => Promise<void>): Promise<number> {
  let cursor: string | null = null;
  let n = 0;
  for (;;) {
    const page: Page<T> = await fetch(cursor);
    for (const row of page.items) {
      await each(row);
      n++;
    }
    if (!page.next || page.next === cursor) return n;
    cursor = page.next;
  }
}

const PAGE = 1000;

const QUOTE_HEADER = ['article_id', 'attribution_id', 'published', 'title', 'url', 'kind', 'stance', 'speaker', 'source_text', 'source_start', 'source_end',
  'cue', 'cue_start', 'cue_end', 'cue_lemma', 'content', 'content_spans', 'start', 'end', 'confidence', 'rule'];
const quoteFields = (q: QuoteRow): unknown[] => [q.articleId, q.attributionId, q.published, q.title, q.url, q.kind, q.stance, q.speakerName, q.source?.text, q.source?.start, q.source?.end,
  q.cue.text, q.cue.start, q.cue.end, q.cue.lemma, q.contentText, q.content.map((c) => `${c.start}-${c.end}`).join(' '), q.start, q.end, q.confidence, q.rule];

const FIGURE_HEADER = ['article_id', 'figure_id', 'published', 'title', 'url', 'start', 'end', 'text', 'value', 'value_max', 'unit', 'qualifier', 'subject', 'measure', 'attribution_id', 'source'];
const figureFields = (f: FigureRow): unknown[] => [f.articleId, f.figureId, f.published, f.title, f.url, f.start, f.end, f.text, f.value, f.valueMax, f.unit, f.qualifier, f.subject, f.measure, f.attributionId, f.sourceText];

const EVENT_HEADER = ['article_id', 'event_id', 'published', 'title', 'url', 'code', 'label', 'modality', 'trigger', 'trigger_start', 'trigger_end', 'condition', 'condition_start', 'condition_end',
  'actors', 'targets', 'place', 'time', 'attribution_id', 'start', 'end'];
const eventFields = (e: EventRow): unknown[] => [e.articleId, e.eventId, e.published, e.title, e.url, e.code, e.label, e.modality, e.trigger.text, e.trigger.start, e.trigger.end,
  e.condition?.text, e.condition?.start, e.condition?.end, e.actors.join(' '), e.targets.join(' '), e.place, e.time, e.attributionId, e.start, e.end];

const ENTITY_HEADER = ['article_id', 'entity_id', 'global_entity_id', 'published', 'type', 'name', 'descriptors', 'mentions', 'first_start', 'first_end', 'first_text'];

/** Writes every row of `what`; returns how many. */
export async function exportRows(store: Store, what: ExportWhat, format: ExportFormat, write: (s: string) => Promise<void>): Promise<number> {
  const emit = (header: string[], fields: unknown[], row: unknown): Promise<void> => write(format === 'csv' ? csvLine(fields) : `${JSON.stringify(row)}\n`);
  switch (what) {
    case 'analyses':
      return eachRow((cursor) => store.listArticles({ cursor, limit: 200 }), async (a) => {
        const analysis = await store.getAnalysis(a.id);
        if (!analysis) return;
        // The store's id and how the article was found ride along; the contract allows extra fields.
        await write(`${JSON.stringify({ ...analysis, articleId: a.id, foundVia: a.foundVia, contentHash: a.contentHash, dupGroup: a.dupGroup ?? null })}\n`);
      });
    case 'quotes':
      if (format === 'csv') await write(csvLine(QUOTE_HEADER));
      return eachRow((cursor) => store.quotes({ cursor, limit: PAGE }), (q) => emit(QUOTE_HEADER, quoteFields(q), q));
    case 'figures':
      if (format === 'csv') await write(csvLine(FIGURE_HEADER));
      return eachRow((cursor) => store.figures({ cursor, limit: PAGE }), (f) => emit(FIGURE_HEADER, figureFields(f), f));
    case 'events':
      if (format === 'csv') await write(csvLine(EVENT_HEADER));
      return eachRow((cursor) => store.events({ cursor, limit: PAGE }), (e) => emit(EVENT_HEADER, eventFields(e), e));
    case 'entities': {
      if (format === 'csv') await write(csvLine(ENTITY_HEADER));
      let globalOf = new Map<string, string>();
      let cachedArticles = new Set<string>();
      return eachRow((cursor) => store.entities({ cursor, limit: PAGE }), async (e: EntityRow) => {
        if (!cachedArticles.has(e.articleId)) {
          // Links are read an article at a time as rows reach it, so memory stays flat on any store.
          const links = [];
          let cursor: string | null = null;
          do {
            const page: Page<{ localId: string; entityId: string }> = await store.storyLinks({ articleIds: [e.articleId], cursor, limit: PAGE });
            links.push(...page.items);
            cursor = page.next;
          } while (cursor);
          const live = await resolveLive(store, links.map((l) => l.entityId));
          globalOf = new Map(links.map((l) => [l.localId, live.get(l.entityId)?.id ?? l.entityId]));
          cachedArticles = new Set([e.articleId]);
        }
        const first = e.mentions[0];
        const global = globalOf.get(e.entityId) ?? null;
        await emit(ENTITY_HEADER, [e.articleId, e.entityId, global, e.published, e.type, e.name, e.descriptors.join('; '), e.mentions.map((m) => `${m.start}-${m.end}`).join(' '),
          first?.start, first?.end, first?.text], { ...e, globalEntityId: global });
      });
    }
  }
}
