// Story answers name article-local entity ids (an event's actors and venue); the names and the
// story-wide entity are read off the article they come from.
import type { ArticleDetail, EntityRefOrId, GlobalEntityRef } from './types.ts';

export interface NamedEntity { name: string; global: GlobalEntityRef | null }

export function nameIn(detail: ArticleDetail | null, ref: EntityRefOrId | null | undefined): NamedEntity | null {
  if (!ref) return null;
  if (typeof ref !== 'string') return { name: ref.name, global: ref.id ? { id: ref.id, name: ref.name, type: ref.type ?? '' } : null };
  const global = detail?.entityLinks?.[ref] ?? null;
  const local = detail?.analysis.entities.find((e) => e.id === ref);
  return { name: global?.name ?? local?.name ?? ref, global };
}

/** The sentence around a span, for context: where the record sits in the article. */
export function sentenceAround(detail: ArticleDetail | null, start: number, end: number): { text: string; start: number; end: number } | null {
  const a = detail?.analysis;
  if (!a) return null;
  const from = a.sentences.find((s) => start >= s.start && start < s.end);
  const to = a.sentences.find((s) => end > s.start && end <= s.end) ?? from;
  if (!from || !to) return null;
  return { text: a.text.slice(from.start, to.end), start: from.start, end: to.end };
}

/** An article's title: as stored, else its headline (plain-text files carry no title), else its first line. */
export function titleOf(detail: ArticleDetail): string {
  const a = detail.analysis;
  const stored = detail.article.title ?? a.title;
  if (stored) return stored;
  const headline = (a as { headlines?: { start: number; end: number; role: string }[] }).headlines?.find((x) => x.role === 'title');
  const text = headline ? a.text.slice(headline.start, headline.end) : a.text.trimStart().split('\n', 1)[0];
  return text.trim().slice(0, 140) || 'Untitled article';
}

/**
 * Text for a link to an article. The server stores a plain-text article's headline as its title, so an
 * answer without one is an article with no headline either.
 */
export function articleTitleText(title: string | null | undefined): string {
  return title || 'untitled article';
}
