// Claims and counter-claims: a denial ("Kyiv has repeatedly dismissed Russia's claims") or an
// accusation ("accused Moscow of seeking a pretext") is linked to the statements it answers.
//
// The owner of what is denied is the entity named in the denied content: a possessive ("Russia's
// claims"), a 'by'-phrase ("claims by Moscow"), a nationality adjective ("Russian claims"), or for an
// accusation the accused ("accused Moscow of …"). A statement answers it when
//   - its speaker is the owner                                                   0.9
//   - its speaker speaks for the owner's country: a capital or a government stands for its country, and
//     a person's descriptors or gazetteer entry give the nationality ("Russian Foreign Minister")  0.75
//   - or its content shares content words with the denied content               0.3 + 0.1 per word
// Within the article, statements before the denial and close to it score higher (+ up to 0.1): a
// denial answers what was reported before it; statements after it are linked only when they share
// content words with it. Across articles (± 14 days) only statements whose
// speaker is the owner or speaks for its country AND that share a content word with the denied
// content are linked ("Russia's claims" alone names no topic, so it links only inside its article).

import type { Analysis, Attribution } from '../contract.js';
import type { Gazetteer } from '../models/gazetteer.js';

export const WINDOW_DAYS = 14;

export interface ClaimLink {
  attributionId: string;
  answersArticleId: string;
  answersAttributionId: string;
  relation: 'denies' | 'accuses';
  reason: string;
  score: number;
}

/** What a denial or accusation is about. */
export interface Challenge {
  attribution: Attribution;
  relation: 'denies' | 'accuses';
  /** The local entity whose claims are denied / who is accused; null when only a nationality names it. */
  ownerLocal: string | null;
  ownerName: string;
  /** Country codes the owner stands for ('RUS'). */
  codes: Set<string>;
  /** Content words of the denied content, owner and claim nouns left out. */
  words: Set<string>;
}

const DENY_LEMMAS = new Set(['deny', 'dismiss', 'reject', 'refute', 'rebut', 'dispute', 'contradict', 'disavow', 'brush off', 'debunk']);
const ACCUSE_LEMMAS = new Set(['accuse', 'blame', 'charge', 'allege']);

// Nouns that say "a statement" and so carry no topic of their own.
const CLAIM_NOUNS = new Set(['claim', 'claims', 'allegation', 'allegations', 'accusation', 'accusations', 'report', 'reports',
  'statement', 'statements', 'suggestion', 'suggestions', 'assertion', 'assertions', 'charge', 'charges', 'rumour', 'rumours', 'rumor', 'rumors', 'remark', 'remarks']);
const STOP = new Set(('a an the of to in on at by for from with and or but that this these those which who whom whose is are was were be been being '
  + 'has have had do does did will would shall should can could may might must not no it its it’s their them they he she his her him we our us you your '
  + 'i me my as if than then so such there here all any some more most other into over under about after before also just only very out up down '
  + 'said says say told tell according repeatedly seeking seek').split(' '));

export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().replace(/[’']s\b/g, '').split(/[^a-z0-9\u00c0-\u024f]+/)) {
    if (raw.length < 3 || STOP.has(raw) || CLAIM_NOUNS.has(raw)) continue;
    out.add(raw.length > 4 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw);
  }
  return out;
}

/**
 * False only when contentWords(text) shares no word with `words`: a content word is a prefix of a run of
 * the lower-cased text with its possessives dropped, so a word found nowhere in that text is none of its
 * content words. Far cheaper than the words themselves, and most statements fail it.
 */
