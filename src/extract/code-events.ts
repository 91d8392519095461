// Events (doc.events): CAMEO-coded happenings with who did them to whom, where, when, on whose word,
// and how the text holds them (modality).
//
// Triggers
// - Verbs from lexicons/event-verbs.tsv (PETRARCH2's CAMEO dictionary): the verb's code, refined by its
//   group's "verb + object" patterns ("rejected talks" → 125, "imposed sanctions" → 163). A verb coded
//   only through patterns ("impose") is no event without one. "refuse/reject/decline to meet|talk|
//   negotiate" is 125; "refused to <anything else>" is no event ("refused to comment").
// - Nouns from lexicons/event-nouns.tsv ("a meeting between A and B", "talks", "sanctions", "the
//   killing of civilians"). A word that is both ("attack", "visits", "meeting") is a noun after a
//   determiner, possessive, adjective or name modifier, a verb after a subject, modal, auxiliary or "to"
//   (or as the tagger says, when it has run).
// - Demands: "<Entity> must|should|has to|needs to [refrain from|stop|cease|…] A, B and C" — one event
//   per listed act, modality demanded, actor the entity; the code from what is asked
//   (lexicons/event-demands.tsv: military → 1056, oppression → 1052, else 100).
// - Venues: "other locations/venues/cities, including X" after a meeting or talks event: the same event
//   at X, modality possible.
// Participants: the subject of the verb (the parser's nsubj when it has run; else the names right
//   before the verb's auxiliaries, a coordinated verb's subject, or the source of the attribution
//   whose cue the verb is), the object names after it ("accused Moscow", "dismissed Russia's
//   claims"), "with X"; for nouns "between A and B", "A-B meeting", "US sanctions", "X's invasion",
//   "on/against X" (target), "by X" (actor), and the subject of a governing verb ("the EU imposed
//   tough sanctions"). Place: "in/at <place>" in the clause, or "<place>, where the meeting is
//   planned". Time: a date in the same clause (inside the same attribution content). Attribution: the
//   innermost attribution whose content holds the trigger.
// Modality, first that applies:
//   negated     — not/n't/never/no in the verb's auxiliaries or the noun's predicate ("did not meet",
//                 "has never refused to meet", "no talks");
//   conditional — an if/unless/provided/as long as clause in the same sentence; `condition` is that
//                 clause up to the next comma, semicolon, quote or sentence end;
//   demanded    — must/should/has to/needs to;
//   possible    — may/might/could/would/can, likely/possible/possibly/probably, or a noun governed by
//                 "pretext/excuse/threat/risk/fear/possibility/prospect" ("a pretext to justify an attack");
//   planned     — will/shall/'ll, planned/scheduled/due/expected/set to, "next/upcoming" before a noun;
//   asserted    — otherwise.
// Precision first: a verb event needs an actor or a target, a noun event an actor, target or place
// (violence may have only a place); gerunds after of/for/about ("accused X of attacking") are what
// someone alleges, not events; "lift/ease sanctions" is no sanction event.

import type { Event, Modality, Span } from '../contract.js';
import type { Doc, DocAttribution } from '../doc.js';
import type { Resources } from '../resources.js';
import { DEPREL_INDEX, UPOS_INDEX } from '../tagsets.js';
import { TokenKind, tokenAtOrAfter } from '../text/tokens.js';
import { lowerForms } from '../text/lower-forms.js';
import { piecesByPosition, SpanIndex } from '../text/span-index.js';
import type { EventLexicon, EventNoun, EventVerbForm } from './event-lexicon.js';

const RULE_VERB = 'event-verb/1';
const RULE_NOUN = 'event-noun/1';
const RULE_DEMAND = 'event-demand-list/1';
const RULE_VENUE = 'event-venue-alternative/1';
const RULE_REFUSE_MEET = 'event-refuse-to-meet/1';
const RULE_INTENT = 'event-intent-to-meet/1';

const DETERMINERS = new Set(['a', 'an', 'the', 'this', 'that', 'these', 'those', 'its', 'their', 'his', 'her', 'our', 'my', 'your',
  'no', 'any', 'some', 'every', 'each', 'another', 'such', 'whose', 'which', 'what']);
/** Words between a determiner and a noun trigger ("the next round", "tough financial sanctions"). */
const NOUN_MODIFIERS = new Set(['next', 'first', 'second', 'third', 'last', 'new', 'further', 'fresh', 'possible', 'planned', 'potential',
  'proposed', 'upcoming', 'military', 'financial', 'economic', 'tough', 'heavy', 'harsh', 'direct', 'bilateral', 'trilateral', 'peace',
  'face-to-face', 'high-level', 'previous', 'recent', 'latest', 'brutal', 'deadly', 'fatal', 'large-scale', 'full-scale', 'massive',
  'major', 'renewed', 'additional', 'sweeping', 'punitive', 'western', 'international', 'terrorist', 'armed', 'alleged', 'continued',
  'ongoing', 'repeated', 'unprovoked', 'fresh', 'wider', 'broad', 'informal', 'formal', 'official', 'secret', 'emergency', 'crippling',
  'severe', 'targeted', 'retaliatory', 'russian', 'ukrainian', 'american', 'european', 'british', 'israeli', 'chinese', 'trade', 'sectoral']);
const AUX = new Set(['will', 'would', 'shall', 'should', 'may', 'might', 'must', 'can', 'could', 'has', 'have', 'had', 'is', 'are', 'was',
  'were', 'be', 'been', 'being', 'do', 'does', 'did', 'not', "n't", 'never', "'ll", "'d", '’ll', '’d', 'also', 'already', 'repeatedly',
  'reportedly', 'allegedly', 'still', 'just', 'now', 'again', 'ever', 'yet', 'previously', 'recently', 'then', 'to', 'reportedly', 'once',
  'apparently', 'publicly', 'earlier', 'first', 'initially', 'even', 'both', 'all', 'jointly', 'later', 'soon', 'finally', 'formally', 'officially', 'personally']);
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", '’s']);
const NEGATION = new Set(['not', "n't", 'n’t', 'never', 'no']);
const DEMANDED = new Set(['must', 'should']);
const POSSIBLE = new Set(['may', 'might', 'could', 'would', 'can', 'likely', 'suspected', 'alleged', 'apparent', 'possible', 'possibly', 'probably', 'perhaps', 'potential', 'unlikely']);
const PLANNED = new Set(['will', 'shall', "'ll", '’ll', 'planned', 'scheduled', 'due', 'expected', 'upcoming', 'next', 'slated', 'plans',
  'planning', 'plan', 'intends', 'intend', 'going']);
