// What the story layer reads again and again while an ingest run links article after article: alias keys,
// global entities, the live merges and each entity's descriptors. Kept in memory for one run, so the cost
// of linking an article stays flat as the store grows (the rows a key points at are read from the store
// once, then kept up to date by this process's own writes).
//
// The cache assumes this process is the only writer of story rows while it lives (one ingest run). A
// rolled-back transaction leaves it holding rows the store does not: whoever rolls back calls clear().
// Merges made outside the story layer (Store.mergeEntities / undoMerge) clear it too.

import type { StoryEntityRow, StoryKeyRow, StoryLinkRow, StoryMergeRow, StoryStore } from './story-store.js';
import { allPages } from './story-store.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** The store's order for key rows: (key, entity_id, kind, surface). */
const keyOrder = (a: StoryKeyRow, b: StoryKeyRow): number =>
  cmp(a.key, b.key) || cmp(a.entityId, b.entityId) || cmp(a.kind, b.kind) || cmp(a.surface, b.surface);

/** The rows of one key, in the store's order, with their identities for a quick 'is it there'. */
export class KeyRows {
  readonly rows: StoryKeyRow[] = [];
  private readonly ids = new Set<string>();

  has(r: StoryKeyRow): boolean {
    return this.ids.has(rowIdentity(r));
  }

  /** Adds a row (frozen: it is handed out as it is) where the store's order puts it, unless it is there. */
  add(r: StoryKeyRow): void {
    const id = rowIdentity(r);
    if (this.ids.has(id)) return;
    this.ids.add(id);
    const row = Object.freeze({ key: r.key, entityId: r.entityId, kind: r.kind, surface: r.surface ?? '' });
    let lo = 0, hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyOrder(this.rows[mid], row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.rows.splice(lo, 0, row);
  }
}

const rowIdentity = (r: StoryKeyRow): string => `${r.entityId}\u0000${r.kind}\u0000${r.surface ?? ''}`;

export class StoryCache {
  /** Every key row of each key looked up (no rows: the store has none). */
  readonly keys = new Map<string, KeyRows>();
  readonly entities = new Map<string, StoryEntityRow>();
  /** Descriptors of every link of an entity (its own links, not those of entities merged into it). */
  readonly descriptors = new Map<string, Set<string>>();
  /** All merges, by id; null until first needed. */
  merges: Map<string, StoryMergeRow> | null = null;
  private children: Map<string, string[]> | null = null;
  /** Dup group per article, as this run set it. */
  readonly dupGroups = new Map<string, string | null>();

  clear(): void {
    this.keys.clear();
    this.entities.clear();
    this.descriptors.clear();
    this.merges = null;
    this.children = null;
    this.dupGroups.clear();
  }

  /** Entities merged directly into each entity, over merges not undone. */
  liveChildren(): Map<string, string[]> | null {
    if (!this.merges) return null;
    if (!this.children) {
      const children = new Map<string, string[]>();
      const sorted = [...this.merges.values()].sort((a, b) => cmp(a.at, b.at) || cmp(a.id, b.id));
      for (const m of sorted) {
        if (m.undoneAt) continue;
        const list = children.get(m.intoId);
        if (list) list.push(m.fromId);
        else children.set(m.intoId, [m.fromId]);
      }
      this.children = children;
    }
    return this.children;
  }

