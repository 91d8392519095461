// Builds models/gazetteer.tsv.gz from the CAMEO/Phoenix actor and agent dictionaries
// (../shared/data/cameo) plus first names seen in CoNLL-2003 and PolNeAR.
//   npm run build:gazetteer   (= node dist/src/train/build-gazetteer.js [dataDir] [outFile])
// The output is a small derived list (phrases and codes), never the data itself.
//
// Line format: KIND \t phrase (lower case, single spaces) \t info
//   L  place (country, capital, city, region)      info = country code
//   D  demonym / nationality adjective ('russian')  info = country code
//   O  organisation (IGO, NGO, armed group, state institution)  info = CAMEO code
//   P  person (leaders and officials)               info = country/IGO code
//   F  first name                                   info = m | f | '' (gender only with evidence)
//   R  role noun ('foreign minister', 'diplomat')   info = agent code

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { PROJECT_ROOT } from '../resources.js';

type Kind = 'L' | 'D' | 'O' | 'P' | 'F' | 'R';

const dataRoot = process.argv[2] ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
const outFile = process.argv[3] ?? path.join(PROJECT_ROOT, 'models', 'gazetteer.tsv.gz');
const cameo = path.join(dataRoot, 'cameo');

const entries = new Map<string, { kind: Kind; info: string }>();
// Priority when one phrase lands in two kinds: a place or organisation beats a person alias.
const RANK: Record<Kind, number> = { L: 5, O: 4, D: 6, P: 3, R: 2, F: 1 };
function add(kind: Kind, phrase: string, info: string): void {
  if (!phrase || phrase.length < 2 || phrase.length > 60) return;
  const key = `${kind === 'F' ? 'F' : kind === 'R' ? 'R' : 'N'}\t${phrase}`; // F and R live beside names
  const prev = entries.get(key);
  if (!prev || RANK[kind] > RANK[prev.kind]) entries.set(key, { kind, info });
}