/** "<word> to <verb>": the act is attempted or threatened, not done. */
const ATTEMPT = new Set(['ready', 'willing', 'prepared', 'plotting', 'plotted', 'threatening', 'threatened', 'threatens', 'trying', 'tried',
  'seeking', 'sought', 'attempting', 'attempted', 'wants', 'want', 'wanted', 'hopes', 'hoped', 'permitted', 'allowed', 'able', 'unable', 'likely']);
/** Nouns before a noun trigger that make it a possibility, not a fact ("a pretext to justify an attack"). */
const POSSIBLE_GOVERNORS = new Set(['pretext', 'excuse', 'threat', 'threats', 'risk', 'fear', 'fears', 'possibility', 'prospect', 'prospects',
  'chance', 'chances', 'danger', 'justify', 'provoke', 'plan', 'plans', 'preparing', 'prepare', 'idea', 'proposal', 'offer']);
const CONDITION_WORDS = new Set(['if', 'unless', 'provided', 'providing']);
/** Words that end a clause for modality and participants. */
const CLAUSE_BREAK = new Set(['that', 'which', 'who', 'whom', 'whose', 'while', 'because', 'although', 'though', 'but', 'when', 'after', 'before', 'as']);
const VERBAL_BEFORE = new Set(['to', 'will', 'would', 'shall', 'should', 'may', 'might', 'must', 'can', 'could', 'did', 'do', 'does', 'not', "n't",
  'n’t', 'never', 'they', 'we', 'i', 'you', 'he', 'she', 'it', 'also', 'repeatedly', 'reportedly', 'allegedly', 'then', "'ll", '’ll', 'jointly', 'who']);
/** Gerunds after these are what someone alleges or discusses ("accused X of attacking"), not events. */
const GERUND_GOVERNORS = new Set(['of', 'for', 'about', 'from', 'against', 'over', 'without', 'by', 'on', 'in', 'after', 'before', 'since', 'while', 'like']);
/** Verbs that end a sanction regime rather than impose one. */
const LIFTING = new Set(['lift', 'lifts', 'lifted', 'lifting', 'ease', 'eases', 'eased', 'easing', 'remove', 'removed', 'removing', 'relax',
  'relaxed', 'waive', 'waived', 'scrap', 'scrapped', 'end', 'ended', 'ending', 'suspend', 'suspended', 'avoid', 'avoided', 'evade', 'evaded',
  'evading', 'escape', 'circumvent', 'circumventing', 'prevent', 'oppose', 'opposed', 'against']);
/** Verbs whose subject is the actor of the noun they govern ("the EU imposed sanctions", "launched an attack"). */
const GOVERNING = new Set(['impose', 'imposed', 'imposes', 'imposing', 'implement', 'implemented', 'implementing', 'implements', 'introduce',
  'introduced', 'introducing', 'announce', 'announced', 'announcing', 'adopt', 'adopted', 'slap', 'slapped', 'slapping', 'levy', 'levied',
  'launch', 'launched', 'launching', 'launches', 'carry', 'carried', 'carrying', 'conduct', 'conducted', 'conducting', 'stage', 'staged',
  'mount', 'mounted', 'hold', 'held', 'holding', 'holds', 'host', 'hosted', 'hosting', 'expand', 'expanded', 'tighten', 'tightened',
  'extend', 'extended', 'approve', 'approved', 'agree', 'agreed', 'order', 'ordered', 'begin', 'began', 'started', 'start', 'resume', 'resumed']);
const PREPOSITIONS = new Set(['of', 'from', 'in', 'at', 'on', 'by', 'for', 'about', 'against', 'over', 'without', 'like', 'near', 'into', 'across']);
const REFUSING = new Set(['REFUSE', 'REBUFF']);
const OFFERING = new Set(['offer', 'offered', 'offering', 'offers', 'propose', 'proposed', 'proposing', 'proposal', 'proposals', 'called',
  'calling', 'calls', 'seek', 'sought', 'seeking', 'request', 'requested', 'invitation', 'invited']);
const MEET_VERBS = new Set(['meet', 'talk', 'negotiate', 'hold', 'sit', 'engage', 'resume', 'attend', 'visit', 'join']);
const INTENT_MEET_TAIL = new Set(['meet', 'negotiate', 'meet with']);
const INTENT_WORDS = new Set(['ready', 'willing', 'prepared', 'offered', 'offers', 'offer', 'proposed', 'proposes', 'wants', 'want', 'wanted',
  'agreed', 'agrees', 'plans', 'planned', 'intends', 'intend', 'hopes', 'hope', 'hoped', 'eager', 'keen', 'open', 'invited']);
const DEMAND_STOPS = new Set(['refrain', 'stop', 'cease', 'end', 'halt', 'abandon', 'quit', 'avoid', 'desist']);
const BASE_DEMANDS = new Set(['withdraw', 'release', 'return', 'recognise', 'recognize', 'accept', 'lift', 'stop', 'end', 'free', 'surrender',
  'disarm', 'leave', 'negotiate', 'comply', 'respect', 'abandon', 'cease', 'pull', 'halt', 'hand', 'pay', 'drop', 'scrap', 'dismantle']);
const VENUE_NOUNS = new Set(['locations', 'venues', 'cities', 'places', 'sites', 'capitals', 'location', 'venue', 'city', 'countries']);
const PEOPLE_NOUNS = new Set(['civilians', 'people', 'residents', 'children', 'women', 'men', 'villagers', 'protesters', 'journalists',
  'prisoners', 'soldiers', 'troops', 'citizens', 'refugees', 'workers', 'students', 'families', 'inhabitants', 'population', 'locals']);

interface Ctx {
  doc: Doc;
  lex: EventLexicon;
  lower: readonly string[];
  /** Token → entity index, -1 for none. */
  ent: Int32Array;
  /** Tokens already part of an event (a noun governed by a coded verb, a demand list). */
  used: Uint8Array;
  sentStart: number;
  sentEnd: number;
  tagged: boolean;
  parsed: boolean;
  events: Array<Event & { rule: string }>;
  /** Attribution content pieces and cues by position (attribution order), for the per-trigger questions. */
  contents: SpanIndex;
  contentOwner: DocAttribution[];
  cues: SpanIndex;
  entityIndex: Map<string, number>;
}

