// Lower-case forms of every token, made once per tokenisation and shared by the stages that look
// words up in lexicons (attributions, events …), so no stage pays for a toLowerCase per token.
// The forms are exactly `text.slice(start, end).toLowerCase()` of each token.

import type { Tokens } from './tokens.js';

interface Cached {
  text: string;
  lower: string[];
  /** Same forms with the typographic apostrophe ’ written as ' (lexicons spell clitics with '). */
  plainApostrophe: string[] | null;
}

// Keyed by the token arrays, so a document tokenised again gets fresh forms.
const cache = new WeakMap<Tokens, Cached>();

function cached(text: string, t: Tokens): Cached {
  let c = cache.get(t);
  if (c && c.text === text) return c;
  const n = t.count;
  const lower = new Array<string>(n);
  // One lower-casing of the whole text, sliced per token. This equals lower-casing each token alone
  // unless the text has a character whose lower case is longer (İ) or depends on its neighbours
  // (final sigma after Σ); then per token.
  const lowText = text.toLowerCase();
  if (lowText.length === text.length && text.indexOf('\u03a3') < 0) {
    for (let i = 0; i < n; i++) lower[i] = lowText.slice(t.start[i], t.end[i]);
  } else {
    for (let i = 0; i < n; i++) lower[i] = text.slice(t.start[i], t.end[i]).toLowerCase();
  }
  c = { text, lower, plainApostrophe: null };
  cache.set(t, c);
  return c;
}

/** `text.slice(start, end).toLowerCase()` for every token (shared: callers must not change the array). */
export function lowerForms(text: string, t: Tokens): readonly string[] {
  return cached(text, t).lower;
}

/** As lowerForms, with ’ (U+2019) replaced by ' (shared: callers must not change the array). */
export function lowerFormsPlainApostrophe(text: string, t: Tokens): readonly string[] {
  const c = cached(text, t);
  if (c.plainApostrophe) return c.plainApostrophe;
  // Tokens holding ’ are few (clitics, names like O’Brien): find them in the text, not per token.
  let at = text.indexOf('\u2019');
  if (at < 0) return (c.plainApostrophe = c.lower);
  const out = c.lower.slice();
  {
    for (let i = 0; i < t.count; i++) {
      if (t.end[i] <= at) continue;
      if (t.start[i] > at) { at = text.indexOf('\u2019', t.start[i]); if (at < 0) break; if (t.end[i] <= at) continue; }
      if (t.start[i] <= at) out[i] = out[i].replace(/\u2019/g, "'");
    }
  }
  c.plainApostrophe = out;
  return out;
}
