// Whether the text reads as English. Every model here was trained on English news; a Korean or German
// article still runs through (nothing crashes, offsets stay right), but finds next to nothing, and a user
// should be told why rather than left to think the article holds no statements. A partial result with a
// warning, never an error: a mostly English text with some foreign quotes is fine.

import type { Doc } from '../doc.js';
import { TokenKind } from './tokens.js';

/** The commonest English words: about 40 % of the words of English news, next to none of other languages'. */
const ENGLISH_WORDS = new Set(['the', 'of', 'and', 'to', 'a', 'in', 'is', 'that', 'for', 'on', 'it', 'with', 'as', 'was',
  'he', 'she', 'they', 'by', 'at', 'from', 'said', 'his', 'her', 'be', 'are', 'have', 'has', 'not', 'this', 'an', 'or',
  'but', 'which', 'were', 'will', 'would', 'their', 'its', 'we', 'you', 'i', 'had', 'been', 'who', 'after', 'also']);
/** Texts shorter than this many words are not judged (a headline, a caption). */
const MIN_WORDS = 30;
/** The first this many words decide: enough for a language, and a long document costs no more than a short one. */
const MAX_WORDS = 300;
/** Below this share of ENGLISH_WORDS a text is not English (English news: ~0.35-0.45; German, French, Spanish: < 0.05). */
const MIN_SHARE = 0.1;

/** Pipeline stage: a DOSSIER_NOT_ENGLISH warning when the text does not read as English. */
export function checkLanguage(doc: Doc): void {
  const t = doc.tokens, text = doc.text;
  let words = 0, english = 0, letters = 0, latin = 0;
  for (let i = 0; i < t.count && words < MAX_WORDS; i++) {
    if (t.kind[i] !== TokenKind.WORD) continue;
    words++;
    const s = t.start[i], e = t.end[i];
    for (let k = s; k < e; k++) {
      const c = text.charCodeAt(k);
      if (c < 128) { if ((c | 32) >= 97 && (c | 32) <= 122) { letters++; latin++; } }
      else if (/\p{L}/u.test(text[k])) { letters++; if (c <= 0x24f) latin++; }
    }
    if (e - s <= 5 && ENGLISH_WORDS.has(text.slice(s, e).toLowerCase())) english++;
  }
  if (words < MIN_WORDS || letters === 0) return;
  const share = english / words;
  if (latin / letters >= 0.5 && share >= MIN_SHARE) return;
  const why = latin / letters < 0.5
    ? `${Math.round(100 * (1 - latin / letters))} % of its letters are not in the Latin alphabet`
    : `only ${Math.round(100 * share)} % of its words are common English words (English news: about 40 %)`;
  doc.warnings.push({
    code: 'DOSSIER_NOT_ENGLISH',
    message: `The text does not read as English prose: ${why}. Dossier's models are trained on English news, so expect few or no statements, names, figures or dates from it.`,
  });
}