const isWord = (c: Ctx, i: number): boolean => c.doc.tokens.kind[i] === TokenKind.WORD;
const isPunct = (c: Ctx, i: number, s: string): boolean => c.lower[i] === s;
const capital = (c: Ctx, i: number): boolean => { const ch = c.doc.text.charCodeAt(c.doc.tokens.start[i]); return ch >= 65 && ch <= 90; };
const isQuote = (c: Ctx, i: number): boolean => c.doc.tokens.kind[i] === TokenKind.QUOTE;
const possessive = (c: Ctx, i: number): boolean => c.lower[i] === "'s" || c.lower[i] === '’s' || c.lower[i] === "'" || c.lower[i] === '’';

function span(c: Ctx, a: number, b: number): Span {
  return { start: c.doc.tokens.start[a], end: c.doc.tokens.end[b] };
}

/** Last token of the entity mention that covers token i. */
function mentionEnd(c: Ctx, i: number): number {
  const e = c.ent[i];
  let j = i;
  while (j + 1 < c.sentEnd && c.ent[j + 1] === e && !isPunct(c, j + 1, ',')) j++;
  return j;
}

function mentionStart(c: Ctx, i: number): number {
  const e = c.ent[i];
  let j = i;
  while (j - 1 >= c.sentStart && c.ent[j - 1] === e && !isPunct(c, j - 1, ',')) j--;
  return j;
}

/** Words allowed before a name inside a participant list ("his Ukrainian counterpart Volodymyr Zelenskyy"). */
const ROLE_WORDS = new Set(['the', 'his', 'her', 'its', 'their', 'both', 'counterpart', 'counterparts', 'president', 'minister', 'leader',
  'foreign', 'prime', 'chancellor', 'secretary', 'envoy', 'officials', 'spokesman', 'spokeswoman', 'king', 'general', 'chief', 'head']);

/** Entities of a list starting at token i: "A", "A and B", "A, B, and C", "the EU, US and UK"; [ids, next token]. */
function entityListRight(c: Ctx, i: number, limit: number): [number[], number] {
  const out: number[] = [];
  let j = i;
  for (;;) {
    let k = j, n = 0;
    while (k < limit && c.ent[k] < 0 && n < 5 && isWord(c, k) && (ROLE_WORDS.has(c.lower[k]) || capital(c, k))) { k++; n++; }
    if (k >= limit || c.ent[k] < 0) break;
    if (!out.includes(c.ent[k])) out.push(c.ent[k]);
    j = mentionEnd(c, k) + 1;
    let m = j;
    if (m < limit && isPunct(c, m, ',')) m++;
    if (m < limit && (c.lower[m] === 'and' || c.lower[m] === 'or')) m++;
    if (m === j) break;
    // A comma goes on only when another name follows soon ("the EU, US, and UK").
    let look = m, w = 0;
    while (look < limit && c.ent[look] < 0 && w < 5 && isWord(c, look) && (ROLE_WORDS.has(c.lower[look]) || capital(c, look))) { look++; w++; }
    if (look >= limit || c.ent[look] < 0) break;
    j = m;
  }
  return [out, j];
}

/** Entities of a list ending at token i (inclusive), read leftwards. */
function entityListLeft(c: Ctx, i: number): number[] {
  const out: number[] = [];
  let j = i;
  while (j >= c.sentStart && c.ent[j] >= 0) {
    if (!out.includes(c.ent[j])) out.unshift(c.ent[j]);
    j = mentionStart(c, j) - 1;
    // "the EU, US, and UK": skip the article of the last name, then separators.
    if (j >= c.sentStart && c.lower[j] === 'the') j--;
    let sep = false;
    if (j >= c.sentStart && (c.lower[j] === 'and' || c.lower[j] === 'or')) { j--; sep = true; }
    if (j >= c.sentStart && isPunct(c, j, ',')) { j--; sep = true; }
    if (!sep) break;
    if (j >= c.sentStart && c.lower[j] === 'the') j--;
  }
  return out;
}

/** Skips leftwards over auxiliaries, modals, negation and adverbs; returns the token before them. */
function beforeAux(c: Ctx, i: number): number {
  let j = i - 1;
  while (j >= c.sentStart && (AUX.has(c.lower[j]) || (c.lower[j].endsWith('ly') && isWord(c, j) && c.ent[j] < 0))) j--;
  return j;
}

/** Actors to the left of a verb: "Kyiv has repeatedly dismissed", "the EU, US, and UK, among others, implementing". */
function subjectLeft(c: Ctx, i: number): number[] {
  let j = beforeAux(c, i);
  // ", among others," between the subject and its verb
  if (j >= c.sentStart && isPunct(c, j, ',') && j - 2 >= c.sentStart && c.lower[j - 1] === 'others' && c.lower[j - 2] === 'among') {
    j -= 3;
    if (j >= c.sentStart && isPunct(c, j, ',')) j--;
  }
  if (j >= c.sentStart && c.ent[j] >= 0) {
    const list = entityListLeft(c, j);
    // "drones from Ukraine were shot down": a name inside a prepositional phrase is not the subject.
    let k = mentionStart(c, j) - 1;
    while (k >= c.sentStart && (c.ent[k] >= 0 || c.lower[k] === 'and' || c.lower[k] === ',' || c.lower[k] === 'the')) k--;
    // ("with the EU, US and UK … implementing sanctions" is an absolute clause: its names are the subject.)
    if (k >= c.sentStart && PREPOSITIONS.has(c.lower[k])) return [];
    return list;
  }
  return [];
}

/** The parser's subject of token i, when the parse is there. */
function subjectParsed(c: Ctx, i: number): number[] {
  if (!c.parsed) return [];
  const nsubj = DEPREL_INDEX.get('nsubj')!, conj = DEPREL_INDEX.get('conj')!;
  const out: number[] = [];
  for (let k = c.sentStart; k < c.sentEnd; k++) {
    if (c.doc.head[k] !== i || c.doc.deprel[k] !== nsubj) continue;
    if (c.ent[k] >= 0) out.push(c.ent[k]);
    for (let m = c.sentStart; m < c.sentEnd; m++) if (c.doc.head[m] === k && c.doc.deprel[m] === conj && c.ent[m] >= 0 && !out.includes(c.ent[m])) out.push(c.ent[m]);
  }
  return out;
}

/** Source entity of the attribution whose cue is token i ("Kyiv … accused"). */
function cueSource(c: Ctx, i: number): number[] {
  for (const k of c.cues.holding(c.doc.tokens.start[i])) {
    const entity = c.doc.attributions[k].source?.entity;
    const idx = entity ? c.entityIndex.get(entity) : undefined;
    if (idx !== undefined) return [idx];
  }
  return [];
}

