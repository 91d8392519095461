// Tag inventories shared by the models and every layer that reads their output. Per-token layers
// store the index into these lists in a Uint8Array.

/** Universal POS tags (UD v2), index 0 = unknown (not yet tagged). */
export const UPOS = ['X', 'ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB'] as const;
export type Upos = (typeof UPOS)[number];
export const UPOS_INDEX: ReadonlyMap<string, number> = new Map(UPOS.map((t, i) => [t, i]));

/** Universal Dependencies relations (with the subtypes EWT uses), index 0 = none. */
export const DEPRELS = [
  '_', 'acl', 'acl:relcl', 'advcl', 'advcl:relcl', 'advmod', 'amod', 'appos', 'aux', 'aux:pass', 'case', 'cc', 'cc:preconj', 'ccomp',
  'compound', 'compound:prt', 'conj', 'cop', 'csubj', 'csubj:outer', 'csubj:pass', 'dep', 'det', 'det:predet', 'discourse', 'dislocated',
  'expl', 'fixed', 'flat', 'goeswith', 'iobj', 'list', 'mark', 'nmod', 'nmod:desc', 'nmod:poss', 'nmod:unmarked', 'nsubj', 'nsubj:outer',
  'nsubj:pass', 'nummod', 'obj', 'obl', 'obl:agent', 'obl:unmarked', 'orphan', 'parataxis', 'punct', 'reparandum', 'root', 'vocative', 'xcomp',
] as const;
export const DEPREL_INDEX: ReadonlyMap<string, number> = new Map(DEPRELS.map((t, i) => [t, i]));

/** Entity types and their BIO tags, index 0 = O. */
export const NER_TAGS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'] as const;
export const NER_INDEX: ReadonlyMap<string, number> = new Map(NER_TAGS.map((t, i) => [t, i]));