/** CAMEO phrase 'RUSSIAN_FOREIGN_MINISTER_SERGEY_V._LAVROV_' → 'russian foreign minister sergey v. lavrov'. */
function norm(raw: string): string | null {
  let s = raw.replace(/#.*$/, '').replace(/\[.*$/, '').trim();
  if (!s || /[!{}<>=~()+*]/.test(s)) return null;
  s = s.replace(/_/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
  if (!/^[a-z]/.test(s) || /[^a-z .'\-]/.test(s)) return null;
  return s;
}

const ORG_WORDS = new Set(('army forces force ministry council party assembly court government police front movement ' +
  'organization organisation union committee commission agency bank office department service services brigade brigades ' +
  'group league association federation institute university company corporation news network parliament congress senate ' +
  'cabinet guard guards navy military command authority board fund alliance coalition society center centre school ' +
  'church mission programme program secretariat tribunal kremlin duma junta regime administration bureau council ' +
  'opposition rebels militia faction brotherhood jihad state republic people soldiers troops officials members leadership').split(' '));

function looksPerson(words: string[]): boolean {
  if (words.length < 2 || words.length > 5) return false;
  for (const w of words) if (ORG_WORDS.has(w) || w.length < 2 && !w.endsWith('.')) return false;
  return true;
}

/** Latest year any date range of an actor reaches (open ranges count as now). */
function lastYear(codeLines: string[]): number {
  let best = 0;
  for (const line of codeLines) {
    for (const m of line.matchAll(/\[([A-Z-]{3,})\s*([^\]]*)\]/g)) {
      const range = m[2].trim();
      if (!range || range.startsWith('>')) return 9999;
      const parts = range.replace('<', '').split('-');
      const d = parts[parts.length - 1];
      const y = d.length === 8 ? Number(d.slice(0, 4)) : d.length === 6 ? Number(d.slice(0, 2)) : NaN;
      const year = d.length === 6 ? (y <= 30 ? 2000 + y : 1900 + y) : y;
      if (Number.isFinite(year)) best = Math.max(best, year);
    }
  }
  return best;
}

const ROLE_START = new Set(('president prime minister foreign secretary general ambassador chairman premier acting deputy vice ' +
  'king queen prince sheikh emir sultan chief leader commander senator governor mayor judge justice lord sir dr. dr mr. mr ' +
  'former the of').split(' '));

interface Actor { names: string[]; codes: string[] }

function readActors(file: string): Actor[] {
  const actors: Actor[] = [];
  let cur: Actor | null = null;
  for (const rawLine of readFileSync(file, 'utf8').split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (!line.trim() || line.startsWith('#')) { cur = line.trim() ? cur : null; continue; }
    if (line.startsWith('\t') || line.startsWith(' ') || line.trim().startsWith('[')) { cur?.codes.push(line); continue; }
    if (line.startsWith('+')) { cur?.names.push(line.slice(1)); const c = line.match(/\[[^\]]*\]/g); if (c && cur) cur.codes.push(c.join(' ')); continue; }
    cur = { names: [line], codes: [] };
    const c = line.match(/\[[^\]]*\]/g);
    if (c) cur.codes.push(c.join(' '));
    actors.push(cur);
  }
  return actors;
}

const firstCode = (a: Actor): string => a.codes.join(' ').match(/\[([A-Z-]{3,})/)?.[1] ?? '';
const countryCode = (a: Actor): string => a.codes.join(' ').match(/\[([A-Z]{3})[\s\]]/)?.[1] ?? '';
const DEMONYM_SUFFIX = new Set(['n', 'an', 'ian', 'ean', 'ese', 'ish', 'i', 'ni', 'ns', 'ans', 'ians', 'eans', 'man', 'men', 'is']);
const DEMONYM_END = /(ian|ians|ean|ese|ish|ani|i|an|ans|man|woman|men|on|ic|ch)$/;

/** 'russian' of 'russia', 'ukrainian' of 'ukraine', 'azerbaijani' of 'azerbaijan': the place minus at most two final letters, plus a suffix. */
function demonymOf(place: string, word: string): boolean {
  if (place.length < 4 || word.length <= place.length - 1) return false;
  for (let cut = 0; cut <= 2; cut++) {
    const stem = place.slice(0, place.length - cut);
    if (stem.length >= 4 && word.startsWith(stem) && DEMONYM_SUFFIX.has(word.slice(stem.length))) return true;
  }
  return false;
}

// Countries: the block's first actor is the country (3-letter code); its synonyms are places or demonyms.
for (const a of readActors(path.join(cameo, 'Phoenix.Countries.actors.txt'))) {
  const code = firstCode(a);
  const names = a.names.map(norm).filter((s): s is string => s !== null);
  if (!names.length || !code) continue;
  if (/\[[A-Z]{3}[\s\]]/.test(a.codes.join(' '))) {
    const primary = names[0];
    for (const n of names) {
      const single = !n.includes(' ');
      const isDemonym = n !== primary && single && !n.endsWith('stan') && DEMONYM_END.test(n) &&
        names.some((o) => o !== n && !o.includes(' ') && demonymOf(o, n));
      add(isDemonym ? 'D' : 'L', n, countryCode(a));
    }
    continue;
  }
  if (lastYear(a.codes) < 2000) continue;
  const primaryWords = names[0].split(' ');
  const person = looksPerson(primaryWords) || a.codes.length > 0 && /\d/.test(a.codes.join(' ')) && primaryWords.length >= 2 && !primaryWords.some((w) => ORG_WORDS.has(w));
  for (const n of names) {
    const words = n.split(' ');
    if (person) {
      // Aliases with titles ('president putin') are not names; keep bare names and surnames.
      if (words.some((w) => ORG_WORDS.has(w) || ROLE_START.has(w))) continue;
      add('P', n, code.slice(0, 3));
    } else {
      add('O', n, code);
    }
  }
}

for (const file of ['Phoenix.International.actors.txt', 'Phoenix.MilNonState.actors.txt']) {
  for (const a of readActors(path.join(cameo, file))) {
    const code = firstCode(a);
    const names = a.names.map(norm).filter((s): s is string => s !== null);
    if (!names.length) continue;
    const person = looksPerson(names[0].split(' ')) && /\d/.test(a.codes.join(' ') + a.names[0]) ;
    if (person && lastYear(a.codes) < 1990) continue;
    for (const n of names) {
      const words = n.split(' ');
      if (person) { if (!words.some((w) => ORG_WORDS.has(w) || ROLE_START.has(w))) add('P', n, code.slice(0, 6)); }
      else add('O', n.replace(/^the /, ''), code);
    }
  }
}

// Agents: role nouns usable as descriptors ('foreign minister', 'diplomat', 'spokesman').
{
  const macros = new Map<string, string[]>();
  for (const line of readFileSync(path.join(cameo, 'Phoenix.agents.txt'), 'utf8').split('\n')) {
    const m = line.match(/^(![A-Z]+!)\s*=\s*(.*)$/);
    if (m) { macros.set(m[1], m[2].split(',').map((s) => s.trim())); continue; }
    const r = line.match(/^([A-Z_!'.-]+)\s*(?:\{[^}]*\})?\s*\[~([A-Z]+)\]/);
    if (!r) continue;
    const forms: string[] = [];
    const mac = r[1].match(/![A-Z]+!/);
    if (mac && macros.has(mac[0])) for (const f of macros.get(mac[0])!) forms.push(r[1].replace(mac[0], f));
    else if (!mac) forms.push(r[1]);
    for (const f of forms) { const n = norm(f); if (n) add('R', n, r[2]); }
  }
}

// First names: the first word of multi-word person names in CoNLL-2003 and the Phoenix persons.
// Gender comes only from evidence in running text: 'Mr. First Last' / 'Mrs. First' and the
// first he/she pronoun after 'First Last' in PolNeAR articles, kept when clearly one-sided.
const placeOrOrgFirst = new Set<string>();
for (const [key, v] of entries) if (v.kind === 'L' || v.kind === 'O' || v.kind === 'D') placeOrOrgFirst.add(key.split('\t')[1].split(' ')[0]);
const firstCount = new Map<string, number>();
const phoenixFirst = new Map<string, number>();
{
  const conll = path.join(dataRoot, 'conll2003', 'eng.train');
  if (existsSync(conll)) {
    let run: string[] = [];
    const flush = (): void => {
      if (run.length >= 2 && /^[A-Z][a-z]+$/.test(run[0])) firstCount.set(run[0].toLowerCase(), (firstCount.get(run[0].toLowerCase()) ?? 0) + 1);
      run = [];
    };
    for (const line of readFileSync(conll, 'utf8').split('\n')) {
      const cols = line.split(' ');
      if (cols.length >= 4 && cols[3].endsWith('PER')) { if (cols[3].startsWith('B-')) flush(); run.push(cols[0]); }
      else flush();
    }
    flush();
  }
  for (const [key, v] of entries) {
    if (v.kind !== 'P') continue;
    const words = key.split('\t')[1].split(' ');
    if (words.length >= 2 && /^[a-z]{3,}$/.test(words[0]) && !ROLE_START.has(words[0])) {
      firstCount.set(words[0], (firstCount.get(words[0]) ?? 0) + 1);
      phoenixFirst.set(words[0], (phoenixFirst.get(words[0]) ?? 0) + 1);
    }
  }
}
const male = new Map<string, number>(), female = new Map<string, number>();
// Words written in lower case more often than capitalised mid-sentence are ordinary words ('white', 'national').
const lowerSeen = new Map<string, number>(), capSeen = new Map<string, number>();
{
  const polnear = path.join(dataRoot, 'polnear', 'train.jsonl');
  if (existsSync(polnear)) {
    const bump = (m: Map<string, number>, k: string, n = 1): void => { m.set(k, (m.get(k) ?? 0) + n); };
    for (const line of readFileSync(polnear, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const text: string = JSON.parse(line).text ?? '';
      for (const m of text.matchAll(/\b[a-z]{3,}\b/g)) if (firstCount.has(m[0])) bump(lowerSeen, m[0]);
      for (const m of text.matchAll(/[a-z,] ([A-Z][a-z]{2,})\b/g)) { const k = m[1].toLowerCase(); if (firstCount.has(k)) bump(capSeen, k); }
      for (const m of text.matchAll(/\b(Mr|Mrs|Ms)\. ([A-Z][a-z]+) [A-Z][a-z]+/g)) bump(m[1] === 'Mr' ? male : female, m[2].toLowerCase(), 3);
      // A he/she/his/her soon after 'First Last', with no other capitalised word between, mostly refers to that person.
      for (const m of text.matchAll(/\b([A-Z][a-z]{2,}) [A-Z][a-z]+\b[^A-Z"“”.;]{0,80}?\b(he|his|him|she|her)\b/g)) {
        if (!firstCount.has(m[1].toLowerCase())) continue;
        bump(m[2] === 'he' || m[2] === 'his' || m[2] === 'him' ? male : female, m[1].toLowerCase());
      }
    }
  }
}
for (const [name, n] of firstCount) {
  if (n < 1) continue;
  // 'georgia', 'jordan' stay places unless the name is well attested as a first name ('vladimir').
  if (n < 3 && entries.has(`N\t${name}`) && entries.get(`N\t${name}`)!.kind !== 'P') continue;
  const conllOnly = n - (phoenixFirst.get(name) ?? 0);
  if (placeOrOrgFirst.has(name) && conllOnly < 3) continue; // 'united states', 'white house', 'west bank'
  if ((lowerSeen.get(name) ?? 0) > (capSeen.get(name) ?? 0) && conllOnly < 3) continue;
  if ((lowerSeen.get(name) ?? 0) > 3 * (capSeen.get(name) ?? 0) + 3) continue;
  const m = male.get(name) ?? 0, f = female.get(name) ?? 0;
  const gender = m >= 4 && m >= 3 * f ? 'm' : f >= 4 && f >= 3 * m ? 'f' : '';
  add('F', name, gender);
}

const lines: string[] = [];
for (const [key, v] of entries) lines.push(`${v.kind}\t${key.split('\t')[1]}\t${v.info}`);
lines.sort();
const body = `# dossier gazetteer: built by src/train/build-gazetteer.ts from CAMEO/Phoenix, CoNLL-2003 and PolNeAR (derived phrases only)\n${lines.join('\n')}\n`;
const gz = gzipSync(Buffer.from(body, 'utf8'), { level: 9 });
writeFileSync(outFile, gz);
const counts: Record<string, number> = {};
for (const v of entries.values()) counts[v.kind] = (counts[v.kind] ?? 0) + 1;
console.log(`wrote ${outFile}: ${lines.length} entries ${JSON.stringify(counts)}, ${body.length} bytes raw, ${gz.length} gzipped`);