/** Objects right after a verb: skip determiners/adjectives, take the names, or a possessor ("Russia's claims"). */
function objectRight(c: Ctx, i: number, limit: number): number[] {
  let j = i;
  if (j < limit && (c.lower[j] === 'with' || c.lower[j] === 'on' || c.lower[j] === 'against')) j++;
  let skipped = 0;
  while (j < limit && c.ent[j] < 0 && skipped < 3 && (DETERMINERS.has(c.lower[j]) || NOUN_MODIFIERS.has(c.lower[j]) || (isWord(c, j) && capital(c, j) && c.ent[j + 1] >= 0))) { j++; skipped++; }
  if (j < limit && c.ent[j] >= 0) return entityListRight(c, j, limit)[0];
  return [];
}

/** Last token of the clause that holds token i (a comma, semicolon, quote or clause word ends it). */
function clauseEnd(c: Ctx, i: number): number {
  let j = i + 1;
  while (j < c.sentEnd && !isPunct(c, j, ',') && !isPunct(c, j, ';') && !isPunct(c, j, ':') && !isQuote(c, j) && !CLAUSE_BREAK.has(c.lower[j])) j++;
  return j;
}

function clauseStart(c: Ctx, i: number): number {
  let j = i - 1;
  while (j >= c.sentStart && !isPunct(c, j, ',') && !isPunct(c, j, ';') && !isPunct(c, j, ':') && !isQuote(c, j) && !CLAUSE_BREAK.has(c.lower[j])) j--;
  return j + 1;
}

/** Place named by "in/at <place>" between from and to, or "<place>, where …" before the trigger. */
function findPlace(c: Ctx, trigger: number, from: number, to: number, taken: number[]): number {
  for (let j = from; j < to - 1; j++) {
    if (c.lower[j] !== 'in' && c.lower[j] !== 'at') continue;
    let k = j + 1;
    if (c.lower[k] === 'the') k++;
    if (k < c.sentEnd && c.ent[k] >= 0 && c.doc.entities[c.ent[k]].type === 'LOC' && !taken.includes(c.ent[k])) return c.ent[k];
  }
  for (let j = trigger - 1; j >= Math.max(c.sentStart + 2, trigger - 5); j--) {
    if (c.lower[j] === 'where' && isPunct(c, j - 1, ',') && c.ent[j - 2] >= 0 && c.doc.entities[c.ent[j - 2]].type === 'LOC') return c.ent[j - 2];
  }
  return -1;
}

interface Modal { modality: Modality; condition: Span | null }

/** The if-clause of the sentence (before or after the trigger), up to the next comma, semicolon, quote or end. */
function conditionSpan(c: Ctx, from: number, to: number): Span | null {
  for (let j = from; j < to; j++) {
    const w = c.lower[j];
    let ok = CONDITION_WORDS.has(w);
    if (!ok && w === 'as' && c.lower[j + 1] === 'long' && c.lower[j + 2] === 'as') ok = true;
    if (!ok && w === 'on' && c.lower[j + 1] === 'condition' && c.lower[j + 2] === 'that') ok = true;
    if (!ok) continue;
    // "provided" as a verb ("provided weapons") is no condition: it needs "that" or a clause subject after it.
    if ((w === 'provided' || w === 'providing') && c.lower[j + 1] !== 'that' && !DETERMINERS.has(c.lower[j + 1]) && c.ent[j + 1] < 0) continue;
    let k = j + 1;
    while (k < c.sentEnd && !isPunct(c, k, ',') && !isPunct(c, k, ';') && !isQuote(c, k) && !(c.doc.tokens.kind[k] === TokenKind.PUNCT && (c.lower[k] === '.' || c.lower[k] === '?' || c.lower[k] === '!'))) k++;
    if (k - 1 > j) return span(c, j, k - 1);
  }
  return null;
}

function modalityOf(c: Ctx, cues: number[], trigger: number, triggerEnd: number, nominal: boolean, conditionFrom = -1): Modal {
  let neg = false, dem = false, pos = false, plan = false;
  for (const j of cues) {
    const w = c.lower[j];
    if (NEGATION.has(w)) neg = true;
    else if (DEMANDED.has(w) || ((w === 'has' || w === 'have' || w === 'had' || w === 'need' || w === 'needs') && c.lower[j + 1] === 'to')) dem = true;
    else if (POSSIBLE.has(w) || (ATTEMPT.has(w) && c.lower[j + 1] === 'to')) pos = true;
    else if (PLANNED.has(w) || (w === 'set' && c.lower[j + 1] === 'to')) plan = true;
    // A bare infinitive ("weapons to attack Russia") is not a done act.
    else if (w === 'to' && j === trigger - 1) pos = true;
  }
  if (nominal) {
    for (let j = trigger - 1; j >= Math.max(c.sentStart, trigger - 6); j--) {
      if (isPunct(c, j, ',') || isPunct(c, j, ';')) break;
      if (POSSIBLE_GOVERNORS.has(c.lower[j])) { if (c.lower[j].startsWith('plan')) plan = true; else pos = true; }
    }
  }
  if (neg) return { modality: 'negated', condition: null };
  // The if-clause must sit in the trigger's stretch of the sentence: not across a quote or attribution cue.
  // (a noun only as the subject of a predicate, conditionFrom >= 0; a verb's if-clause opens its sentence or
  // follows the verb's own clause without a comma between)
  let cond: Span | null = null;
  if (!nominal || conditionFrom >= 0) {
    const from = Math.max(c.sentStart, clauseStartWide(c, trigger));
    const before = conditionSpan(c, from, from + 1);
    const after = conditionSpan(c, nominal ? conditionFrom : triggerEnd + 1, nominal ? clauseEndWide(c, triggerEnd) : clauseEnd(c, triggerEnd) + 1);
    cond = after ?? before;
  }
  if (cond) return { modality: 'conditional', condition: cond };
  if (dem) return { modality: 'demanded', condition: null };
  if (pos) return { modality: 'possible', condition: null };
  if (plan) return { modality: 'planned', condition: null };
  return { modality: 'asserted', condition: null };
}

/** The sentence stretch a condition may come from: up to a quote, semicolon or the end of the content holding the trigger. */
function clauseEndWide(c: Ctx, i: number): number {
  const at = c.doc.tokens.start[i];
  let limit = c.doc.sentences.end[0];
  limit = c.doc.tokens.end[c.sentEnd - 1];
  for (const k of c.contents.holding(at)) if (c.contents.end(k) < limit) limit = c.contents.end(k);
  let j = i + 1;
  while (j < c.sentEnd && c.doc.tokens.start[j] < limit && !isPunct(c, j, ';')) j++;
  return j;
}

