// Entities across articles: each article-local entity (type, name, descriptors, mentions) is linked
// to a global entity, with a reason a person can read and a score. Rules, strongest first:
//   1. same normalised name (names.ts: 'Sergey Lavrov' ~ 'Sergei Lavrov', 'Kiev' ~ 'Kyiv')     1.0 / 0.95
//   2. an acronym and its spelled-out name ('NATO' ~ 'North Atlantic Treaty Organization')     0.85
//   3. a person's surname alone against full names of that surname, only when the store holds
//      one person it can be (given names must agree: 'V. Putin' ~ 'Vladimir Putin')          0.8
//   4. when several persons share the surname, a descriptor word they share decides           0.7
//   5. otherwise a new global entity.
// Names match across ORG/LOC/MISC (the engine types governments and places alike) at a lower score;
// persons only match persons. Descriptors need no rule of their own: "Russia's top diplomat" is joined
// to Lavrov by speaker resolution inside its article, so the article-local entity already carries it.
//
// Merges are an overlay: links and keys stay on the entity whose evidence matched, and a merge only
// sets `mergedInto`; undoing it clears that field, which restores both entities and their links
// exactly. A merge happens automatically when one article's entity carries two full names (or an
// acronym and its expansion) that the store holds as two entities, and by the user's hand.

import type { Analysis, Entity } from '../contract.js';
import { DossierError } from '../errors.js';
import { keysOf, keyString, nameKey, personNamesCompatible, type NameKey, type VariantTable } from './names.js';
import type { StoryFastPaths } from './story-cache.js';
import { allPages, type StoryEntityRow, type StoryKeyRow, type StoryLinkRow, type StoryMergeRow, type StoryStore } from './story-store.js';

export interface LinkContext {
  variants?: VariantTable;
  /** Clock for createdAt / merge times (tests fix it). */
  now?: () => string;
}

export interface LinkDecision {
  localId: string;
  entityId: string;
  created: boolean;
  reason: string;
  score: number;
}

export interface AutoMerge { intoId: string; fromId: string; reason: string; score: number }

const GEO = new Set(['ORG', 'LOC', 'MISC']);

function typesMatch(a: string, b: string): 'same' | 'near' | null {
  if (a === b) return 'same';
  return GEO.has(a) && GEO.has(b) ? 'near' : null;
}

