// The public interface: TypeScript mirror of ../shared/contract/analysis.schema.json
// (`dossier/analysis@1`). Changing a field's meaning needs a new schema version, not an edit.
// test/contract/schema.test.ts validates real output against the JSON Schema itself.

export const SCHEMA_ID = 'dossier/analysis@1' as const;

/** UTF-16 code units into `Analysis.text`, start inclusive, end exclusive. */
export interface Span {
  start: number;
  end: number;
  /** Optional copy of text.slice(start, end); when present it must be equal to it. */
  text?: string;
}

export type EntityType = 'PER' | 'ORG' | 'LOC' | 'MISC';

export interface Entity {
  id: string;
  type: EntityType;
  /** The longest proper name used for it in the article, e.g. 'Sergey Lavrov'. */
  name: string;
  /** Roles and titles given to it, e.g. 'Russian Foreign Minister'. */
  descriptors?: string[];
  /** Proper-name mentions only: no pronouns, no descriptions. */
  mentions: Span[];
}

export type AttributionKind = 'direct' | 'indirect' | 'mixed';
export type CueClass = 'speech' | 'thought' | 'according' | 'other';
export type Stance = 'neutral' | 'emphatic' | 'distancing' | 'accusing' | 'denying' | 'conceding';

export interface SourceMention extends Span {
  /** Id of the entity the mention refers to, or null. */
  entity: string | null;
}

export interface Cue extends Span {
  lemma: string;
  class?: CueClass;
}

export interface Attribution {
  id: string;
  kind: AttributionKind;
  source: SourceMention | null;
  cue: Cue;
  /** In text order; quotation marks and a leading 'that' belong to the content. */
  content: Span[];
  stance?: Stance;
  addressee?: Span | null;
  confidence?: number;
  // Extension fields allowed by the schema (additionalProperties: true on the root only
  // applies to the root; these are kept off the wire unless the schema allows them).
}

export type FigureQualifier =
  | 'exact' | 'at_least' | 'more_than' | 'at_most' | 'less_than' | 'about' | 'range' | 'vague';

export interface Figure extends Span {
  id: string;
  /** 1,119 -> 1119; 3.82 million -> 3820000; for a range, the low end. */
  value: number;
  valueMax?: number | null;
  unit?: string | null;
  qualifier: FigureQualifier;
  subject?: string | null;
  measure?: string | null;
  attribution?: string | null;
}

export type TimeType = 'DATE' | 'TIME' | 'DURATION' | 'SET';

export interface Time extends Span {
  id: string;
  type: TimeType;
  /** TIMEX3 value resolved against the publication date. */
  value: string;
}

export type Modality = 'asserted' | 'planned' | 'possible' | 'conditional' | 'negated' | 'demanded';

export interface Event {
  id: string;
  code: string;
  label?: string;
  trigger: Span;
  modality: Modality;
  condition?: Span | null;
  actors?: string[];
  targets?: string[];
  place?: string | null;
  time?: string | null;
  attribution?: string | null;
}

export interface Warning {
  code: string;
  message: string;
  span?: Span;
}

export interface TokenRecord {
  start: number;
  end: number;
  upos: string;
  lemma?: string;
  /** Index of the head token in the tokens array, -1 for the root of its sentence. */
  head?: number;
  deprel?: string;
  /** BIO tag, e.g. B-PER. */
  ner?: string;
}

export interface Extractor {
  version: string;
  models?: Record<string, unknown>;
}

export interface Analysis {
  schema: typeof SCHEMA_ID;
  id?: string | null;
  url?: string | null;
  title?: string | null;
  /** ISO 8601 date or date-time of publication (given, or found in the page). */
  published?: string | null;
  extractor?: Extractor;
  text: string;
  sentences: Span[];
  entities: Entity[];
  attributions: Attribution[];
  figures: Figure[];
  times: Time[];
  events: Event[];
  warnings?: Warning[];
  tokens?: TokenRecord[];
}

/** One line of `dossier analyze --jsonl` output when the line could not be analysed. */
export interface AnalysisError {
  id: string | null;
  error: { code: string; message: string };
}