function clauseStartWide(c: Ctx, i: number): number {
  const at = c.doc.tokens.start[i];
  let from = c.doc.tokens.start[c.sentStart];
  for (const k of c.contents.holding(at)) if (c.contents.start(k) > from) from = c.contents.start(k);
  let j = i - 1;
  while (j >= c.sentStart && c.doc.tokens.start[j] >= from && !isPunct(c, j, ';')) j--;
  return j + 1;
}

/** Tokens before a verb that carry its modality: the auxiliary chain ("has never", "will", "must"). */
function auxCues(c: Ctx, i: number): number[] {
  const out: number[] = [];
  for (let j = i - 1; j >= c.sentStart && i - j <= 6; j--) {
    const w = c.lower[j];
    if (AUX.has(w) || w === 'need' || w === 'needs' || (w.endsWith('ly') && c.ent[j] < 0)) out.push(j);
    else if ((ATTEMPT.has(w) || PLANNED.has(w) || w === 'set') && c.lower[j + 1] === 'to') out.push(j);
    else break;
  }
  return out;
}

/** The attribution whose content holds the offset, the innermost one. */
function attributionAt(c: Ctx, at: number): string | null {
  let best: string | null = null, size = Infinity;
  for (const k of c.contents.holding(at)) {
    const length = c.contents.end(k) - c.contents.start(k);
    if (length < size) { best = c.contentOwner[k].id; size = length; }
  }
  return best;
}

/** A date in the trigger's clause, inside the same attribution content. */
function timeNear(c: Ctx, trigger: number, from: number, to: number): string | null {
  const lo = c.doc.tokens.start[from], hi = c.doc.tokens.end[Math.max(from, to - 1)];
  const attr = attributionAt(c, c.doc.tokens.start[trigger]);
  for (const t of c.doc.times) {
    if (t.type === 'DURATION' || t.type === 'SET' || t.start < lo || t.end > hi) continue;
    if (attributionAt(c, t.start) !== attr) continue;
    if (t.value === 'PRESENT_REF') continue;
    return t.id;
  }
  return null;
}

function emit(c: Ctx, code: string, trigger: Span, mod: Modal, actors: number[], targets: number[], place: number, time: string | null, rule: string): void {
  const ids = (xs: number[]): string[] => xs.map((x) => c.doc.entities[x].id);
  const t = actors.filter((x) => !targets.includes(x));
  c.events.push({
    id: '',
    code,
    label: c.lex.labels.get(code) ?? undefined,
    trigger,
    modality: mod.modality,
    condition: mod.condition,
    actors: ids(t),
    targets: ids(targets),
    place: place >= 0 && !actors.includes(place) && !targets.includes(place) ? c.doc.entities[place].id : null,
    time,
    attribution: attributionAt(c, trigger.start),
    rule,
  });
}

function matchRest(c: Ctx, i: number, rest: readonly string[]): boolean {
  for (let k = 0; k < rest.length; k++) if (i + 1 + k >= c.sentEnd || c.lower[i + 1 + k] !== rest[k]) return false;
  return true;
}

/** Is the word at i used as a verb? The tagger decides when it has run; otherwise the word before it. */
function verbal(c: Ctx, i: number, form: EventVerbForm, alsoNoun: boolean): boolean {
  if (c.tagged) {
    const u = c.doc.upos[i];
    if (u === UPOS_INDEX.get('VERB')) return true;
    if (u === UPOS_INDEX.get('NOUN') || u === UPOS_INDEX.get('PROPN') || u === UPOS_INDEX.get('ADJ')) return false;
  }
  const p = i - 1 >= c.sentStart ? c.lower[i - 1] : '';
  if (DETERMINERS.has(p) || NOUN_MODIFIERS.has(p) || possessive(c, i - 1) || (i - 1 >= c.sentStart && c.doc.tokens.kind[i - 1] === TokenKind.NUMBER)) return false;
  if (i - 2 >= c.sentStart && p === '-' && c.ent[i - 2] >= 0) return false; // "Putin-Zelenskyy meeting"
  if (capital(c, i) && i > c.sentStart) return false; // "Minsk Agreement", "Attack Force"
  // A name before a word that is also a noun, and no object after: a name modifier ("Putin-Zelenskyy meeting").
  if (alsoNoun && i - 1 >= c.sentStart && c.ent[i - 1] >= 0 && !(i + 1 < c.sentEnd && (c.ent[i + 1] >= 0 || DETERMINERS.has(c.lower[i + 1]) || c.lower[i + 1] === 'with'))) return false;
  if (form.inflection === 'ed') return true;
  if (form.inflection === 'ing') return BE.has(p) || p === ',' || c.ent[i - 1] >= 0 || AUX.has(p) || p === 'and';
  if (!alsoNoun && form.inflection === 's' && i - 1 >= c.sentStart && c.ent[i - 1] >= 0) return true;
  if (VERBAL_BEFORE.has(p)) return true;
  // "Russia attacks Ukraine": a name before, and a name or determiner after.
  if (i - 1 >= c.sentStart && c.ent[i - 1] >= 0 && i + 1 < c.sentEnd && (c.ent[i + 1] >= 0 || DETERMINERS.has(c.lower[i + 1]))) return true;
  return false;
}

/** The words a verb form or a nominal trigger of the lexicon starts with (built once per lexicon). */
const triggerWordsByLexicon = new WeakMap<EventLexicon, ReadonlySet<string>>();

function triggerWordsOf(lex: EventLexicon): ReadonlySet<string> {
  let words = triggerWordsByLexicon.get(lex);
  if (!words) triggerWordsByLexicon.set(lex, words = new Set([...lex.verbs.keys(), ...lex.nouns.keys()]));
  return words;
}

function nounAt(c: Ctx, i: number): [EventNoun, number] | null {
  const list = c.lex.nouns.get(c.lower[i]);
  if (!list) return null;
  for (const n of list) if (matchRest(c, i, n.rest)) return [n, i + n.rest.length];
  return null;
}

function verbAt(c: Ctx, i: number): [EventVerbForm, number] | null {
  const list = c.lex.verbs.get(c.lower[i]);
  if (!list) return null;
  for (const f of list) if (matchRest(c, i, f.rest)) return [f, i + f.rest.length];
  return null;
}