/** Distinct proper-name surfaces of a local entity, its name first. */
export function surfacesOf(entity: Entity, text: string): string[] {
  const out = [entity.name];
  for (const m of entity.mentions) {
    const s = text.slice(m.start, m.end).replace(/['’]s$/u, '').trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

function wordCount(s: string): number { return s.trim().split(/\s+/).length; }

/** A stored person known by one word only (a surname seen without a given name). */
function isBare(row: StoryEntityRow): boolean { return row.type === 'PER' && wordCount(row.name) === 1; }

const GENERIC = new Set(['former', 'top', 'senior', 'the', 'his', 'her', 'their', 'its', 'chief', 'head', 'new', 'deputy', 'official', 'spokesman', 'spokeswoman', 'spokesperson']);

/** Descriptor words that can tell two holders of one surname apart ('russian' and 'russia' agree). */
export function descriptorWords(descriptors: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const d of descriptors) {
    for (const w of nameKey(d).split(' ')) {
      if (w.length < 4 || GENERIC.has(w)) continue;
      out.add(w.length > 5 && (w.endsWith('ian') || w.endsWith('ean')) ? w.slice(0, -1) : w); // 'Russian' ~ 'Russia's'
    }
  }
  return out;
}

/**
 * The entity an id ends up in after merges, for many ids at once. From a cached store view the rows are
 * the cache's own, frozen: read them, never change them.
 */
export async function resolveLive(store: StoryStore & StoryFastPaths, ids: Iterable<string>): Promise<Map<string, StoryEntityRow>> {
  const out = new Map<string, StoryEntityRow>();
  const rows = new Map<string, StoryEntityRow>();
  const asked = new Set(ids);
  let pending = [...asked];
  // merges chain rarely more than twice; the guard keeps a corrupted cycle from hanging
  for (let round = 0; pending.length && round < 64; round++) {
    const got = store.storyEntityRows ? await store.storyEntityRows(pending) : await store.storyGetEntities(pending);
    for (const r of got) rows.set(r.id, r);
    // what the rows just read were merged into, not read yet (an id the store lacks is not asked again)
    const next = new Set<string>();
    for (const r of got) if (r.mergedInto && !rows.has(r.mergedInto)) next.add(r.mergedInto);
    pending = [...next];
  }
  for (const id of asked) {
    let r = rows.get(id);
    for (let hops = 0; r && r.mergedInto && hops < 64; hops++) r = rows.get(r.mergedInto) ?? r;
    if (r) out.set(id, r);
  }
  return out;
}

/** The live story entity (after merges) of each of an article's local entities, by local id. */
export async function articleEntityLinks(store: StoryStore, articleId: string): Promise<Map<string, StoryEntityRow>> {
  const rows = await allPages((cursor) => store.storyLinks({ articleIds: [articleId], cursor, limit: 1000 }));
  const live = await resolveLive(store, rows.map((l) => l.entityId));
  const out = new Map<string, StoryEntityRow>();
  for (const l of rows) {
    const e = live.get(l.entityId);
    if (e) out.set(l.localId, e);
  }
  return out;
}
/** Every entity merged (directly or through others) into `id`, and `id` itself. */
export async function mergedClosure(store: StoryStore & StoryFastPaths, id: string): Promise<string[]> {
  let children: Map<string, string[]>;
  if (store.storyMergeChildren) children = await store.storyMergeChildren();
  else {
    // merges are few next to entities: the live overlay is the merges not undone
    const merges = await allPages((cursor) => store.storyMerges({ cursor, limit: 1000 }));
    children = new Map<string, string[]>();
    for (const m of merges) if (!m.undoneAt) children.set(m.intoId, [...(children.get(m.intoId) ?? []), m.fromId]);
  }
  const out = [id];
  for (let i = 0; i < out.length; i++) for (const c of children.get(out[i]) ?? []) if (!out.includes(c)) out.push(c);
  return out;
}

interface Hit { row: StoryKeyRow; live: StoryEntityRow }

/** One local entity as linking looks it up: its surfaces (name first) and the keys each is findable by. */
export interface EntityForms {
  surfaces: string[];
  keys: NameKey[][];
}

/** The forms of every entity of an analysis, in order: a pure function of the analysis and the variant table. */
export function entityForms(analysis: Analysis, variants?: VariantTable): EntityForms[] {
  return analysis.entities.map((e) => {
    const surfaces = surfacesOf(e, analysis.text);
    return { surfaces, keys: surfaces.map((s) => keysOf(s, e.type, variants)) };
  });
}

/**
 * Links every entity of one analysis to global entities and writes links, keys, new entities and automatic
 * merges. `known`, when given, is entityForms(analysis, ctx.variants), computed before.
 */
export async function linkEntities(store: StoryStore & StoryFastPaths, articleId: string, analysis: Analysis, ctx: LinkContext = {},
  known: EntityForms[] = entityForms(analysis, ctx.variants)): Promise<{ links: LinkDecision[]; merges: AutoMerge[] }> {
  const now = ctx.now ?? (() => new Date().toISOString());
  const seen = analysis.published ?? null;
  const locals = analysis.entities.map((e, i) => ({ e, surfaces: known[i].surfaces }));
  const keysByLocal = known.map((f) => f.surfaces.map((s, j) => ({ surface: s, keys: f.keys[j] })));
  const wanted = new Set<string>();
  for (const ks of keysByLocal) for (const { surface, keys } of ks) {
    for (const k of keys) wanted.add(k.key);
    // a surname alone is looked up among full names too
    if (wordCount(surface) === 1 && keys[0]) wanted.add(keyString.surname(keys[0].name));
  }
  const keyRows = wanted.size ? await store.storyFindKeys([...wanted]) : [];
  const live = await resolveLive(store, keyRows.map((r) => r.entityId));
  const hitsByKey = new Map<string, Hit[]>();
  for (const row of keyRows) {
    const l = live.get(row.entityId);
    if (!l) continue;
    const list = hitsByKey.get(row.key) ?? [];
    list.push({ row, live: l });
    hitsByKey.set(row.key, list);
  }

  const decisions: LinkDecision[] = [];
  const merges: AutoMerge[] = [];
  const newEntities: StoryEntityRow[] = [];
  const renamed: StoryEntityRow[] = [];
  const newKeys: StoryKeyRow[] = [];
  const links: StoryLinkRow[] = [];
  const descriptorCache = new Map<string, Set<string>>();
  const renamedTo = new Map<string, string>();
  const descriptorsOf = async (liveId: string): Promise<Set<string>> => {
    let d = descriptorCache.get(liveId);
    if (!d) {
      const ids = await mergedClosure(store, liveId);
      d = descriptorWords(store.storyLinkDescriptors ? await store.storyLinkDescriptors(ids)
        : (await allPages((cursor) => store.storyLinks({ entityIds: ids, cursor, limit: 1000 }))).flatMap((r) => r.descriptors));
      descriptorCache.set(liveId, d);
    }
    return d;
  };

  for (let li = 0; li < locals.length; li++) {
    const { e, surfaces } = locals[li];
    const forms = keysByLocal[li];
    let chosen: { hit: Hit; reason: string; score: number } | null = null;
    const strong: { hit: Hit; surface: string }[] = [];

    // 1. same normalised name, any surface that is a full name (or any name of a non-person)
    for (const { surface, keys } of forms) {
      const nk = keys.find((k) => k.kind === 'name');
      if (!nk) continue;
      const fullName = e.type !== 'PER' || wordCount(surface) > 1;
      const hits = (hitsByKey.get(nk.key) ?? []).filter((h) => typesMatch(h.live.type, e.type) && (e.type !== 'PER' || wordCount(h.row.surface) > 1 || !fullName));
      if (!hits.length) continue;
      const order = (a: Hit, b: Hit) => (typesMatch(a.live.type, e.type) === 'same' ? 0 : 1) - (typesMatch(b.live.type, e.type) === 'same' ? 0 : 1) || (a.row.surface === surface ? 0 : 1) - (b.row.surface === surface ? 0 : 1) || a.live.createdAt.localeCompare(b.live.createdAt) || a.live.id.localeCompare(b.live.id);
      let h: Hit;
      if (fullName) {
        hits.sort(order);
        h = hits[0];
        for (const x of hits) strong.push({ hit: x, surface });
      } else {
        // only the first in that order counts (a name shared by thousands of stored entities is no rarity): the
        // first of the least, as the stable sort would have it
        h = hits[0];
        for (let i = 1; i < hits.length; i++) if (order(hits[i], h) < 0) h = hits[i];
      }
      if (chosen) continue;
      const near = typesMatch(h.live.type, e.type) === 'near';
      const exact = h.row.surface === surface;
      let score = exact ? 1 : 0.95;
      let reason = exact ? `same name '${surface}'` : `same normalised name '${nk.name}' (${surface} ~ ${h.row.surface})`;
      if (near) { score *= 0.8; reason += `; types differ (${e.type} here, ${h.live.type} in the store)`; }
      // a single word naming a person is only as good as it is unambiguous: no other person has it as surname.
      // When several have it, the bare name joins the one stored entity that is itself just that word (the
      // earlier bare mentions, equally undecided), so a common surname makes one undecided entity, not one per article.
      if (!fullName && e.type === 'PER') {
        const holders = new Set((hitsByKey.get(keyString.surname(nk.name)) ?? []).filter((x) => x.live.type === 'PER' && !isBare(x.live)).map((x) => x.live.id));
        if (holders.size > (isBare(h.live) ? 0 : 1)) {
          const bare = hits.filter((x) => x.live.type === 'PER' && isBare(x.live) && wordCount(x.row.surface) === 1);
          if (!bare.length) continue;
          h = bare[0];
          for (let i = 1; i < bare.length; i++) if (order(bare[i], h) < 0) h = bare[i];
          chosen = { hit: h, score: 0.6, reason: `same name '${surface}'; the surname is shared by ${holders.size} persons in the store, so it stays with the other undecided '${h.live.name}'` };
          continue;
        }
      }
      chosen = { hit: h, reason, score };
    }

    // 2. acronym and spelled-out name
    if (e.type !== 'PER') {
      for (const { surface, keys } of forms) {
        const ak = keys.find((k) => k.kind === 'acronym');
        if (!ak) continue;
        const hits = (hitsByKey.get(ak.key) ?? []).filter((h) => h.live.type !== 'PER' && nameKey(h.row.surface, ctx.variants) !== ak.name);
        const liveIds = new Set(hits.map((h) => h.live.id));
        if (liveIds.size !== 1) continue;
        strong.push({ hit: hits[0], surface });
        if (!chosen) chosen = { hit: hits[0], reason: `acronym '${ak.key.slice(2).toUpperCase()}' = '${surface.length < hits[0].row.surface.length ? hits[0].row.surface : surface}'`, score: 0.85 };
      }
    }

    // 3–4. a person's surname
    if (!chosen && e.type === 'PER') {
      const full = nameKey(e.name, ctx.variants);
      const words = full.split(' ');
      const surname = words[words.length - 1];
      const hits = (hitsByKey.get(keyString.surname(surname)) ?? []).filter((h) => h.live.type === 'PER');
      const byLive = new Map<string, Hit[]>();
      for (const h of hits) {
        const list = byLive.get(h.live.id);
        if (list) list.push(h);
        else byLive.set(h.live.id, [h]);
      }
      const fits = new Map<string, boolean>(); // by surface: many stored entities share one
      const fitsName = (s: string): boolean => {
        let f = fits.get(s);
        if (f === undefined) fits.set(s, (f = personNamesCompatible(full, nameKey(s, ctx.variants))));
        return f;
      };
      let compatible = [...byLive.values()].filter((hs) => hs.every((h) => fitsName(h.row.surface)));
      // an undecided bare surname (one several stored persons share) is no person to give a full name to
      if (compatible.length < byLive.size) compatible = compatible.filter((hs) => !isBare(hs[0].live));
      const label = (hs: Hit[]) => hs.map((h) => h.row.surface).sort((a, b) => wordCount(b) - wordCount(a))[0];
      if (compatible.length === 1) {
        const hs = compatible[0];
        chosen = { hit: hs[0], score: 0.8, reason: words.length === 1
          ? `surname '${e.name}' names one person in the store (${label(hs)})`
          : `'${e.name}' has the surname of the one person in the store called '${label(hs)}'` };
      } else if (compatible.length > 1) {
        const mine = descriptorWords(e.descriptors ?? []);
        const agreeing: { hs: Hit[]; shared: string[] }[] = [];
        // with no descriptor word of its own, no holder of the surname can agree with it
        if (mine.size) for (const hs of compatible) {
          const theirs = await descriptorsOf(hs[0].live.id);
          const shared = [...mine].filter((w) => theirs.has(w));
          if (shared.length) agreeing.push({ hs, shared });
        }
        if (agreeing.length === 1) {
          const { hs, shared } = agreeing[0];
          chosen = { hit: hs[0], score: 0.7, reason: `surname '${e.name.trim().split(/\s+/).pop()}' is shared by ${compatible.length} persons; descriptor words (${shared.join(', ')}) match ${label(hs)}` };
        }
      }
    }

    let entityId: string;
    let created = false;
    if (chosen) {
      entityId = chosen.hit.row.entityId;
      // the evidence's own entity keeps the link; a longer name upgrades its display name
      const target = chosen.hit.row.entityId === chosen.hit.live.id ? chosen.hit.live : null;
      if (target && wordCount(e.name) > wordCount(renamedTo.get(target.id) ?? target.name) && target.type === e.type) {
        const up = { ...target, name: e.name };
        renamed.push(up);
        // later locals of this article see the longer name (the row itself may be the cache's)
        renamedTo.set(target.id, e.name);
      }
    } else {
      entityId = `g:${articleId}:${e.id}`;
      created = true;
      const row: StoryEntityRow = { id: entityId, type: e.type, name: e.name, mergedInto: null, createdAt: now() };
      newEntities.push(row);
      // later locals of this article find it like any other
      for (const { surface, keys } of forms) for (const k of keys) {
        const list = hitsByKey.get(k.key) ?? [];
        list.push({ row: { key: k.key, entityId, kind: k.kind, surface }, live: row });
        hitsByKey.set(k.key, list);
      }
    }
    const reason = chosen ? chosen.reason : `first seen: no entity in the store is named '${e.name}'`;
    const score = chosen ? chosen.score : 1;
    decisions.push({ localId: e.id, entityId, created, reason, score });
    for (const { surface, keys } of forms) for (const k of keys) newKeys.push({ key: k.key, entityId, kind: k.kind, surface });
    links.push({ articleId, localId: e.id, entityId, reason, score, name: e.name, surface: surfaces, descriptors: e.descriptors ?? [], seen });

    // automatic merges: this article says two stored entities are one
    const liveMine = chosen ? chosen.hit.live.id : entityId;
    for (const s of strong) {
      if (s.hit.live.id === liveMine || merges.some((m) => m.fromId === s.hit.live.id || m.intoId === s.hit.live.id)) continue;
      if (!typesMatch(s.hit.live.type, e.type)) continue;
      const [into, from] = s.hit.live.createdAt < (chosen?.hit.live.createdAt ?? '~') ? [s.hit.live.id, liveMine] : [liveMine, s.hit.live.id];
      merges.push({ intoId: into, fromId: from, score: 0.9,
        reason: `article ${articleId} names one ${e.type} both '${e.name}' and '${s.surface}' (stored as '${s.hit.row.surface}')` });
    }
  }

  if (newEntities.length) await store.storyPutEntities(newEntities);
  if (renamed.length) await store.storyPutEntities(renamed);
  await store.storyAddKeys(dedupeKeys(newKeys));
  await store.storyPutLinks(links);
  for (const m of merges) await recordMerge(store, m.intoId, m.fromId, m.reason, m.score, 'auto', now());
  return { links: decisions, merges };
}

function dedupeKeys(rows: StoryKeyRow[]): StoryKeyRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.key}\u0000${r.entityId}\u0000${r.kind}\u0000${r.surface}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

async function recordMerge(store: StoryStore, intoId: string, fromId: string, reason: string, score: number, by: string, at: string): Promise<StoryMergeRow> {
  const live = await resolveLive(store, [intoId, fromId]);
  const into = live.get(intoId), from = live.get(fromId);
  if (!into || !from) throw new DossierError('DOSSIER_BAD_OPTION', `There is no entity ${!into ? intoId : fromId} to merge.`);
  if (into.id === from.id) throw new DossierError('DOSSIER_BAD_OPTION', `${intoId} and ${fromId} are already one entity (${into.id}).`);
  const row: StoryMergeRow = { id: `m:${from.id}>${into.id}@${at}`, intoId: into.id, fromId: from.id, reason, score, by, at, undoneAt: null };
  await store.storyPutEntities([{ ...from, mergedInto: into.id }]);
  await store.storyPutMerge(row);
  return row;
}

/** The user joins two global entities; the merge is logged with the user's reason and can be undone. */
export async function mergeEntities(store: StoryStore, intoId: string, fromId: string, reason = 'merged by the user', ctx: LinkContext = {}): Promise<StoryMergeRow> {
  const at = (ctx.now ?? (() => new Date().toISOString()))();
  return recordMerge(store, intoId, fromId, reason, 1, 'user', at);
}

/** Undoes a merge: the merged entity stands alone again with exactly the links and keys it had. */
export async function undoMerge(store: StoryStore, mergeId: string, ctx: LinkContext = {}): Promise<StoryMergeRow> {
  const [m] = (await store.storyMerges({ ids: [mergeId] })).items;
  if (!m) throw new DossierError('DOSSIER_BAD_OPTION', `There is no merge ${mergeId}.`);
  if (m.undoneAt) throw new DossierError('DOSSIER_BAD_OPTION', `Merge ${mergeId} was already undone at ${m.undoneAt}.`);
  const [from] = await store.storyGetEntities([m.fromId]);
  if (!from || from.mergedInto !== m.intoId) throw new DossierError('DOSSIER_BAD_OPTION', `Entity ${m.fromId} is no longer merged into ${m.intoId}; nothing to undo.`);
  const at = (ctx.now ?? (() => new Date().toISOString()))();
  await store.storyPutEntities([{ ...from, mergedInto: null }]);
  const undone = { ...m, undoneAt: at };
  await store.storyPutMerge(undone);
  return undone;
}
