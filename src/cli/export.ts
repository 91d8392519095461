// `dossier export`: everything in the store, complete. Every page is followed to the end (no caps); CSV
// is RFC 4180 (every field that needs it quoted, quotes doubled, CRLF line ends); with --out the file
// appears only once it is whole (written beside it, then renamed), so a half export never passes for one.

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { ParseArgsConfig } from 'node:util';
import { DossierError } from '../errors.js';
import type { EntityRow, EventRow, FigureRow, Page, QuoteRow, Store } from '../store/store.js';
import { EXIT, UsageError } from './exit.js';
import { COMMAND_HELP } from './help.js';
import { DEFAULT_DB, openCliStore, parseCli } from './ingest-args.js';
import type { CliIO, Output } from './io.js';

const EXPORT_OPTIONS = {
  db: { type: 'string' },
  format: { type: 'string' },
  what: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const WHATS = ['analyses', 'quotes', 'figures', 'events', 'entities'] as const;
type What = (typeof WHATS)[number];

/** One CSV field: quoted when it holds a comma, quote, line break or edge space; quotes doubled. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: unknown[]): string => `${fields.map(csvField).join(',')}\r\n`;

/** A writer with backpressure: stdout through Output, or a file. */
interface Sink {
  write(s: string): Promise<void>;
  close(ok: boolean): Promise<void>;
}

function stdoutSink(out: Output): Sink {
  return {
    async write(s) {
      out.write(s);
      await out.ready();
      if (out.closed) throw new StopExport();
    },
    close: async () => {},
  };
}

/** The reader closed the pipe: stop quietly. */
class StopExport extends Error {}

function fileSink(file: string): Sink {
  const tmp = `${file}.partial-${process.pid}`;
  const stream = createWriteStream(tmp, { encoding: 'utf8' });
  let failure: Error | null = null;
  stream.on('error', (err) => { failure = err; });
  const check = (): void => {
    if (failure) throw new DossierError('DOSSIER_INPUT_UNREADABLE', `Cannot write ${file} (${(failure as NodeJS.ErrnoException).code ?? failure.message}).`);
  };
  return {
    async write(s) {
      check();
      if (!stream.write(s)) await new Promise<void>((resolve) => { stream.once('drain', resolve); stream.once('error', () => resolve()); });
      check();
    },
    async close(ok) {
      await new Promise<void>((resolve) => stream.end(resolve));
      if (ok && !failure) await rename(tmp, file);
      else await rm(tmp, { force: true });
      check();
    },
  };
}

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

export async function exportCommand(args: string[], io: CliIO, out: Output): Promise<number> {
  const { values } = parseCli('export', args, EXPORT_OPTIONS, false);
  if (values.help) {
    out.write(COMMAND_HELP.export);
    return EXIT.OK;
  }
  const format = values.format;
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('DOSSIER_BAD_OPTION', `--format must be jsonl or csv${format === undefined ? '' : `, not "${format}"`}.`);
  const what = values.what as What | undefined;
  if (what === undefined || !WHATS.includes(what)) throw new UsageError('DOSSIER_BAD_OPTION', `--what must be one of ${WHATS.join(', ')}${what === undefined ? '' : `, not "${what}"`}.`);
  if (what === 'analyses' && format === 'csv') throw new UsageError('DOSSIER_BAD_OPTION', 'Analyses are whole documents: export them with --format jsonl (CSV is for quotes, figures, events and entities).');
  const store = await openCliStore(values.db ?? DEFAULT_DB);
  const sink = values.out ? fileSink(values.out) : stdoutSink(out);
  let ok = false;
  let rows = 0;
  try {
    rows = await exportRows(store, what, format, (s) => sink.write(s));
    ok = true;
  } catch (err) {
    if (!(err instanceof StopExport)) throw err;
  } finally {
    await sink.close(ok);
    await store.close();
  }
  if (values.out && ok) io.stderr.write(`dossier: wrote ${rows} ${what} row${rows === 1 ? '' : 's'} to ${values.out}.\n`);
  return EXIT.OK;
}

/** Writes every row of `what`; returns how many. */
export async function exportRows(store: Store, what: What, format: 'jsonl' | 'csv', write: (s: string) => Promise<void>): Promise<number> {
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
      const { resolveLive } = await import('../story/link-entities.js');
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