function codeVerb(c: Ctx, i: number, form: EventVerbForm, last: number, prevActors: number[]): number[] {
  const p = i - 1 >= c.sentStart ? c.lower[i - 1] : '';
  if (form.inflection === 'ing' && GERUND_GOVERNORS.has(p)) return [];
  const end = clauseEnd(c, last);
  let code = form.verb.code;
  let triggerEnd = last;
  let rule = RULE_VERB;
  let objectFrom = last + 1;
  if (REFUSING.has(form.verb.group) && c.lower[last + 1] === 'to') {
    if (!MEET_VERBS.has(c.lower[last + 2]) && !MEET_VERBS.has(c.lower[last + 2]?.replace(/s$/, ''))) return [];
    code = '125'; triggerEnd = last + 2; rule = RULE_REFUSE_MEET; objectFrom = last + 3;
  } else {
    // The group's object patterns refine the code ("rejected the talks" → 125, "imposed sanctions" → 163).
    const pats = c.lex.patterns.get(form.verb.group);
    if (pats) {
      // The object starts right after the verb, its determiners and adjectives, or after a named object ("accused X of …").
      let j0 = last + 1;
      while (j0 < end && (DETERMINERS.has(c.lower[j0]) || NOUN_MODIFIERS.has(c.lower[j0]))) j0++;
      let j1 = j0;
      if (j1 < end && c.ent[j1] >= 0) { j1 = mentionEnd(c, j1) + 1; if (possessive(c, j1)) j1++; }
      outer: for (const j of j1 === j0 ? [j0] : [j0, j1]) {
        for (const pt of pats) {
          let ok = true;
          for (let k = 0; ok && k < pt.words.length; k++) {
            const w = c.lower[j + k];
            if (w !== pt.words[k] && w !== `${pt.words[k]}s`) ok = false;
          }
          // 016 (deny responsibility) is the code of "deny" alone: "dismissed the claims" stays a rejection.
          if (ok && pt.code === '016' && form.verb.lemma !== 'deny') ok = false;
          if (ok) { code = pt.code; for (let k = 0; k < pt.words.length; k++) c.used[j + k] = 1; break outer; }
        }
      }
    }
  }
  if (!code) return [];
  // "denied (that) it had …", "denied committing …": a denial of responsibility, 016.
  if (form.verb.lemma === 'deny' && code === '120') {
    const nw = c.lower[last + 1] ?? '';
    if (nw === 'that' || nw === 'it' || nw === 'he' || nw === 'she' || nw === 'they' || nw === 'we' || nw === 'i' || nw.endsWith('ing') || nw === 'any' || nw === 'involvement' || nw === 'responsibility') code = '016';
  }
  let start = i;
  // "ready/willing/offered/wants to meet X": the expressed intent (036) is the event.
  if (INTENT_MEET_TAIL.has(form.verb.lemma) && p === 'to' && i - 2 >= c.sentStart && INTENT_WORDS.has(c.lower[i - 2])) {
    code = '036'; start = i - 2; rule = RULE_INTENT;
  }
  const cues = auxCues(c, start);
  const passive = form.inflection === 'ed' && cues.some((j) => BE.has(c.lower[j]));
  let actors: number[] = [], targets: number[] = [];
  if (passive) {
    targets = subjectLeft(c, i);
    for (let j = triggerEnd + 1; j < end; j++) if (c.lower[j] === 'by' && c.ent[j + 1] >= 0) { actors = entityListRight(c, j + 1, end)[0]; break; }
  } else {
    actors = subjectParsed(c, i);
    if (!actors.length) actors = cueSource(c, i);
    if (!actors.length) actors = subjectLeft(c, start);
    if (!actors.length && (c.lower[beforeAux(c, start)] === 'and')) actors = prevActors;
    // Only an object right after the verb (or "with X"): "met international outrage with the EU" meets no one.
    targets = objectRight(c, objectFrom, end);
  }
  const violent = code[0] === '1' && (code[1] === '8' || code[1] === '9') || code[0] === '2';
  // "imposed sanctions on Russia": the target of a sanction or an attack follows its object.
  if (!targets.length && !passive && (violent || code === '163')) {
    for (let j = triggerEnd + 1; j < end; j++) if (c.lower[j] === 'on' || c.lower[j] === 'against') { targets = objectRight(c, j + 1, end); break; }
  }
  const place = findPlace(c, i, triggerEnd + 1, end, [...actors, ...targets]);
  if (!actors.length && !targets.length && !(violent && place >= 0)) return [];
  // Meetings need a person or body on both sides, or a plural subject: "met international outrage" is none.
  if (form.verb.group === 'MEET_PEOPLE' && !targets.length && actors.length < 2) return [];
  for (let k = start; k <= triggerEnd; k++) c.used[k] = 1;
  const mod = modalityOf(c, cues, start, triggerEnd, false);
  emit(c, code, span(c, start, triggerEnd), mod, actors, targets, place, timeNear(c, i, clauseStart(c, start), end), rule);
  return actors;
}

function talksNearby(c: Ctx, sentence: number): boolean {
  const s = c.doc.sentences;
  const from = s.tokenStart[Math.max(0, sentence - 1)], to = s.tokenEnd[sentence];
  for (let j = from; j < to; j++) if (c.lower[j] === 'talks' || c.lower[j] === 'negotiations') return true;
  return false;
}

