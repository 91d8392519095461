// An in-memory fake of the Store methods the story layer uses, so the story's rules are tested without
// a database (the real backends run the same story tests in demo-corpus.test.ts when they open).
import { createHash } from 'node:crypto';
import type { Analysis } from '../../src/contract.js';
import type {
  EventQuery, EventRow, FigureQuery, FigureRow, Page, PageQuery, PutInput, PutResult, QuoteQuery, QuoteRow, SearchHit, SearchQuery,
  Store, StoredArticle, StoryClaimRow, StoryEntityRow, StoryKeyRow, StoryLinkRow, StoryMergeRow, StorySignatureRow,
} from '../../src/store/store.js';

function page<T>(rows: T[], q: PageQuery = {}): Page<T> {
  const offset = q.cursor ? Number(q.cursor) : 0;
  const limit = Math.min(1000, q.limit ?? 100);
  return { items: rows.slice(offset, offset + limit), next: offset + limit < rows.length ? String(offset + limit) : null };
}
const clone = <T>(x: T): T => structuredClone(x);
const inDates = (d: string | null, q: { from?: string | null; to?: string | null }) =>
  (!q.from || (d != null && d >= q.from)) && (!q.to || (d != null && d.slice(0, q.to.length) <= q.to));

export class MemoryStore {
  readonly kind = 'sqlite' as const;
  articles = new Map<string, StoredArticle>();
  analyses = new Map<string, Analysis>();
  globals = new Map<string, StoryEntityRow>();
  keys: StoryKeyRow[] = [];
  links = new Map<string, StoryLinkRow>();
  merges = new Map<string, StoryMergeRow>();
  signatures = new Map<string, { row: StorySignatureRow; bands: string[] }>();
  claims: StoryClaimRow[] = [];
  private seq = 0;

  async migrate(): Promise<void> {}
  async close(): Promise<void> {}

  async putArticle(input: PutInput): Promise<PutResult> {
    const hash = createHash('sha256').update(input.article.text).digest('hex');
    const id = `a${hash.slice(0, 12)}`;
    if (this.articles.has(id)) return { articleId: id, created: false };
    this.articles.set(id, { id, externalId: input.article.id ?? null, url: input.article.url ?? null, title: input.article.title ?? null,
      published: input.article.published ?? null, publishedFrom: null, foundVia: input.foundVia, contentHash: hash, extractorVersion: 'test',
      ingestedAt: String(++this.seq).padStart(8, '0'), text: input.article.text, dupGroup: null });
    this.analyses.set(id, clone(input.analysis));
    return { articleId: id, created: true };
  }
  async getArticle(id: string): Promise<StoredArticle | null> { return clone(this.articles.get(id) ?? null); }
  async getAnalysis(id: string): Promise<Analysis | null> { return clone(this.analyses.get(id) ?? null); }
  async listArticles(q: PageQuery = {}): Promise<Page<StoredArticle>> { return page([...this.articles.values()].map(clone), q); }
  async setDupGroup(articleId: string, group: string | null): Promise<void> { const a = this.articles.get(articleId); if (a) a.dupGroup = group; }

  private sorted<T extends { articleId: string; start: number }>(rows: T[]): T[] {
    const pub = (id: string) => this.articles.get(id)?.published ?? '';
    return rows.sort((a, b) => pub(a.articleId).localeCompare(pub(b.articleId)) || a.articleId.localeCompare(b.articleId) || a.start - b.start);
  }

