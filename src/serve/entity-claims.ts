// The claims and counter-claims one entity is part of, read off src/story/queries.ts claims(): those it
// made (it denies or accuses: the challenger) and those made against its statements (it is challenged).
// Each item is a ClaimAnswer with the global entity of both speakers, so the UI can link either side.

import type { Store, StoryEntityRow } from '../store/store.js';
import { mergedClosure, resolveLive } from '../story/link-entities.js';
import { claims, type ClaimAnswer } from '../story/queries.js';
import { allPages } from '../story/story-store.js';

export interface EntityRef { id: string; name: string; type: string }

export interface EntityClaim extends ClaimAnswer {
  challenger: EntityRef | null;
  challenged: EntityRef | null;
}

export interface EntityClaims {
  entity: EntityRef;
  /** Denials and accusations this entity made, with the statement each answers. */
  made: EntityClaim[];
  /** Denials and accusations others made of this entity's statements. */
  received: EntityClaim[];
  counts: { made: number; received: number };
}

/** The live global entity that speaks an attribution, by way of the article's story links. */
class SpeakerResolver {
  private readonly byArticle = new Map<string, Map<string, StoryEntityRow>>();
  private readonly analyses = new Map<string, Map<string, string | null>>();
  constructor(private readonly store: Store) {}

  async of(articleId: string, attributionId: string): Promise<StoryEntityRow | null> {
    const local = (await this.sourcesOf(articleId)).get(attributionId);
    if (!local) return null;
    return (await this.linksOf(articleId)).get(local) ?? null;
  }

  private async sourcesOf(articleId: string): Promise<Map<string, string | null>> {
    let m = this.analyses.get(articleId);
    if (!m) {
      const a = await this.store.getAnalysis(articleId);
      m = new Map((a?.attributions ?? []).map((at) => [at.id, at.source?.entity ?? null]));
      this.analyses.set(articleId, m);
    }
    return m;
  }

  private async linksOf(articleId: string): Promise<Map<string, StoryEntityRow>> {
    let m = this.byArticle.get(articleId);
    if (!m) {
      const links = await allPages((cursor) => this.store.storyLinks({ articleIds: [articleId], cursor, limit: 1000 }));
      const live = await resolveLive(this.store, links.map((l) => l.entityId));
      m = new Map();
      for (const l of links) {
        const e = live.get(l.entityId);
        if (e) m.set(l.localId, e);
      }
      this.byArticle.set(articleId, m);
    }
    return m;
  }
}

const ref = (e: StoryEntityRow | null): EntityRef | null => (e ? { id: e.id, name: e.name, type: e.type } : null);

/** Every claim link where the entity (or one merged into it) is the challenger or the one challenged. */
export async function claimsOfEntity(store: Store, entity: StoryEntityRow): Promise<EntityClaims> {
  const ids = new Set(await mergedClosure(store, entity.id));
  const speakers = new SpeakerResolver(store);
  const made: EntityClaim[] = [];
  const received: EntityClaim[] = [];
  const all = await allPages((cursor) => claims(store, { cursor, limit: 1000 }));
  for (const c of all) {
    const challenger = await speakers.of(c.challenge.articleId, c.challenge.attributionId);
    const challenged = await speakers.of(c.answers.articleId, c.answers.attributionId);
    const item: EntityClaim = { ...c, challenger: ref(challenger), challenged: ref(challenged) };
    if (challenger && ids.has(challenger.id)) made.push(item);
    if (challenged && ids.has(challenged.id)) received.push(item);
  }
  return { entity: { id: entity.id, name: entity.name, type: entity.type }, made, received, counts: { made: made.length, received: received.length } };
}
