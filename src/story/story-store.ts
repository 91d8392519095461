// What the story layer needs from a store: plain rows, no logic (every decision is made in story/).
// `Store` from src/store/store.ts satisfies it; tests of the linking rules use an in-memory fake.

import type { Page, Store } from '../store/store.js';

export type { Page, PageQuery, StoryEntityRow, StoryKeyRow, StoryLinkRow, StoryMergeRow, StorySignatureRow, StoryClaimRow, StoryStatementRow } from '../store/store.js';

/** The store methods entity linking, dup groups and claim links use (the in-memory test fake has just these). */
export type StoryStore = Pick<Store, 'getArticle' | 'getAnalysis' | 'listArticles' | 'setDupGroup'
  | 'storyPutEntities' | 'storyGetEntities' | 'storyEntities' | 'storyAddKeys' | 'storyFindKeys' | 'storyPutLinks' | 'storyLinks'
  | 'storyPutMerge' | 'storyMerges' | 'storyPutSignature' | 'storyFindBands' | 'storyGetSignatures' | 'storyPutClaims' | 'storyClaims'
  | 'storyClearArticle'> & {
  /** Drops every story row except merges made by the user (reindexAll); requested from STORE, optional until then. */
  storyClearAll?(): Promise<void>;
  /** Statements by global speakers in a date window: cross-article claim links use it when present. */
  quotes?: Store['quotes'];
  /** The same statements, lighter (every row, only the columns the claim links read); preferred when present. */
  storyStatements?: Store['storyStatements'];
};

/** Every item of a paged query, following cursors to the end (no caps). */
export async function allPages<T>(fetch: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: Page<T> = await fetch(cursor);
    out.push(...page.items);
    if (!page.next || page.next === cursor) return out;
    cursor = page.next;
  }
}
