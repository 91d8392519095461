// checkLanguage: a text that does not read as English gets a DOSSIER_NOT_ENGLISH warning (a partial result,
// never an error); English news, English with foreign quotes and short texts get none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDoc } from '../../src/doc.js';
import { tokenizeDoc } from '../../src/text/tokenize.js';
import { checkLanguage } from '../../src/text/language.js';
import { analyze } from '../../src/index.js';

function warned(text: string): boolean {
  const doc = createDoc({ text });
  tokenizeDoc(doc);
  checkLanguage(doc);
  return doc.warnings.some((w) => w.code === 'DOSSIER_NOT_ENGLISH');
}

const ENGLISH = 'A meeting between Russian President Vladimir Putin and his Ukrainian counterpart Volodymyr Zelenskyy may take place if all key differences between the two countries are settled, the Russian foreign minister said on Monday. He added that the venue should be agreed on by both sides.';
// [text, warned]
const ROWS: Array<[string, boolean]> = [
  [ENGLISH, false],
  // English with a foreign quotation in it
  [`${ENGLISH} "Wir schaffen das," she had said in Berlin, and the phrase stayed with her for years afterwards.`, false],
  ['Der russische Außenminister Sergej Lawrow sagte am Montag, ein Treffen zwischen Putin und Selenskyj sei möglich, wenn alle wichtigen Differenzen zwischen beiden Ländern beigelegt seien. Istanbul sei für beide Seiten als Verhandlungsort akzeptabel, fügte er hinzu.', true],
  ['El ministro ruso de Asuntos Exteriores, Serguéi Lavrov, dijo el lunes que una reunión entre Putin y Zelenski es posible si se resuelven todas las diferencias clave entre los dos países, y que Estambul es aceptable para ambas partes.', true],
  ['러시아 외무장관은 월요일 푸틴 대통령과 젤렌스키 대통령의 회담이 양국 간 주요 이견이 해소되면 열릴 수 있다고 말했다. 그는 이스탄불이 양측 모두에게 받아들일 만한 장소라고 덧붙였다. 협상은 계속될 것이라고 그는 말했다.', true],
  // too short to judge: a headline
  ['Treffen zwischen Putin und Selenskyj möglich', false],
  ['', false],
];

for (const [text, expected] of ROWS) {
  test(`checkLanguage: ${text.slice(0, 60) || '(empty)'}`, () => {
    assert.equal(warned(text), expected);
  });
}

test('the warning reaches the analysis, with a code and a sentence, and the rest still runs', () => {
  const a = analyze({ text: ROWS[2][0] });
  const w = (a.warnings ?? []).find((x) => x.code === 'DOSSIER_NOT_ENGLISH');
  assert.ok(w, JSON.stringify(a.warnings));
  assert.match(w.message, /does not read as English/);
  assert.ok(a.text.length > 0 && Array.isArray(a.attributions));
});
