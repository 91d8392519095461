import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSentences } from '../../src/text/sentences.js';
import { tokenize } from '../../src/text/tokenize.js';
import { findParagraphs } from '../../src/text/paragraphs.js';
import { checkInvariants, sentenceTexts, textDoc } from './helpers.js';

// [text, expected sentences]
const CASES: [string, string[]][] = [
  ['"A huge number of problems have accumulated, so just meet and exchange of ideas would be counterproductive right now," Sergey Lavrov told Serbian media outlets.',
    ['"A huge number of problems have accumulated, so just meet and exchange of ideas would be counterproductive right now," Sergey Lavrov told Serbian media outlets.']],
  ['Lavrov said the Western politicians understand their "gross mistakes." He left.',
    ['Lavrov said the Western politicians understand their "gross mistakes."', 'He left.']],
  ['He said: "Yes. No." Then he left.', ['He said: "Yes.', 'No."', 'Then he left.']],
  ['“We will win. They will lose,” he said.', ['“We will win.', 'They will lose,” he said.']],
  ['"Why?" he asked. Nobody answered.', ['"Why?" he asked.', 'Nobody answered.']],
  ['She said "no." "Yes," he replied.', ['She said "no."', '"Yes," he replied.']],
  ['Mr. Smith met Dr. Jones. They talked.', ['Mr. Smith met Dr. Jones.', 'They talked.']],
  ['Gen. Milley and Sen. Warren spoke on Jan. 5 at 10 a.m. local time.', ['Gen. Milley and Sen. Warren spoke on Jan. 5 at 10 a.m. local time.']],
  ['The war started on Feb.24 in Ukraine. It continues.', ['The war started on Feb.24 in Ukraine.', 'It continues.']],
  ['He moved to the U.S. The move was hard.', ['He moved to the U.S.', 'The move was hard.']],
  ['He works for Acme Inc. and lives in St. Louis.', ['He works for Acme Inc. and lives in St. Louis.']],
  ['Shares of Acme Inc. fell. The U.S. economy grew.', ['Shares of Acme Inc. fell.', 'The U.S. economy grew.']],
  ['Bush nominated Jennifer M. Anderson for a term.', ['Bush nominated Jennifer M. Anderson for a term.']],
  ['It costs $1.13bn. That is a lot.', ['It costs $1.13bn.', 'That is a lot.']],
  ['At least 1,119 civilians died. More than 3.82 million fled.', ['At least 1,119 civilians died.', 'More than 3.82 million fled.']],
  ['Wait... what happened? Nobody knows!', ['Wait... what happened?', 'Nobody knows!']],
  ['It ended… Then came peace.', ['It ended…', 'Then came peace.']],
  ['Are you sure? yes I am.', ['Are you sure?', 'yes I am.']],
  ['(He did not say so.) Then he left.', ['(He did not say so.)', 'Then he left.']],
  ['Title line without a stop\n\nBody text here.', ['Title line without a stop', 'Body text here.']],
  ['Putin-Zelenskyy meeting likely: Top Russian diplomat\nA meeting may take place, officials said.',
    ['Putin-Zelenskyy meeting likely: Top Russian diplomat', 'A meeting may take place, officials said.']],
  ['This line is wrapped by the writer at some width, and\ncontinues on the next line of the same paragraph.',
    ['This line is wrapped by the writer at some width, and\ncontinues on the next line of the same paragraph.']],
  ['Shopping list:\n- eggs\n- milk', ['Shopping list:', '- eggs', '- milk']],
  ['Steps\n1. Open the box\n2. Take it out', ['Steps', '1. Open the box', '2. Take it out']],
  ['One.\r\n\r\nTwo', ['One.', 'Two']],
  ['No full stop at the end', ['No full stop at the end']],
  ['He lives at No. 10 Downing St. with his cat.', ['He lives at No. 10 Downing St. with his cat.']],
  ['Visit https://example.com/a.b. Then call.', ['Visit https://example.com/a.b.', 'Then call.']],
];

test('splitSentences: boundaries', () => {
  for (const [text, expected] of CASES) {
    const doc = textDoc(text);
    assert.deepEqual(sentenceTexts(doc), expected, text);
    checkInvariants(doc);
  }
});

test('splitSentences: works without paragraphs and agrees with them', () => {
  for (const [text] of CASES) {
    const t = tokenize(text);
    const a = splitSentences(text, t);
    const b = splitSentences(text, t, findParagraphs(text));
    assert.deepEqual([...a.start], [...b.start], text);
    assert.deepEqual([...a.end], [...b.end], text);
  }
});

test('splitSentences: empty input', () => {
  const s = splitSentences('', tokenize(''));
  assert.equal(s.count, 0);
});