  putMerge(row: StoryMergeRow): void {
    if (!this.merges) return;
    this.merges.set(row.id, { ...row });
    this.children = null;
  }
}

/** Methods the story layer uses when a store offers them (the cached view does). */
export interface StoryFastPaths {
  /** Entities merged directly into each entity (live merges only). */
  storyMergeChildren?(): Promise<Map<string, string[]>>;
  /** Descriptors of every link of these entities. */
  storyLinkDescriptors?(entityIds: string[]): Promise<string[]>;
  /** storyGetEntities without copying or sorting: the cache's own rows, frozen. */
  storyEntityRows?(ids: string[]): Promise<StoryEntityRow[]>;
  dupGroupOf?(articleId: string): Promise<string | null | undefined>;
}

/**
 * A view of `inner` that answers story reads from `cache` where it can and keeps the cache in step with
 * its writes. Every other method goes to `inner` unchanged.
 */
export function cachedStoryStore<S extends StoryStore>(inner: S, cache: StoryCache): S & StoryFastPaths {
  /** The cached rows of these entities (any order), reading the ones not cached yet. */
  const entityRows = async (ids: string[]): Promise<StoryEntityRow[]> => {
    const out: StoryEntityRow[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const r = cache.entities.get(id);
      if (r) out.push(r);
      else missing.push(id);
    }
    if (missing.length) {
      for (const r of await inner.storyGetEntities(missing)) {
        const row = Object.freeze({ ...r });
        cache.entities.set(r.id, row);
        out.push(row);
      }
    }
    return out;
  };
  const own: Partial<StoryStore> & StoryFastPaths = {
    // key and entity rows are handed out as the cache holds them, frozen: a popular name has thousands
    async storyFindKeys(keys: string[]): Promise<StoryKeyRow[]> {
      const want = [...new Set(keys)];
      const missing = want.filter((k) => !cache.keys.has(k));
      if (missing.length) {
        for (const k of missing) cache.keys.set(k, new KeyRows());
        for (const r of await inner.storyFindKeys(missing)) cache.keys.get(r.key)!.add(r);
      }
      const out: StoryKeyRow[] = [];
      for (const k of want.sort(cmp)) for (const r of cache.keys.get(k)!.rows) out.push(r);
      return out;
    },
    async storyAddKeys(rows: StoryKeyRow[]): Promise<void> {
      // a row the cache holds is in the store already, where adding it again does nothing: most keys of
      // an article are those of entities the store knows
      const fresh = rows.filter((r) => !cache.keys.get(r.key)?.has(r));
      if (fresh.length) await inner.storyAddKeys(fresh);
      for (const r of fresh) cache.keys.get(r.key)?.add(r);
    },
    async storyGetEntities(ids: string[]): Promise<StoryEntityRow[]> {
      return (await entityRows(ids)).map((r) => ({ ...r })).sort((a, b) => cmp(a.id, b.id));
    },
    storyEntityRows: entityRows,
    async storyPutEntities(rows: StoryEntityRow[]): Promise<void> {
      await inner.storyPutEntities(rows);
      for (const r of rows) cache.entities.set(r.id, Object.freeze({ ...r, mergedInto: r.mergedInto ?? null }));
    },
    async storyPutLinks(rows: StoryLinkRow[]): Promise<void> {
      await inner.storyPutLinks(rows);
      // links are written once per article after storyClearArticle (which drops the cached descriptors
      // when it removed any), so an upsert here never moves a link away from a cached entity
      for (const r of rows) {
        const set = cache.descriptors.get(r.entityId);
        if (set) for (const d of r.descriptors ?? []) set.add(d);
      }
    },
    async storyLinkDescriptors(entityIds: string[]): Promise<string[]> {
      const missing = [...new Set(entityIds)].filter((id) => !cache.descriptors.has(id));
      if (missing.length) {
        for (const id of missing) cache.descriptors.set(id, new Set());
        const links = await allPages((cursor) => inner.storyLinks({ entityIds: missing, cursor, limit: 1000 }));
        for (const l of links) for (const d of l.descriptors) cache.descriptors.get(l.entityId)?.add(d);
      }
      const out: string[] = [];
      for (const id of entityIds) for (const d of cache.descriptors.get(id) ?? []) out.push(d);
      return out;
    },
    async storyPutMerge(row: StoryMergeRow): Promise<void> {
      await inner.storyPutMerge(row);
      cache.putMerge(row);
    },
    async storyMergeChildren(): Promise<Map<string, string[]>> {
      if (!cache.merges) {
        cache.merges = new Map();
        for (const m of await allPages((cursor) => inner.storyMerges({ cursor, limit: 1000 }))) cache.merges.set(m.id, m);
      }
      return cache.liveChildren()!;
    },
    async storyClearArticle(articleId: string): Promise<void> {
      const dropped = await (inner.storyClearArticle(articleId) as Promise<unknown>);
      // a store that does not say what it dropped may have dropped links: their descriptors go too
      if (dropped !== 0) cache.descriptors.clear();
    },
    async storyClearAll(): Promise<void> {
      await inner.storyClearAll?.();
      cache.clear();
    },
    async setDupGroup(articleId: string, group: string | null): Promise<void> {
      await inner.setDupGroup(articleId, group);
      cache.dupGroups.set(articleId, group);
    },
    async dupGroupOf(articleId: string): Promise<string | null | undefined> {
      if (cache.dupGroups.has(articleId)) return cache.dupGroups.get(articleId);
      const viaStore = (inner as StoryFastPaths).dupGroupOf;
      const group = viaStore ? await viaStore.call(inner, articleId) : (await inner.getArticle(articleId))?.dupGroup ?? (undefined as string | null | undefined);
      if (group !== undefined) cache.dupGroups.set(articleId, group);
      return group;
    },
  };
  const invalidating = new Set(['mergeEntities', 'undoMerge', 'replaceAnalysis']);
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in own) return (own as Record<string, unknown>)[prop];
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      if (typeof prop === 'string' && invalidating.has(prop)) {
        return async (...args: unknown[]) => {
          try {
            return await (v as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            cache.clear();
          }
        };
      }
      return (v as (...a: unknown[]) => unknown).bind(target);
    },
  }) as S & StoryFastPaths;
}
