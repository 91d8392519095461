// `npm run eval -- ewt-dev [--train] [--json] [--errors N]`: scores the text layer on UD English EWT.
// Each document's raw text is rebuilt from the `# text` lines (sentences joined by a space, paragraphs
// at `# newpar` by a blank line); the tokeniser and sentence splitter run on the whole document, and
// tokens and sentences are scored by exact character span.
//
// Token scores are given twice: against UD's surface tokens (a multiword token such as "don't" is one
// token) and against its syntactic words (do + n't). Our tokeniser emits words, so for the surface view
// its CLITIC tokens (n't ’s 'll, the possessive ') are glued back to the word before — a rule on our own
// output that never looks at the gold data.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DossierError } from '../errors.js';
import { fileURLToPath } from 'node:url';
import { tokenize } from '../text/tokenize.js';
import { splitSentences } from '../text/sentences.js';
import { findParagraphs } from '../text/paragraphs.js';
import { TokenFlag, type Tokens } from '../text/tokens.js';

interface GoldDoc {
  id: string;
  text: string;
  /** Surface tokens (multiword tokens as one) as [start, end) pairs. */
  surface: number[];
  /** Syntactic words as [start, end) pairs (words of a multiword token get spans only when their forms spell it). */
  words: number[];
  sentences: number[];
}

// dist/src/eval/ewt.js -> the project root is three folders up; shared/ sits beside it.
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DATA_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'ud-english-ewt');

/** Parses a CoNLL-U file into documents with gold character spans. */
export function readConllu(content: string): { docs: GoldDoc[]; misaligned: number } {
  const docs: GoldDoc[] = [];
  let doc: GoldDoc | null = null;
  let misaligned = 0;
  let newpar = false;
  let sentText = '';
  let sentBase = 0;
  let pos = 0;          // position in sentText
  let mwtEnd = 0;       // last word id covered by the open multiword token
  let mwtStart = 0, mwtEndOff = 0, mwtWords: string[] = [];
  const startDoc = (id: string): void => { doc = { id, text: '', surface: [], words: [], sentences: [] }; docs.push(doc); newpar = true; };
  const align = (form: string): number => {
    while (pos < sentText.length && /\s/.test(sentText[pos])) pos++;
    if (sentText.startsWith(form, pos)) { const s = pos; pos += form.length; return s; }
    misaligned++;
    return -1;
  };
  const flushMwt = (d: GoldDoc): void => {
    if (mwtWords.length === 0) return;
    if (mwtWords.join('') === d.text.slice(mwtStart, mwtEndOff)) {
      let s = mwtStart;
      for (const w of mwtWords) { d.words.push(s, s + w.length); s += w.length; }
    } else d.words.push(mwtStart, mwtEndOff);
    mwtWords = [];
  };
  for (const raw of content.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('# newdoc')) { startDoc(line.split('=').slice(1).join('=').trim()); continue; }
    if (line.startsWith('# newpar')) { newpar = true; continue; }
    if (line.startsWith('# text = ')) {
      if (!doc) startDoc('(none)');
      const d = doc as unknown as GoldDoc;
      sentText = line.slice(9);
      if (d.text.length > 0) d.text += newpar ? '\n\n' : ' ';
      newpar = false;
      sentBase = d.text.length;
      d.text += sentText;
      d.sentences.push(sentBase, sentBase + sentText.length);
      pos = 0; mwtEnd = 0;
      continue;
    }
    if (!doc || line.length === 0 || line.startsWith('#')) continue;
    const d = doc as GoldDoc;
    const tab1 = line.indexOf('\t');
    const id = line.slice(0, tab1);
    const form = line.slice(tab1 + 1, line.indexOf('\t', tab1 + 1));
    if (id.includes('.')) continue; // empty nodes
    const dash = id.indexOf('-');
    if (dash > 0) {
      flushMwt(d);
      mwtEnd = Number(id.slice(dash + 1));
      const s = align(form);
      if (s >= 0) { d.surface.push(sentBase + s, sentBase + s + form.length); mwtStart = sentBase + s; mwtEndOff = sentBase + s + form.length; mwtWords = []; }
      else mwtEnd = -mwtEnd; // skip its words, they cannot be placed
      continue;
    }
    const n = Number(id);
    if (n <= Math.abs(mwtEnd)) { if (mwtEnd > 0) { mwtWords.push(form); if (n === mwtEnd) flushMwt(d); } continue; }
    const s = align(form);
    if (s >= 0) { d.surface.push(sentBase + s, sentBase + s + form.length); d.words.push(sentBase + s, sentBase + s + form.length); }
  }
  return { docs, misaligned };
}

/** Our tokens with UD's multiword tokens put back together: a CLITIC token joins the word before it. */
function surfaceSpans(t: Tokens): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.count; i++) {
    if ((t.flags[i] & TokenFlag.CLITIC) !== 0 && out.length > 0 && out[out.length - 1] === t.start[i]) { out[out.length - 1] = t.end[i]; continue; }
    out.push(t.start[i], t.end[i]);
  }
  return out;
}

interface Score { tp: number; gold: number; predicted: number }
const prf = (s: Score): { p: number; r: number; f1: number } => {
  const p = s.predicted ? s.tp / s.predicted : 0, r = s.gold ? s.tp / s.gold : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};
