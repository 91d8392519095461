// Article-local entity ids ('e3') and the live global (story) entities they are linked to, read once per
// article per request: lets every answer name a speaker's person page, not just its words.

import type { Store, StoryEntityRow } from '../store/store.js';
import { articleEntityLinks } from '../story/link-entities.js';

export interface EntityRef { id: string; name: string; type: string }

export const refOf = (e: StoryEntityRow | null | undefined): EntityRef | null => (e ? { id: e.id, name: e.name, type: e.type } : null);

export class GlobalEntities {
  private readonly links = new Map<string, Map<string, StoryEntityRow>>();
  private readonly sources = new Map<string, Map<string, string | null>>();
  constructor(private readonly store: Store) {}

  /** The global entity an article's local entity is linked to (after merges). */
  async ofLocal(articleId: string, localId: string | null | undefined): Promise<StoryEntityRow | null> {
    if (!localId) return null;
    return (await this.linksOf(articleId)).get(localId) ?? null;
  }

  /** The global entity that speaks an attribution. */
  async ofAttribution(articleId: string, attributionId: string): Promise<StoryEntityRow | null> {
    let m = this.sources.get(articleId);
    if (!m) {
      const a = await this.store.getAnalysis(articleId);
      m = new Map((a?.attributions ?? []).map((at) => [at.id, at.source?.entity ?? null]));
      this.sources.set(articleId, m);
    }
    return this.ofLocal(articleId, m.get(attributionId));
  }

  private async linksOf(articleId: string): Promise<Map<string, StoryEntityRow>> {
    let m = this.links.get(articleId);
    if (!m) this.links.set(articleId, (m = await articleEntityLinks(this.store, articleId)));
    return m;
  }
}