  async quotes(q: QuoteQuery = {}): Promise<Page<QuoteRow>> {
    const out: QuoteRow[] = [];
    const speakers = q.speakerEntityIds ? new Set([...this.links.values()].filter((l) => q.speakerEntityIds!.includes(l.entityId)).map((l) => `${l.articleId}|${l.localId}`)) : null;
    const words = q.text ? q.text.toLowerCase().split(/\s+/).filter(Boolean) : null;
    for (const [articleId, an] of this.analyses) {
      const art = this.articles.get(articleId)!;
      if (q.articleIds && !q.articleIds.includes(articleId)) continue;
      if (!inDates(art.published, q)) continue;
      for (const a of an.attributions) {
        if (speakers && !(a.source?.entity && speakers.has(`${articleId}|${a.source.entity}`))) continue;
        const span = (s: { start: number; end: number }) => ({ start: s.start, end: s.end, text: an.text.slice(s.start, s.end) });
        const content = a.content.map(span);
        const contentText = content.map((c) => c.text).join(' … ');
        if (words && !words.every((w) => contentText.toLowerCase().includes(w))) continue;
        out.push({ articleId, attributionId: a.id, published: art.published, title: art.title, url: art.url, kind: a.kind, stance: a.stance ?? null,
          cue: { ...span(a.cue), lemma: a.cue.lemma, class: a.cue.class ?? null }, source: a.source ? { ...span(a.source), entity: a.source.entity } : null,
          speakerName: an.entities.find((e) => e.id === a.source?.entity)?.name ?? null, content, contentText, confidence: a.confidence ?? null, rule: null,
          start: content[0]?.start ?? a.cue.start, end: content[content.length - 1]?.end ?? a.cue.end });
      }
    }
    return page(this.sorted(out), q);
  }

  async figures(q: FigureQuery = {}): Promise<Page<FigureRow>> {
    const out: FigureRow[] = [];
    for (const [articleId, an] of this.analyses) {
      const art = this.articles.get(articleId)!;
      if ((q.articleIds && !q.articleIds.includes(articleId)) || !inDates(art.published, q)) continue;
      for (const f of an.figures) {
        if (q.subject && !(f.subject ?? '').toLowerCase().includes(q.subject.toLowerCase())) continue;
        if (q.measure && !(f.measure ?? '').toLowerCase().includes(q.measure.toLowerCase())) continue;
        const at = an.attributions.find((a) => a.id === f.attribution);
        out.push({ articleId, figureId: f.id, published: art.published, title: art.title, url: art.url, start: f.start, end: f.end, text: an.text.slice(f.start, f.end),
          value: f.value, valueMax: f.valueMax ?? null, unit: f.unit ?? null, qualifier: f.qualifier, subject: f.subject ?? null, measure: f.measure ?? null,
          attributionId: f.attribution ?? null, sourceText: at?.source ? an.text.slice(at.source.start, at.source.end) : null });
      }
    }
    return page(this.sorted(out), q);
  }

  async events(q: EventQuery = {}): Promise<Page<EventRow>> {
    const out: EventRow[] = [];
    for (const [articleId, an] of this.analyses) {
      const art = this.articles.get(articleId)!;
      if ((q.articleIds && !q.articleIds.includes(articleId)) || !inDates(art.published, q)) continue;
      for (const e of an.events) {
        if ((q.code && !e.code.startsWith(q.code)) || (q.modality && e.modality !== q.modality)) continue;
        const span = (s: { start: number; end: number }) => ({ start: s.start, end: s.end, text: an.text.slice(s.start, s.end) });
        out.push({ articleId, eventId: e.id, published: art.published, title: art.title, url: art.url, code: e.code, label: e.label ?? null, modality: e.modality,
          trigger: span(e.trigger), condition: e.condition ? span(e.condition) : null, actors: e.actors ?? [], targets: e.targets ?? [], place: e.place ?? null,
          time: e.time ?? null, attributionId: e.attribution ?? null, start: e.trigger.start, end: e.trigger.end });
      }
    }
    return page(this.sorted(out), q);
  }

  async search(q: SearchQuery): Promise<Page<SearchHit>> {
    const words = q.text.toLowerCase().split(/\s+/).filter(Boolean);
    const out: SearchHit[] = [];
    for (const art of this.articles.values()) {
      const lower = art.text.toLowerCase();
      if (!words.every((w) => lower.includes(w))) continue;
      const start = lower.indexOf(words[0]);
      out.push({ kind: 'article', articleId: art.id, attributionId: null, published: art.published, title: art.title, url: art.url, start, end: start + words[0].length, text: art.text.slice(start, start + words[0].length) });
    }
    return page(out, q);
  }