function codeNoun(c: Ctx, i: number, noun: EventNoun, last: number, sentence: number): void {
  if (noun.needs === 'talks' && !talksNearby(c, sentence)) return;
  const nx = last + 1 < c.sentEnd ? c.lower[last + 1] : '';
  // A gerund with its own object after of/for ("accused Moscow of shelling the route") is what is alleged.
  if (c.lower[i].endsWith('ing') && GERUND_GOVERNORS.has(c.lower[i - 1] ?? '') && (DETERMINERS.has(nx) || c.ent[last + 1] >= 0)) return;
  // A noun modifying another noun ("assault detachments", "attack helicopters") is no event.
  if (nx.length > 3 && nx.endsWith('s') && !nx.endsWith('ss') && isWord(c, last + 1) && !capital(c, last + 1) && !AUX.has(nx) && !c.lex.verbs.has(nx) && !CLAUSE_BREAK.has(nx)) return;
  let actors: number[] = [], targets: number[] = [];
  // Modifiers before the noun: "Putin-Zelenskyy meeting", "US sanctions", "Russia's invasion".
  let j = i - 1;
  while (j >= c.sentStart && c.ent[j] < 0 && (NOUN_MODIFIERS.has(c.lower[j]) || c.lower[j].endsWith('-scale'))) j--;
  if (j >= c.sentStart && possessive(c, j) && c.ent[j - 1] >= 0) { actors = [c.ent[j - 1]]; j = mentionStart(c, j - 1) - 1; }
  else if (j >= c.sentStart && c.ent[j] >= 0) {
    const a = c.ent[j];
    const s = mentionStart(c, j);
    if (s - 2 >= c.sentStart && c.lower[s - 1] === '-' && c.ent[s - 2] >= 0) actors = [c.ent[s - 2], a];
    else actors = [a];
    j = s - 1;
  }
  // Determiner before the noun phrase: the left edge for a governing verb.
  while (j >= c.sentStart && (DETERMINERS.has(c.lower[j]) || NOUN_MODIFIERS.has(c.lower[j]))) j--;
  const gov = j >= c.sentStart ? c.lower[j] : '';
  if (noun.cls === 'sanction' && LIFTING.has(gov)) return;
  // "offering talks", "the proposal for talks": the intent to meet is the event.
  let code = noun.code;
  if ((noun.cls === 'talks' || noun.cls === 'meet') && (OFFERING.has(gov) || (gov === 'for' && j - 1 >= c.sentStart && OFFERING.has(c.lower[j - 1])))) code = '036';
  if (GOVERNING.has(gov) && !actors.length) {
    actors = subjectParsed(c, j);
    if (!actors.length) actors = subjectLeft(c, j);
  }
  // After the noun: between/among/of/with/on/against/by.
  const end = clauseEnd(c, last);
  let k = last + 1;
  let place = -1;
  while (k < end) {
    const w = c.lower[k];
    // The noun phrase ends where a predicate, a bracket or another event word starts.
    if (AUX.has(w) || (c.doc.tokens.kind[k] === TokenKind.PUNCT && w !== ',' && w !== '-') || (k > last + 1 && (c.lex.nouns.has(w) || c.lex.verbs.has(w)))) break;
    if (w === 'between' || w === 'among') {
      const [list, next] = entityListRight(c, k + 1, Math.max(end, c.sentEnd));
      if (list.length) { for (const x of list) if (!actors.includes(x)) actors.push(x); k = next; continue; }
    } else if (w === 'of' && k === last + 1 && noun.cls !== 'sanction') {
      // "meeting of the presidents" (who meet), "invasion of Ukraine" (who suffers); only right after the noun.
      const list = objectRight(c, k + 1, end);
      if (list.length) {
        if (noun.cls === 'meet' || noun.cls === 'talks') actors.push(...list.filter((x) => !actors.includes(x)));
        else targets.push(...list);
      }
    } else if (w === 'with' && (noun.cls === 'meet' || noun.cls === 'talks')) {
      targets.push(...objectRight(c, k + 1, end));
    } else if (w === 'on' || w === 'against') {
      targets.push(...objectRight(c, k + 1, end).filter((x) => !targets.includes(x)));
    } else if (w === 'by' && noun.cls !== 'meet') {
      actors.push(...objectRight(c, k + 1, end).filter((x) => !actors.includes(x)));
    } else if ((w === 'in' || w === 'at') && place < 0) {
      place = findPlace(c, i, k, k + 3, []);
    }
    if (CLAUSE_BREAK.has(w) && w !== 'as') break;
    k++;
  }
  if (place < 0) place = findPlace(c, i, last + 1, Math.min(k + 1, end), [...actors, ...targets]);
  if (noun.needs === 'target' && !targets.length) return;
  // "the killing of civilians in the Donbas": people as victims count as a participant with a place.
  const victims = noun.cls === 'violence' && (c.lower[last + 1] === 'of' && PEOPLE_NOUNS.has(c.lower[last + 2]));
  if (!actors.length && !targets.length && noun.cls === 'violence' && !victims && place < 0) return;
  // The predicate after the noun phrase carries its modality ("the next meeting is planned", "may take place").
  const cues: number[] = [];
  for (let m = i - 1; m >= Math.max(c.sentStart, i - 3); m--) if (PLANNED.has(c.lower[m]) || POSSIBLE.has(c.lower[m]) || c.lower[m] === 'no') cues.push(m);
  // "a suspected missile strike": reported as possible, not as fact.
  for (let m = i - 1; m >= Math.max(c.sentStart, i - 3); m--) if (c.lower[m] === 'suspected' || c.lower[m] === 'alleged' || c.lower[m] === 'apparent') cues.push(m);
  let m = last + 1;
  let predicate = 0, predicateAt = -1;
  while (m < c.sentEnd && predicate < 6 && !isQuote(c, m) && !isPunct(c, m, ';') && !(c.doc.tokens.kind[m] === TokenKind.PUNCT && c.lower[m] !== '-' && c.lower[m] !== ',')) {
    const w = c.lower[m];
    if (AUX.has(w) || POSSIBLE.has(w) || PLANNED.has(w) || NEGATION.has(w) || w === 'set') { cues.push(m); predicate++; if (predicateAt < 0) predicateAt = m; }
    else if (c.ent[m] >= 0 || DETERMINERS.has(w) || w === 'between' || w === 'and' || w === 'of' || w === 'with' || w === 'among' || NOUN_MODIFIERS.has(w) || capital(c, m) || isPunct(c, m, ',')) {
      if (isPunct(c, m, ',') && predicate) break;
      if (isPunct(c, m, ',') && c.lower[m + 1] !== 'the' && c.ent[m + 1] < 0) break;
    } else if (predicate || m - last > 14) break;
    else if (c.lower[m] === 'counterpart' || c.lower[m] === 'president' || c.lower[m] === 'leader' || c.lower[m] === 'minister') { /* inside the participant phrase */ }
    else if (m - last > 1 && isWord(c, m)) { /* a word of the predicate without modality: stop looking */ if (!AUX.has(w)) break; }
    m++;
  }
  const mod = modalityOf(c, cues, i, last, true, predicateAt);
  // "Negotiations are planned … in Istanbul", "the meeting will be held in Minsk": the predicate names the venue.
  if (place < 0 && predicateAt >= 0 && (mod.modality !== 'asserted' || cues.some((x) => c.lower[x + 1] === 'held'))) {
    place = findPlace(c, i, predicateAt, clauseEnd(c, predicateAt), [...actors, ...targets]);
  }
  if (!actors.length && !targets.length && place < 0) return;
  emit(c, code, span(c, i, last), code === '036' && mod.modality === 'possible' ? { modality: 'asserted', condition: null } : mod, actors, targets, place, timeNear(c, i, clauseStart(c, i), end), RULE_NOUN);
}

