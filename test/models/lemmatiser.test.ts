import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UPOS_INDEX } from '../../src/tagsets.js';
import { LEXICON_DIR } from '../../src/resources.js';
import { buildLemmaExceptions, Lemmatiser, lemmaExceptionsPath, ruleLemma } from '../../src/models/lemmatiser.js';

const u = (tag: string): number => UPOS_INDEX.get(tag)!;

// The suffix rules alone, on words they must handle without the table (new verbs and nouns in the news).
const RULES: [string, string, string][] = [
  ['cities', 'NOUN', 'city'], ['boxes', 'NOUN', 'box'], ['churches', 'NOUN', 'church'], ['talks', 'NOUN', 'talk'],
  ['glass', 'NOUN', 'glass'], ['status', 'NOUN', 'status'], ['analysis', 'NOUN', 'analysis'], ['Drones', 'NOUN', 'drone'],
  ['studies', 'VERB', 'study'], ['carried', 'VERB', 'carry'], ['stopped', 'VERB', 'stop'], ['hopping', 'VERB', 'hop'],
  ['hoping', 'VERB', 'hope'], ['making', 'VERB', 'make'], ['organizing', 'VERB', 'organize'], ['changed', 'VERB', 'change'],
  ['enabled', 'VERB', 'enable'], ['visited', 'VERB', 'visit'], ['agreed', 'VERB', 'agree'], ['shelled', 'VERB', 'shell'],
  ['annexed', 'VERB', 'annex'], ['reaches', 'VERB', 'reach'], ['deploying', 'VERB', 'deploy'], ['sanctioned', 'VERB', 'sanction'],
  ['produced', 'VERB', 'produce'], ['invaded', 'VERB', 'invade'], ['refusing', 'VERB', 'refuse'], ['judged', 'VERB', 'judge'],
  ['happier', 'ADJ', 'happy'], ['Kyiv', 'PROPN', 'Kyiv'], ['Quickly', 'ADV', 'quickly'], ['The', 'DET', 'the'],
];

test('suffix rules per UPOS', () => {
  for (const [form, upos, lemma] of RULES) assert.equal(ruleLemma(form, u(upos)), lemma, `${form}/${upos}`);
});

// With the committed exceptions table: irregular forms and clitics, as EWT writes them.
const TABLE: [string, string, string][] = [
  ['went', 'VERB', 'go'], ['was', 'AUX', 'be'], ['were', 'AUX', 'be'], ['children', 'NOUN', 'child'], ['men', 'NOUN', 'man'],
  ["'s", 'AUX', 'be'], ['’s', 'AUX', 'be'], ["'s", 'PART', "'s"], ['’s', 'PART', "'s"], ["n't", 'PART', 'not'], ['n’t', 'PART', 'not'],
  ['said', 'VERB', 'say'], ['told', 'VERB', 'tell'], ['has', 'AUX', 'have'], ['did', 'AUX', 'do'], ['me', 'PRON', 'I'],
  ['better', 'ADJ', 'good'], ['wo', 'AUX', 'will'], ['ca', 'AUX', 'can'], ['Lavrov', 'PROPN', 'Lavrov'],
  ['thought', 'VERB', 'think'], ['began', 'VERB', 'begin'], ['ran', 'VERB', 'run'],
];

test('the committed exceptions table: irregular forms and clitics', () => {
  const lemmatiser = Lemmatiser.load(lemmaExceptionsPath(LEXICON_DIR));
  assert.ok(lemmatiser.size > 500);
  for (const [form, upos, lemma] of TABLE) assert.equal(lemmatiser.lemma(form, u(upos)), lemma, `${form}/${upos}`);
  for (const [form, upos, lemma] of RULES) assert.equal(lemmatiser.lemma(form, u(upos)), lemma, `${form}/${upos} (rules still apply)`);
});

test('exceptions are kept only where the rules lose, and the TSV round-trips', () => {
  const forms = ['went', 'went', 'talks', 'geese', 'Geese'];
  const upos = [u('VERB'), u('VERB'), u('NOUN'), u('NOUN'), u('NOUN')];
  const lemmas = ['go', 'go', 'talk', 'goose', 'goose'];
  const built = buildLemmaExceptions(forms, upos, lemmas);
  assert.equal(built.size, 2, 'went and geese; talks is left to the rules');
  const again = Lemmatiser.fromTsv(built.toTsv('# test'));
  assert.equal(again.lemma('Went', u('VERB')), 'go');
  assert.equal(again.lemma('GEESE', u('NOUN')), 'goose');
  assert.equal(again.lemma('talks', u('NOUN')), 'talk');
});

test('lemmas remembered by form id are those of lemma(), also when a form comes back with another UPOS or a new id generation', () => {
  const table = Lemmatiser.load(lemmaExceptionsPath(LEXICON_DIR));
  const plain = Lemmatiser.load(lemmaExceptionsPath(LEXICON_DIR));
  // [form id, generation, form, UPOS]: repeats, a form retagged, ids reused by a later generation for other forms
  const calls: [number, number, string, string][] = [
    [0, 1, 'went', 'VERB'], [1, 1, 'talks', 'NOUN'], [0, 1, 'went', 'VERB'], [1, 1, 'talks', 'VERB'], [1, 1, 'talks', 'NOUN'],
    [2000, 1, 'Kyiv', 'PROPN'], [0, 2, "'s", 'AUX'], [1, 2, "'s", 'PART'], [0, 2, "'s", 'AUX'], [5, 2, 'children', 'NOUN'],
  ];
  for (const [id, generation, form, tag] of calls) assert.equal(table.lemmaOfForm(id, generation, form, u(tag)), plain.lemma(form, u(tag)), `${form} ${tag}`);
});
