import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CueFrame, loadCueLexicon, parseCueLexicon } from '../../src/extract/cue-lexicon.js';
import { LEXICON_DIR, PROJECT_ROOT } from '../../src/resources.js';
import { DossierError } from '../../src/errors.js';

const lex = loadCueLexicon(LEXICON_DIR);

// [written form, lemma, class, stance]
const ROWS: Array<[string, string, string, string]> = [
  ['said', 'say', 'speech', 'neutral'],
  ['told', 'tell', 'speech', 'neutral'],
  ['stressed', 'stress', 'speech', 'emphatic'],
  ['insisted', 'insist', 'speech', 'emphatic'],
  ['claimed', 'claim', 'speech', 'distancing'],
  ['alleged', 'allege', 'speech', 'distancing'],
  ['accused', 'accuse', 'speech', 'accusing'],
  ['denied', 'deny', 'speech', 'denying'],
  ['dismissed', 'dismiss', 'speech', 'denying'],
  ['rejected', 'reject', 'speech', 'denying'],
  ['admitted', 'admit', 'speech', 'conceding'],
  ['acknowledged', 'acknowledge', 'speech', 'conceding'],
  ['thinks', 'think', 'thought', 'neutral'],
  ['believed', 'believe', 'thought', 'neutral'],
  ['hopes', 'hope', 'thought', 'neutral'],
  ['found', 'find', 'other', 'neutral'],
  ['showed', 'show', 'other', 'neutral'],
  ['warned', 'warn', 'speech', 'neutral'],
  ['estimated', 'estimate', 'speech', 'neutral'],
  ['according', 'according to', 'according', 'neutral'],
  [':', ':', 'speech', 'neutral'],
];
for (const [form, lemma, cls, stance] of ROWS) {
  test(`cue lexicon: ${form} → ${lemma}`, () => {
    // the one-word form where there is one ("warned", not "warned against"), else the longest ("according to")
    const list = lex.forms.get(form);
    const entry = (list?.find((f) => f.rest.length === 0) ?? list?.[0])?.entry;
    assert.ok(entry, `${form} missing`);
    assert.equal(entry.lemma, lemma);
    assert.equal(entry.class, cls);
    assert.equal(entry.stance, stance);
  });
}

test('a one-line verb without forms is inflected by the loader', () => {
  const l = parseCueLexicon('# comment\nassert\tspeech\temphatic\tqcti\n');
  assert.equal(l.size, 1);
  for (const f of ['assert', 'asserted', 'asserts', 'asserting']) assert.equal(l.forms.get(f)?.[0]?.entry.lemma, 'assert');
  assert.equal(l.forms.get('asserting')?.[0]?.inflection, 'ing');
  assert.ok((l.entries.get('assert')!.frames & CueFrame.THAT) !== 0);
});

test('multi-word forms match after their first word', () => {
  const forms = lex.forms.get('pointed') ?? [];
  assert.ok(forms.some((f) => f.rest.join(' ') === 'out' && f.entry.lemma === 'point out'));
});

test('a malformed line is a coded error naming the line', () => {
  assert.throws(() => parseCueLexicon('say\tspeech\tcheerful\n', 'x.tsv'), (e: unknown) => e instanceof DossierError && e.code === 'DOSSIER_DATA_MISSING' && /x\.tsv line 1/.test(e.message));
});

test('the lexicon has the frequent cue lemmas and covers >= 90 % of PolNeAR train cue tokens', (t) => {
  assert.ok(lex.size >= 200, `only ${lex.size} lemmas`);
  const file = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'polnear', 'train.jsonl');
  if (!existsSync(file)) { t.skip('PolNeAR train not present'); return; }
  // a cue counts as covered when one of its words starts a lexicon form ("has repeatedly dismissed" → dismissed);
  // cues made only of function words ("in", "for", "of the") carry no reporting word and are left out
  const FUNCTION = new Set('to a an the in on of for by from with about as at that this it its his her their s under since'.split(' '));
  let covered = 0, total = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const a = JSON.parse(line) as { attributions: Array<{ cue: Array<{ text: string }> }> };
    for (const at of a.attributions) for (const c of at.cue) {
      const ws = c.text.toLowerCase().replace(/\u2019/g, "'").match(/[a-z]+(?:'[a-z]+)?|:/g) ?? [];
      if (ws.every((w) => FUNCTION.has(w))) continue;
      total++;
      if (ws.some((w) => lex.forms.has(w))) covered++;
    }
  }
  assert.ok(covered / total >= 0.9, `covers ${(100 * covered / total).toFixed(1)} % of ${total} cue tokens`);
});
