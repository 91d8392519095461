// Small pieces shared by the views: a link to a span of an article, a stance badge, a statement row.
import { h, link } from './dom.ts';
import { articleTitleText } from './resolve.ts';
import { dateText, KIND_TEXT } from './labels.ts';
import type { QuoteItem, SpanRef } from './types.ts';

/** '#/article/ID?span=S-E': opens the article scrolled to the characters, flashing them. */
export function spanLink(articleId: string, start: number, end: number, ...children: (Node | string)[]): HTMLAnchorElement {
  return link(['article', articleId], { span: `${start}-${end}` }, { class: 'span-link' }, ...children);
}

export function entityLink(idOrName: string, name: string): HTMLAnchorElement {
  return link(['entity', idOrName], null, { class: 'entity-link' }, name);
}

export function stanceBadge(stance: string | null | undefined): HTMLElement {
  const s = stance || 'neutral';
  return h('span', { class: `badge stance-${s}` }, s);
}

export function modalityBadge(modality: string): HTMLElement {
  return h('span', { class: `badge modality-${modality}` }, modality);
}

/** Content spans as they read in the article, joined by an ellipsis where they are apart. */
export function contentText(content: SpanRef[]): string {
  return content.map((c) => c.text).join(' … ');
}

export function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1).replace(/\s+\S*$/, '') + ' …';
}

/** Where a statement comes from: date, article title, and the span link. */
export function whereLine(q: { articleId: string; title?: string | null; date?: string | null; published?: string | null; start: number; end: number }): HTMLElement {
  return h('p', { class: 'where' },
    h('span', { class: 'date' }, dateText(q.date ?? q.published)), ' · ',
    spanLink(q.articleId, q.start, q.end, articleTitleText(q.title)),
    h('span', { class: 'offsets' }, ` (characters ${q.start}–${q.end})`));
}

/** One statement: who, the verb and its stance, what, and where. */
export function statementItem(q: QuoteItem, opts: { showSpeaker?: boolean } = {}): HTMLElement {
  const speakerName = q.speaker?.name ?? q.speakerName ?? q.source?.text ?? 'unknown source';
  const speaker = q.speaker?.id ? entityLink(q.speaker.id, speakerName) : h('span', { class: 'speaker' }, speakerName);
  const start = q.content.length ? Math.min(...q.content.map((c) => c.start), q.cue.start) : q.cue.start;
  const end = q.content.length ? Math.max(...q.content.map((c) => c.end), q.cue.end) : q.cue.end;
  return h('li', { class: 'statement' },
    h('p', { class: 'who' },
      opts.showSpeaker === false ? null : speaker, opts.showSpeaker === false ? null : ' ',
      h('span', { class: 'cue-word' }, q.cue.text), ' ', stanceBadge(q.stance),
      h('span', { class: 'kind' }, KIND_TEXT[q.kind] ?? q.kind),
      q.source && q.speakerName && q.source.text.toLowerCase() !== q.speakerName.toLowerCase()
        ? h('span', { class: 'resolved' }, `“${q.source.text}” → ${q.speakerName}`) : null),
    h('blockquote', { class: 'content' }, q.contentText || contentText(q.content)),
    whereLine({ articleId: q.articleId, title: q.title, date: q.date, published: q.published, start, end }));
}

import type { ClaimItem, StatementRef } from './types.ts';

function refSpan(r: StatementRef): { start: number; end: number } {
  const all = [r.cue, ...r.content, ...(r.speaker ? [r.speaker] : [])];
  return { start: Math.min(...all.map((x) => x.start)), end: Math.max(...all.map((x) => x.end)) };
}

/** A statement referred to by a claim: "Kyiv dismissed: “Russia’s claims”", with its place. */
export function statementRefBlock(r: StatementRef, role: string | null): HTMLElement {
  const { start, end } = refSpan(r);
  const who = r.speakerEntity ? entityLink(r.speakerEntity.id, r.speakerEntity.name)
    : h('span', { class: 'speaker' }, r.speaker?.text ?? 'unknown source');
  return h('div', { class: 'claim-side' },
    role ? h('p', { class: 'claim-role' }, role) : null,
    h('p', { class: 'who' }, r.speaker && r.speakerEntity && r.speaker.text.toLowerCase() !== r.speakerEntity.name.toLowerCase()
      ? h('span', { class: 'resolved' }, `“${r.speaker.text}” → `) : null, who, ' ', h('span', { class: 'cue-word' }, r.cue.text), r.stance ? ' ' : null, r.stance ? stanceBadge(r.stance) : null),
    h('blockquote', { class: 'content' }, contentText(r.content)),
    whereLine({ articleId: r.articleId, title: r.title ?? null, published: r.published, start, end }));
}

const RELATION_TEXT: Record<string, string> = {
  denies: 'denies', denial: 'denies', dismisses: 'dismisses', accuses: 'accuses', accusation: 'accuses',
  rebuts: 'rebuts', answers: 'answers', counters: 'counters',
};

/**
 * One denial or accusation beside every claim it answers. A single "Kyiv dismissed Russia's claims"
 * often answers several statements, so the counter-claim is shown once and its claims are listed,
 * each with why Dossier paired them.
 */
export function claimGroup(pairs: ClaimItem[]): HTMLElement {
  const c = pairs[0];
  return h('li', { class: 'claim-pair' },
    h('div', { class: 'claim-answers' },
      h('p', { class: 'claim-role' }, pairs.length === 1 ? 'Claim' : `${pairs.length} claims`),
      h('ol', { class: 'claim-list' }, ...pairs.map((p) => h('li', null,
        statementRefBlock(p.answers, null),
        h('p', { class: 'reason' }, 'Paired because: ', p.reason))))),
    h('div', { class: 'claim-relation' },
      h('span', { class: 'arrow', 'aria-hidden': 'true' }, '⟵'),
      h('span', { class: `badge relation relation-${c.relation}` }, RELATION_TEXT[c.relation] ?? c.relation)),
    statementRefBlock(c.challenge, c.relation === 'denies' ? 'Denied by' : c.relation === 'accuses' ? 'Answered with an accusation by' : 'Answered by'));
}

/** Claim pairs grouped by their counter-claim, in the order the counter-claims first appear. */
export function groupByChallenge(items: ClaimItem[]): ClaimItem[][] {
  const groups = new Map<string, ClaimItem[]>();
  for (const c of items) {
    const k = `${c.challenge.articleId}:${c.challenge.attributionId}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.values()];
}
