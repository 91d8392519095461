// Claims and counter-claims with their speakers' global entities, and the ones one entity is part of —
// read off src/story/queries.ts claims(): those it made (it denies or accuses: the challenger) and those
// made against its statements (it is challenged).

import type { Store, StoryEntityRow } from '../store/store.js';
import { mergedClosure } from '../story/link-entities.js';
import { claims, type ClaimAnswer, type StatementRef } from '../story/queries.js';
import { allPages } from '../story/story-store.js';
import { GlobalEntities, refOf, type EntityRef } from './global-entities.js';

export interface NamedStatement extends StatementRef {
  /** The global entity of the speaker, when it is linked into the story. */
  speakerEntity: EntityRef | null;
}

export interface NamedClaim extends Omit<ClaimAnswer, 'challenge' | 'answers'> {
  challenge: NamedStatement;
  answers: NamedStatement;
}

export interface EntityClaim extends NamedClaim {
  /** 'made': the entity denies or accuses; 'received': its statement is the one denied or accused. */
  role: 'made' | 'received';
}

export async function namedClaim(entities: GlobalEntities, c: ClaimAnswer): Promise<NamedClaim> {
  const named = async (s: StatementRef): Promise<NamedStatement> => ({ ...s, speakerEntity: refOf(await entities.ofAttribution(s.articleId, s.attributionId)) });
  return { ...c, challenge: await named(c.challenge), answers: await named(c.answers) };
}

/** Every claim link where the entity (or one merged into it) is the challenger or the one challenged, made ones first. */
export async function claimsOfEntity(store: Store, entity: StoryEntityRow): Promise<{ items: EntityClaim[]; counts: { made: number; received: number } }> {
  const ids = new Set(await mergedClosure(store, entity.id));
  const entities = new GlobalEntities(store);
  const made: EntityClaim[] = [];
  const received: EntityClaim[] = [];
  for (const c of await allPages((cursor) => claims(store, { cursor, limit: 1000 }))) {
    const n = await namedClaim(entities, c);
    if (n.challenge.speakerEntity && ids.has(n.challenge.speakerEntity.id)) made.push({ ...n, role: 'made' });
    if (n.answers.speakerEntity && ids.has(n.answers.speakerEntity.id)) received.push({ ...n, role: 'received' });
  }
  return { items: [...made, ...received], counts: { made: made.length, received: received.length } };
}
