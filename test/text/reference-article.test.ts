import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkInvariants, sentenceTexts, textDoc } from './helpers.js';

// dist/test/text -> project root -> ../shared
const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'examples', 'lavrov-2022-03-28.txt');
const present = existsSync(FILE);

test('reference article: paragraphs, sentences, headlines, quotes', { skip: !present && 'reference article not found' }, () => {
  const text = readFileSync(FILE, 'utf8');
  const doc = textDoc(text);
  checkInvariants(doc);
  // 17 blank-line blocks: headline, standfirst, repeated headline and 14 body paragraphs of one sentence each.
  assert.equal(doc.paragraphs.count, 17);
  const sentences = sentenceTexts(doc);
  assert.equal(sentences.length, 17);
  const body = sentences.slice(3);
  assert.equal(body.length, 14);
  assert.ok(body[0].startsWith('A meeting between Russian President'));
  assert.ok(body[1].startsWith('"A huge number') && body[1].endsWith('told Serbian media outlets.'));
  assert.ok(sentences.some((s) => s.endsWith('their "gross mistakes."')));
  assert.ok(sentences.some((s) => s.includes('started on Feb.24, has met')));

  const headlines = doc.headlines.map((h) => [h.role, text.slice(h.start, h.end)]);
  const title = 'Putin-Zelenskyy meeting likely after key differences are settled: Top Russian diplomat';
  assert.deepEqual(headlines, [
    ['title', title],
    ['standfirst', 'There is a chance to achieve peace agreement, says Russian Foreign Minister Sergey Lavrov.'],
    ['repeat', title],
  ]);
  // Each headline line is a sentence of its own.
  assert.deepEqual(sentences.slice(0, 3), headlines.map((h) => h[1]));

  const quotes = doc.quotes.map((q) => text.slice(q.start, q.end));
  assert.equal(quotes.length, 8);
  assert.equal(quotes.filter((q) => q.startsWith('"') && q.length > 40).length, 4, 'the four direct quotes');
  for (const phrase of ['“threaten Russia,”', '“oppressing people in the Donbas,”', '“encouraging Nazi ideologies.”', '"gross mistakes."']) {
    assert.ok(quotes.includes(phrase), phrase);
  }
  assert.ok(doc.quotes.every((q) => !q.unclosed && !q.continued));
  assert.equal(doc.warnings.length, 0);
});