  async storyPutEntities(rows: StoryEntityRow[]): Promise<void> { for (const r of rows) this.globals.set(r.id, clone(r)); }
  async storyGetEntities(ids: string[]): Promise<StoryEntityRow[]> { return ids.map((id) => this.globals.get(id)).filter((x): x is StoryEntityRow => !!x).map(clone); }
  async storyEntities(q: PageQuery = {}): Promise<Page<StoryEntityRow>> { return page([...this.globals.values()].sort((a, b) => a.id.localeCompare(b.id)).map(clone), q); }
  async storyAddKeys(rows: StoryKeyRow[]): Promise<void> {
    for (const r of rows) if (!this.keys.some((k) => k.key === r.key && k.entityId === r.entityId && k.kind === r.kind && k.surface === r.surface)) this.keys.push(clone(r));
  }
  async storyFindKeys(keys: string[]): Promise<StoryKeyRow[]> { const s = new Set(keys); return this.keys.filter((k) => s.has(k.key)).map(clone); }
  async storyPutLinks(rows: StoryLinkRow[]): Promise<void> { for (const r of rows) this.links.set(`${r.articleId}|${r.localId}`, clone(r)); }
  async storyLinks(q: { entityIds?: string[]; articleIds?: string[] } & PageQuery = {}): Promise<Page<StoryLinkRow>> {
    const rows = [...this.links.values()].filter((l) => (!q.entityIds || q.entityIds.includes(l.entityId)) && (!q.articleIds || q.articleIds.includes(l.articleId)))
      .sort((a, b) => (a.seen ?? '').localeCompare(b.seen ?? '') || a.articleId.localeCompare(b.articleId) || a.localId.localeCompare(b.localId));
    return page(rows.map(clone), q);
  }
  async storyPutMerge(row: StoryMergeRow): Promise<void> { this.merges.set(row.id, clone(row)); }
  async storyMerges(q: { ids?: string[] } & PageQuery = {}): Promise<Page<StoryMergeRow>> {
    return page([...this.merges.values()].filter((m) => !q.ids || q.ids.includes(m.id)).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)).map(clone), q);
  }
  async storyPutSignature(row: StorySignatureRow, bands: string[]): Promise<void> { this.signatures.set(row.articleId, { row: clone(row), bands: [...bands] }); }
  async storyFindBands(bands: string[]): Promise<string[]> {
    const s = new Set(bands);
    return [...this.signatures.values()].filter((x) => x.bands.some((b) => s.has(b))).map((x) => x.row.articleId);
  }
  async storyGetSignatures(articleIds: string[]): Promise<StorySignatureRow[]> {
    return articleIds.map((id) => this.signatures.get(id)?.row).filter((x): x is StorySignatureRow => !!x).map(clone);
  }
  async storyPutClaims(rows: StoryClaimRow[]): Promise<void> { this.claims.push(...rows.map(clone)); }
  async storyClaims(q: { articleIds?: string[] } & PageQuery = {}): Promise<Page<StoryClaimRow>> {
    return page(this.claims.filter((c) => !q.articleIds || q.articleIds.includes(c.articleId)).map(clone), q);
  }
  async storyClearArticle(articleId: string): Promise<void> {
    for (const [k, l] of this.links) if (l.articleId === articleId) this.links.delete(k);
    this.signatures.delete(articleId);
    this.claims = this.claims.filter((c) => c.articleId !== articleId && c.answersArticleId !== articleId);
  }
  async storyClearAll(): Promise<void> {
    this.globals.clear(); this.keys = []; this.links.clear(); this.signatures.clear(); this.claims = [];
    for (const [id, m] of this.merges) if (m.by !== 'user') this.merges.delete(id);
    for (const a of this.articles.values()) a.dupGroup = null;
  }
  async findGlobalEntities(q: { name: string; type?: string }): Promise<StoryEntityRow[]> {
    const n = q.name.toLowerCase();
    return [...this.globals.values()].filter((e) => !e.mergedInto && e.name.toLowerCase() === n && (!q.type || e.type === q.type)).map(clone);
  }
}

/** The fake typed as a Store for the query functions (only the methods above are ever called). */
export function memoryStore(): MemoryStore & Store {
  return new MemoryStore() as MemoryStore & Store;
}
