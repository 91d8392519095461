// The document that flows through the pipeline. Each stage adds one layer and reads only the
// layers added before it (see pipeline.ts for the order). Positions are UTF-16 offsets into `text`.

import type { Attribution, Entity, EntityType, Event, Figure, Span, Time, Warning } from './contract.js';
import { emptyTokens, type Paragraphs, type Sentences, type Tokens } from './text/tokens.js';

/** An article as ingest hands it to the engine. */
export interface Article {
  text: string;
  id?: string | null;
  url?: string | null;
  title?: string | null;
  /** ISO 8601 date or date-time. */
  published?: string | null;
  /** How the publication date was found: 'given', 'meta', 'json-ld', 'time-element', 'feed', 'url'. */
  publishedFrom?: string | null;
  /** Warnings raised while reading the input (invalid UTF-8 replaced, text truncated …). */
  warnings?: Warning[];
}

/** A line of the text that is a headline, not body copy. */
export interface Headline extends Span {
  /** 'title' = the first headline; 'repeat' = a later line repeating a headline; 'standfirst' = summary line under the title. */
  role: 'title' | 'repeat' | 'standfirst';
}

/** A stretch between a pair of quotation marks, marks included. */
export interface QuoteRegion extends Span {
  /** true when the closing mark was never found (quote runs to the end of its paragraph). */
  unclosed: boolean;
  /** Quotes that run over several paragraphs: each paragraph re-opens with a mark and the last closes. */
  continued: boolean;
}

/** A proper-name mention found by the name finder (capitalisation + gazetteers until the NER model). */
export interface NameMention extends Span {
  type: EntityType;
  /** Index into doc.entities after resolution, -1 before. */
  entity: number;
  /** The rule or model that found it. */
  rule: string;
}

/** Internal entity record: the contract's Entity plus what resolution needs. */
export interface DocEntity extends Entity {
  /** Gender for pronoun agreement when known: 'm' | 'f' | null. */
  gender?: 'm' | 'f' | null;
  /** Lower-cased descriptor heads usable as definite descriptions ('foreign minister', 'president'). */
  descriptorKeys?: string[];
}

/** An attribution as the engine holds it: the contract's record plus how it was made. */
export interface DocAttribution extends Attribution {
  /** The rule or model that made it, e.g. 'quote-cue-after/1'. */
  rule: string;
  /** How the speaker was resolved, for a person asking "why": e.g. 'pronoun he -> Sergey Lavrov (last male subject)'. */
  resolution?: string;
}

export interface Doc {
  readonly text: string;
  readonly article: Article;
  tokens: Tokens;
  sentences: Sentences;
  paragraphs: Paragraphs;
  headlines: Headline[];
  quotes: QuoteRegion[];
  /** Per-token model layers (src/tagsets.ts indices); empty arrays until their stage runs. */
  upos: Uint8Array;
  lemmas: string[];
  /** Head token index (document-wide), -1 for a sentence root. */
  head: Int32Array;
  deprel: Uint8Array;
  ner: Uint8Array;
  names: NameMention[];
  entities: DocEntity[];
  attributions: DocAttribution[];
  figures: Figure[];
  times: Time[];
  events: Event[];
  warnings: Warning[];
}

export function createDoc(article: Article): Doc {
  const none = new Int32Array(0);
  return {
    text: article.text,
    article,
    tokens: emptyTokens(),
    sentences: { count: 0, tokenStart: none, tokenEnd: none, start: none, end: none },
    paragraphs: { count: 0, start: none, end: none },
    headlines: [],
    quotes: [],
    upos: new Uint8Array(0),
    lemmas: [],
    head: new Int32Array(0),
    deprel: new Uint8Array(0),
    ner: new Uint8Array(0),
    names: [],
    entities: [],
    attributions: [],
    figures: [],
    times: [],
    events: [],
    warnings: [...(article.warnings ?? [])],
  };
}