/** "<Entity> must [refrain from] A, B and C": one demanded event per listed act. */
function codeDemands(c: Ctx): void {
  for (let i = c.sentStart + 1; i < c.sentEnd - 1; i++) {
    const w = c.lower[i];
    let next: number;
    if (w === 'must' || w === 'should') next = i + 1;
    else if ((w === 'has' || w === 'have' || w === 'needs' || w === 'need') && c.lower[i + 1] === 'to') next = i + 2;
    else continue;
    const subj = i - 1;
    if (c.ent[subj] < 0) continue;
    const actors = entityListLeft(c, subj);
    let gerund = false;
    if (DEMAND_STOPS.has(c.lower[next])) {
      gerund = true;
      next++;
      if (c.lower[next] === 'from') next++;
    }
    const items: number[] = [];
    let j = next;
    while (j < c.sentEnd && isQuote(c, j)) j++;
    const itemOk = (k: number): boolean => k < c.sentEnd && isWord(c, k) && !capital(c, k) && (gerund ? c.lower[k].endsWith('ing') : BASE_DEMANDS.has(c.lower[k]) || !!verbAt(c, k));
    if (!itemOk(j)) continue;
    items.push(j);
    for (let k = j + 1; k < c.sentEnd; k++) {
      if (isPunct(c, k, ';')) break;
      if (!(isPunct(c, k, ',') || c.lower[k] === 'and' || c.lower[k] === 'or')) continue;
      let m = k + 1;
      while (m < c.sentEnd && (isQuote(c, m) || c.lower[m] === 'and' || c.lower[m] === 'or' || isPunct(c, m, ','))) m++;
      if (itemOk(m) && !items.includes(m)) { items.push(m); k = m; }
    }
    const end = c.sentEnd;
    for (let n = 0; n < items.length; n++) {
      const from = items[n], to = n + 1 < items.length ? items[n + 1] : end;
      let code = '100';
      const asVerb = gerund ? null : verbAt(c, from);
      if (asVerb?.[0].verb.code) code = asVerb[0].verb.code;
      else outer: for (let k = from; k < to; k++) for (const [prefix, cd] of c.lex.demands) if (c.lower[k].startsWith(prefix)) { code = cd; break outer; }
      for (let k = from; k < to; k++) c.used[k] = 1;
      emit(c, code, span(c, from, from), { modality: 'demanded', condition: null }, actors, [], -1, null, RULE_DEMAND);
    }
  }
}

/** "ready to consider other locations, including Belgrade": the last meeting or talks event, at X, possible. */
function codeVenues(c: Ctx, sentence: number): void {
  for (let i = c.sentStart; i < c.sentEnd - 2; i++) {
    if (!VENUE_NOUNS.has(c.lower[i])) continue;
    let j = i + 1;
    if (isPunct(c, j, ',')) j++;
    if (c.lower[j] === 'including' || c.lower[j] === 'like') j++;
    else if (c.lower[j] === 'such' && c.lower[j + 1] === 'as') j += 2;
    else continue;
    const [places] = entityListRight(c, j, c.sentEnd);
    const firstStart = c.doc.tokens.start[c.doc.sentences.tokenStart[Math.max(0, sentence - 4)]];
    let prior: Event | null = null;
    for (let e = c.events.length - 1; e >= 0; e--) {
      const ev = c.events[e];
      if (ev.trigger.start < firstStart) break;
      if (ev.code.startsWith('04') || ev.code === '036') { prior = ev; break; }
    }
    if (!prior) continue;
    for (const p of places) {
      if (c.doc.entities[p].type !== 'LOC') continue;
      c.events.push({
        id: '', code: prior.code, label: prior.label, trigger: span(c, i, i), modality: 'possible', condition: null,
        actors: prior.actors ?? [], targets: prior.targets ?? [], place: c.doc.entities[p].id, time: null,
        attribution: attributionAt(c, c.doc.tokens.start[i]), rule: RULE_VENUE,
      });
    }
  }
}

export function codeEvents(doc: Doc, resources: Resources): void {
  const t = doc.tokens;
  if (!t.count || !resources.events) return;
  // Lower-case forms made once per document and shared with the other stages.
  const lower = lowerForms(doc.text, t);
  const ent = new Int32Array(t.count).fill(-1);
  doc.entities.forEach((e, idx) => {
    for (const m of e.mentions) for (let k = tokenAtOrAfter(t, m.start); k < t.count && t.start[k] < m.end; k++) ent[k] = idx;
  });
  const { pieces, owner } = piecesByPosition(doc.attributions);
  const c: Ctx = {
    doc, lex: resources.events, lower, ent, used: new Uint8Array(t.count), sentStart: 0, sentEnd: 0,
    tagged: doc.upos.length === t.count && doc.upos.some((u) => u !== 0),
    parsed: doc.head.length === t.count && doc.deprel.length === t.count && doc.deprel.some((d) => d !== 0),
    events: [], contents: pieces, contentOwner: owner, cues: new SpanIndex(), entityIndex: new Map(),
  };
  doc.entities.forEach((e, i) => { if (!c.entityIndex.has(e.id)) c.entityIndex.set(e.id, i); });
  for (const a of doc.attributions) c.cues.add(a.cue.start, a.cue.end);
  const repeats = doc.headlines.filter((h) => h.role === 'repeat');
  const triggers = triggerWordsOf(c.lex);
  for (let s = 0; s < doc.sentences.count; s++) {
    const sStart = doc.sentences.start[s];
    if (repeats.length && repeats.some((h) => h.start <= sStart && sStart < h.end)) continue;
    c.sentStart = doc.sentences.tokenStart[s];
    c.sentEnd = doc.sentences.tokenEnd[s];
    codeDemands(c);
    let prevActors: number[] = [];
    for (let i = c.sentStart; i < c.sentEnd; i++) {
      if (c.used[i] || t.kind[i] !== TokenKind.WORD) continue;
      // Most words open no event: one look-up says so, where verbAt and nounAt took one each.
      if (!triggers.has(c.lower[i])) continue;
      const v = verbAt(c, i);
      const n = nounAt(c, i);
      if (v && verbal(c, i, v[0], n !== null)) {
        const before = c.events.length;
        const actors = codeVerb(c, i, v[0], v[1], prevActors);
        if (c.events.length > before) prevActors = actors;
        i = v[1];
        continue;
      }
      if (n) { codeNoun(c, i, n[0], n[1], s); i = n[1]; }
    }
    codeVenues(c, s);
  }
  c.events.sort((a, b) => a.trigger.start - b.trigger.start);
  c.events.forEach((e, k) => { e.id = `ev${k + 1}`; if (e.label === undefined) delete e.label; });
  doc.events = c.events;
}