function match(gold: number[], pred: number[], score: Score, errors?: { missed: [number, number][]; extra: [number, number][] }): void {
  const g = new Set<number>();
  for (let k = 0; k < gold.length; k += 2) g.add(gold[k] * 65536 + gold[k + 1]);
  const p = new Set<number>();
  for (let k = 0; k < pred.length; k += 2) p.add(pred[k] * 65536 + pred[k + 1]);
  score.gold += g.size; score.predicted += p.size;
  for (const x of p) if (g.has(x)) score.tp++; else errors?.extra.push([Math.floor(x / 65536), x % 65536]);
  if (errors) for (const x of g) if (!p.has(x)) errors.missed.push([Math.floor(x / 65536), x % 65536]);
}

export async function run(args: string[]): Promise<void> {
  const train = args.includes('--train');
  const json = args.includes('--json');
  const ei = args.indexOf('--errors');
  const showErrors = ei >= 0 ? Number(args[ei + 1] ?? 20) : 0;
  const which = args.includes('--sentences') ? 'sentences' : 'tokens';
  const file = path.join(DATA_DIR, train ? 'en_ewt-ud-train.conllu' : 'en_ewt-ud-dev.conllu');
  let content: string;
  try { content = readFileSync(file, 'utf8'); } catch (err) {
    throw new DossierError('DOSSIER_DATA_MISSING', `Cannot read ${file}; the EWT data lives in ../shared/data/ud-english-ewt.`, { cause: err });
  }
  const { docs, misaligned } = readConllu(content);

  const surface: Score = { tp: 0, gold: 0, predicted: 0 };
  const words: Score = { tp: 0, gold: 0, predicted: 0 };
  const sents: Score = { tp: 0, gold: 0, predicted: 0 };
  const errs = showErrors ? { missed: [] as [number, number][], extra: [] as [number, number][] } : undefined;
  const errDocs: { text: string; missed: [number, number][]; extra: [number, number][] }[] = [];
  let chars = 0, tokenCount = 0;
  for (const d of docs) {
    const tokens = tokenize(d.text);
    const sentences = splitSentences(d.text, tokens, findParagraphs(d.text));
    const pw: number[] = [];
    for (let i = 0; i < tokens.count; i++) pw.push(tokens.start[i], tokens.end[i]);
    const ps: number[] = [];
    for (let i = 0; i < sentences.count; i++) ps.push(sentences.start[i], sentences.end[i]);
    const e = errs ? { missed: [] as [number, number][], extra: [] as [number, number][] } : undefined;
    match(d.surface, surfaceSpans(tokens), surface, which === 'tokens' ? e : undefined);
    match(d.words, pw, words);
    match(d.sentences, ps, sents, which === 'sentences' ? e : undefined);
    if (e) errDocs.push({ text: d.text, ...e });
    chars += d.text.length; tokenCount += tokens.count;
  }

  // Speed: tokenise + split every document, several rounds after a warm-up.
  const rounds = train ? 3 : 20;
  for (const d of docs.slice(0, 50)) splitSentences(d.text, tokenize(d.text));
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const d of docs) { const p = findParagraphs(d.text); splitSentences(d.text, tokenize(d.text), p); }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const tokensPerSecond = (tokenCount * rounds) / seconds;

  const result = {
    set: train ? 'ewt-train' : 'ewt-dev', documents: docs.length, characters: chars, misalignedGoldTokens: misaligned,
    tokensSurface: { ...prf(surface), ...surface }, tokensWords: { ...prf(words), ...words }, sentences: { ...prf(sents), ...sents },
    tokensPerSecond: Math.round(tokensPerSecond), charsPerSecond: Math.round((chars * rounds) / seconds),
  };
  if (json) { process.stdout.write(JSON.stringify(result, null, 2) + '\n'); return; }
  const row = (name: string, s: { p: number; r: number; f1: number; gold: number }): string =>
    `${name.padEnd(22)} ${s.p.toFixed(4).padStart(9)} ${s.r.toFixed(4).padStart(9)} ${s.f1.toFixed(4).padStart(9)} ${String(s.gold).padStart(8)}`;
  const lines = [
    `UD English EWT ${train ? 'train' : 'dev'}: ${docs.length} documents, ${chars.toLocaleString('en-US')} characters${misaligned ? `, ${misaligned} gold tokens not aligned` : ''}`,
    `${'layer'.padEnd(22)} ${'P'.padStart(9)} ${'R'.padStart(9)} ${'F1'.padStart(9)} ${'gold'.padStart(8)}`,
    row('tokens (surface)', result.tokensSurface),
    row('tokens (words)', result.tokensWords),
    row('sentences', result.sentences),
    `speed: ${result.tokensPerSecond.toLocaleString('en-US')} tokens/s, ${result.charsPerSecond.toLocaleString('en-US')} chars/s (tokenize + paragraphs + sentences, one core)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (showErrors) {
    const show = (label: string, text: string, [s, e]: [number, number]): string =>
      `${label} ${JSON.stringify(text.slice(s, e))}  in  ${JSON.stringify(text.slice(Math.max(0, s - 30), e + 30))}`;
    let shown = 0;
    for (const d of errDocs) {
      for (const m of d.missed) { if (shown++ < showErrors) process.stdout.write(show('missed', d.text, m) + '\n'); }
      for (const x of d.extra) { if (shown++ < showErrors * 2) process.stdout.write(show('extra ', d.text, x) + '\n'); }
    }
  }
}