export function mayShareWords(text: string, words: ReadonlySet<string>): boolean {
  const t = text.toLowerCase().replace(/[’']s\b/g, '');
  for (const w of words) if (t.includes(w)) return true;
  return false;
}

function relationOf(a: Attribution, text: string): 'denies' | 'accuses' | null {
  const lemma = a.cue.lemma.toLowerCase();
  if (DENY_LEMMAS.has(lemma)) return 'denies';
  // 'declined to comment' is denying in stance but answers no claim: a claim noun must say what is denied
  if (a.stance === 'denying') {
    const content = a.content.map((s) => text.slice(s.start, s.end).toLowerCase()).join(' ');
    return content.split(/[^a-z]+/).some((w) => CLAIM_NOUNS.has(w)) ? 'denies' : null;
  }
  if (a.stance === 'accusing' || ACCUSE_LEMMAS.has(lemma)) return 'accuses';
  return null;
}

// 'accused Moscow of …', 'condemned Russia's attack': the accused opens the content
const OPENERS = /^(?:["“‘'(]|\s|the|its|their|his|her)*$/i;

/** Country codes a phrase names by place or nationality words ('Russian', 'Moscow', 'Russia’s' → RUS). */
export function codesIn(phrase: string, g: Gazetteer | null): Set<string> {
  const out = new Set<string>();
  if (!g) return out;
  const words = phrase.toLowerCase().replace(/[’']s\b/g, '').split(/[^a-z\u00c0-\u024f.]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    for (let n = 3; n >= 1; n--) {
      if (i + n > words.length) continue;
      const phraseKey = words.slice(i, i + n).join(' ');
      const e = g.names.get(phraseKey) ?? g.names.get(g.variants.get(phraseKey) ?? '');
      if (e && (e.kind === 'D' || e.kind === 'L' || e.kind === 'O') && e.code && e.code !== '-' && /^[A-Z]{3}/.test(e.code) && !e.code.startsWith('IGO')) {
        out.add(e.code.slice(0, 3)); i += n - 1; break;
      }
    }
  }
  return out;
}

/** The country codes an entity of an analysis speaks for: its name, its descriptors, a known person's entry. */
export function entityCodes(analysis: Analysis, localId: string, g: Gazetteer | null): Set<string> {
  const e = analysis.entities.find((x) => x.id === localId);
  const out = new Set<string>();
  if (!e || !g) return out;
  for (const c of codesIn(e.name, g)) out.add(c);
  for (const d of e.descriptors ?? []) for (const c of codesIn(d, g)) out.add(c);
  if (e.type === 'PER') {
    const p = g.names.get(e.name.toLowerCase());
    if (p && p.kind === 'P' && /^[A-Z]{3}/.test(p.code)) out.add(p.code.slice(0, 3));
  }
  return out;
}

function inSpans(start: number, end: number, spans: readonly { start: number; end: number }[]): boolean {
  return spans.some((s) => start >= s.start && end <= s.end);
}

/** The denials and accusations of an analysis, with what they are about. */
export function findChallenges(analysis: Analysis, g: Gazetteer | null): Challenge[] {
  const text = analysis.text;
  const out: Challenge[] = [];
  for (const a of analysis.attributions) {
    const relation = relationOf(a, text);
    if (!relation || !a.content.length) continue;
    const mentions = analysis.entities.flatMap((e) => e.mentions.filter((m) => inSpans(m.start, m.end, a.content)).map((m) => ({ e, m })))
      .filter(({ e }) => e.id !== a.source?.entity)
      .sort((x, y) => x.m.start - y.m.start);
    let owner: (typeof mentions)[number] | undefined;
    if (relation === 'accuses') owner = mentions.find(({ m }) => OPENERS.test(text.slice(a.content[0].start, m.start)));
    else {
      owner = mentions.find(({ m }) => /^\s*[’']s\b/.test(text.slice(m.end, m.end + 3)))
        ?? mentions.find(({ m }) => /\b(?:by|from)\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, m.start - 10), m.start)))
        ?? mentions[0];
    }
    const contentText = a.content.map((s) => text.slice(s.start, s.end)).join(' ');
    const codes = owner ? entityCodes(analysis, owner.e.id, g) : new Set<string>();
    if (owner) for (const c of codesIn(text.slice(owner.m.start, owner.m.end), g)) codes.add(c);
    // 'the Russian claims': a nationality names the owner when no entity does
    if (!owner && relation === 'accuses') continue;
    if (!owner) for (const c of codesIn(contentText, g)) codes.add(c);
    if (!owner && !codes.size) continue;
    const words = contentWords(contentText);
    if (owner) for (const w of contentWords(owner.e.name)) words.delete(w);
    if (relation === 'accuses' && owner) for (const w of contentWords(text.slice(owner.m.start, owner.m.end))) words.delete(w);
    out.push({ attribution: a, relation, ownerLocal: owner ? owner.e.id : null, ownerName: owner ? owner.e.name : [...codes].join('/'), codes, words });
  }
  return out;
}

function sentenceIndex(analysis: Analysis, offset: number): number {
  const s = analysis.sentences;
  let lo = 0, hi = s.length - 1, found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid].start <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

export interface SpeakerView {
  /** Live global id of the statement's speaker, when linked. */
  globalId: string | null;
  /** Country codes the speaker speaks for. */
  codes: Set<string>;
  name: string;
}

/**
 * Scores a statement against a challenge. `ownerGlobal` is the live global id of the owner.
 * Returns null when the statement does not answer it.
 */
export function scoreAnswer(ch: Challenge, ownerGlobal: string | null, st: Attribution, speaker: SpeakerView | null, contentText: string, sameArticle: boolean):
  { score: number; reason: string } | null {
  const shared = [...contentWords(contentText)].filter((w) => ch.words.has(w));
  const verb = ch.relation === 'denies' ? `${ch.ownerName}'s claims denied` : `${ch.ownerName} accused`;
  let score = 0, why = '';
  if (speaker && ownerGlobal && speaker.globalId === ownerGlobal) { score = 0.9; why = `statement by ${speaker.name} (${verb})`; }
  else if (speaker && [...speaker.codes].some((c) => ch.codes.has(c))) {
    score = 0.75; why = `${speaker.name} speaks for ${[...speaker.codes].filter((c) => ch.codes.has(c)).join('/')} (${verb})`;
  }
  if (!sameArticle && (score === 0 || shared.length === 0)) return null;
  if (score === 0) {
    if (shared.length < 2) return null;
    score = Math.min(0.7, 0.3 + 0.1 * shared.length); why = `content overlaps the denied content`;
  } else if (shared.length) score = Math.min(0.98, score + 0.02 * shared.length);
  if (shared.length) why += `; shared words: ${shared.slice(0, 6).join(', ')}`;
  if (!sameArticle) { score *= 0.8; why += '; in another report within the time window'; }
  return { score, reason: why };
}

/** Links the challenges of one article to statements in the same article. */
export function linkClaimsWithin(articleId: string, analysis: Analysis, challenges: Challenge[], speakerOf: (a: Attribution) => SpeakerView | null,
  ownerGlobalOf: (localId: string | null) => string | null): ClaimLink[] {
  const out: ClaimLink[] = [];
  const text = analysis.text;
  for (const ch of challenges) {
    const a = ch.attribution;
    const own = sentenceIndex(analysis, a.cue.start);
    const ownerGlobal = ownerGlobalOf(ch.ownerLocal);
    const mySpeaker = speakerOf(a);
    for (const st of analysis.attributions) {
      if (st === a || (st.source?.entity && st.source.entity === a.source?.entity) || relationOf(st, text) === ch.relation && st.source?.entity == null) continue;
      const speaker = speakerOf(st);
      if (mySpeaker && speaker && mySpeaker.globalId && speaker.globalId === mySpeaker.globalId) continue;
      const contentText = st.content.map((s) => text.slice(s.start, s.end)).join(' ');
      const scored = scoreAnswer(ch, ownerGlobal, st, speaker, contentText, true);
      if (!scored) continue;
      const distance = sentenceIndex(analysis, st.cue.start) - own;
      // a denial answers what was reported before it; a later statement only when it shares the topic
      if (distance > 0 && !scored.reason.includes('shared words')) continue;
      // a denial answers what came before it; the nearer, the likelier
      const bonus = distance <= 0 ? 0.1 * Math.max(0, 1 - (-distance) / 10) : 0;
      out.push({ attributionId: a.id, answersArticleId: articleId, answersAttributionId: st.id, relation: ch.relation,
        score: Math.round(Math.min(1, scored.score + bonus) * 1000) / 1000,
        reason: `${scored.reason}; ${distance <= 0 ? `${-distance} sentence(s) before` : `${distance} sentence(s) after`} the ${ch.relation === 'denies' ? 'denial' : 'accusation'}` });
    }
  }
  return out;
}

/** Whole days between two ISO dates (null when either is missing). */
export function daysBetween(a: string | null | undefined, b: string | null | undefined): number | null {
  if (!a || !b) return null;
  const ta = Date.parse(a.length === 10 ? `${a}T00:00:00Z` : a), tb = Date.parse(b.length === 10 ? `${b}T00:00:00Z` : b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return null;
  return Math.abs(ta - tb) / 86_400_000;
}

