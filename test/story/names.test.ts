import { test } from 'node:test';
import assert from 'node:assert/strict';
import { impliedAcronym, keysOf, loadVariantTable, nameKey, personNamesCompatible, writtenAcronym } from '../../src/story/names.js';
import { LEXICON_DIR } from '../../src/resources.js';

const variants = loadVariantTable(`${LEXICON_DIR}/story-variants.tsv`);

test('transliteration variants share one key', () => {
  const same: [string, string][] = [
    ['Sergey Lavrov', 'Sergei Lavrov'],
    ['Zelenskyy', 'Zelensky'],
    ['Zelenskiy', 'Zelensky'],
    ['Volodymyr Zelenskyy', 'Volodymyr Zelenskiy'],
    ['Kyiv', 'Kiev'],
    ['Kharkiv', 'Kharkov'],
    ['Luhansk', 'Lugansk'],
    ['Odesa', 'Odessa'],
    ['Alexei Navalny', 'Aleksei Navalny'],
    ['Dmitry Peskov', 'Dmitri Peskov'],
    ['Mikhail Mishustin', 'Mihail Mishustin'],
    ['Russia’s', 'Russia'],
    ['Sergei Shoigu', 'Sergey Shoygu'],
    ['Ukrajina', 'Ukrajina'],
    ['Hélène', 'Helene'],
  ];
  for (const [a, b] of same) assert.equal(nameKey(a, variants), nameKey(b, variants), `${a} ~ ${b}`);
});

test('different names keep different keys', () => {
  const differ: [string, string][] = [
    ['Sergey Lavrov', 'Sergey Shoigu'],
    ['Kyiv', 'Kherson'],
    ['Putin', 'Peskov'],
    ['Austria', 'Australia'],
    ['Georgia', 'Georgian'],
  ];
  for (const [a, b] of differ) assert.notEqual(nameKey(a, variants), nameKey(b, variants), `${a} ≠ ${b}`);
});

test('acronyms: written and implied', () => {
  const rows: [string, string | null, string | null][] = [
    // text, written acronym, implied acronym
    ['NATO', 'nato', null],
    ['U.S.', 'us', null],
    ['Nato', null, null],
    ['North Atlantic Treaty Organization', null, 'nato'],
    ['United Nations', null, 'un'],
    ['European Union', null, 'eu'],
    ['International Atomic Energy Agency', null, 'iaea'],
    ['Ministry of Defence', null, 'md'],
    ['Sergey', null, null],
  ];
  for (const [text, written, implied] of rows) {
    assert.equal(writtenAcronym(text), written, `written ${text}`);
    assert.equal(impliedAcronym(text), implied, `implied ${text}`);
  }
});

test('keys by entity type: persons get surnames, organisations acronyms', () => {
  assert.deepEqual(keysOf('Sergey Lavrov', 'PER').map((k) => k.key), ['n:sergei lavrov', 's:lavrov']);
  assert.deepEqual(keysOf('United Nations', 'ORG').map((k) => k.key), ['n:united nations', 'a:un']);
  assert.deepEqual(keysOf('UN', 'ORG').map((k) => k.key), ['n:un', 'a:un']);
  assert.deepEqual(keysOf('', 'ORG'), []);
});

test('given names must agree for one person', () => {
  const rows: [string, string, boolean][] = [
    ['sergei lavrov', 'lavrov', true],
    ['v putin', 'vladimir putin', true],
    ['sergei lavrov', 'ivan lavrov', false],
    ['sergei lavrov', 'sergei shoigu', false],
  ];
  for (const [a, b, ok] of rows) assert.equal(personNamesCompatible(a, b), ok, `${a} / ${b}`);
});
