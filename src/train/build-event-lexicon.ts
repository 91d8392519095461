// Builds lexicons/event-verbs.tsv and lexicons/event-codes.tsv from the PETRARCH2 CAMEO verb
// dictionary (../shared/data/cameo/CAMEO.2.0.txt, MIT, Open Event Data Alliance) and the CAMEO code
// list (cameo-codes.csv). Run: `npx tsc -p . && node dist/src/train/build-event-lexicon.js [dataRoot]`.
//
// The dictionary is written for a parser-driven coder and is noisy for a token-window coder: its
// ATTACK group also holds MATCH, HIT and STRUGGLE, its MEET group FACE and BRAVE. So the verbs are
// chosen here by hand, group by group (KEEP), and everything else is taken from the file: the verb
// forms (irregular ones from its {…} lists, regular ones generated as PETRARCH does), each verb's
// code (its own [code], else its group's), and the group's "- * OBJECT [code]" patterns, which let an
// object noun refine the code ("reject talks" → 125, "impose sanctions" → 163). Only codes in the
// families Dossier codes are kept (FAMILIES). Where the file's code is wrong for news use, OVERRIDE
// says so with a reason.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dataRoot = process.argv[2] ?? path.resolve(ROOT, '..', 'shared', 'data');
const CAMEO_DIR = path.join(dataRoot, 'cameo');

/** Code prefixes Dossier codes: intent to meet, consult, demand, accuse, reject/deny, sanctions, violence. */
const FAMILIES = ['016', '036', '04', '10', '112', '12', '163', '18', '19', '20'];
const inFamily = (code: string): boolean => FAMILIES.some((f) => code.startsWith(f));

/** Group → verbs kept from it (as the file spells them, '_' joining words). */
const KEEP: Record<string, string[]> = {
  MEET_PEOPLE: ['MEET', 'MEET_WITH'],
  CONFER: ['CONSULT'],
  VISIT: ['VISIT'],
  HOST: ['HOST'],
  COMPROMISE: ['NEGOTIATE'],
  DEMAND: ['DEMAND'],
  BLAME: ['ACCUSE', 'BLAME'],
  REFUSE: ['REJECT', 'REFUSE', 'DENY', 'DECLINE', 'RULE_OUT'],
  DESPATCH: ['DISMISS'],
  REBUFF: ['REBUFF'],
  PROHIBIT: ['VETO'],
  IMPOSE: ['IMPOSE', 'REIMPOSE', 'LEVY'],
  EXCLUDE: ['BOYCOTT', 'EMBARGO'],
  KILL: ['KILL', 'MURDER', 'SLAY', 'SHOOT_DOWN'],
  PHYSICAL_CONFLICT: ['ATTACK', 'ASSAULT'],
  EXPLOSIVE_DESTRUCTION: ['BOMB', 'BOMBARD'],
  GUNFIRE: ['SHELL'],
  AMBUSH: ['AMBUSH'],
  BESIEGE: ['BESIEGE'],
  INVADE: ['INVADE'],
  MASSACRE: ['MASSACRE'],
  ASSASSINATE: ['ASSASSINATE'],
  KIDNAP: ['KIDNAP', 'ABDUCT'],
  TORTURE: ['TORTURE'],
};

/** Verb → code where the file's own code does not fit what the verb reports in news (reason given). */
const OVERRIDE: Record<string, [code: string, why: string]> = {
  NEGOTIATE: ['046', 'filed under COMPROMISE [080 yield]; negotiating is 046 in the CAMEO codebook'],
  REJECT: ['120', 'REFUSE group has no default code; bare rejection is 120'],
  REFUSE: ['120', 'as REJECT'],
  DENY: ['120', 'as REJECT; "deny accusations" still gets 016 from the group patterns'],
  DECLINE: ['120', 'as REJECT'],
  RULE_OUT: ['120', 'as REJECT'],
  DISMISS: ['120', 'filed under DESPATCH [110 disapprove]; dismissing a claim or offer is a rejection'],
  REBUFF: ['120', 'filed under [110]; rebuffing an offer is a rejection'],
  VETO: ['129', 'filed under PROHIBIT [172]; the codebook has 129 Veto'],
  EMBARGO: ['163', 'filed under EXCLUDE [170]; an embargo is 163'],
  SHELL: ['194', 'filed under GUNFIRE [190]; shelling is artillery, 194'],
  IMPOSE: ['', 'a bare "impose" is no event: only its patterns (sanctions → 163) code'],
  REIMPOSE: ['', 'as IMPOSE'],
  LEVY: ['', 'as IMPOSE'],
};

interface Verb { word: string; group: string; code: string; forms: string[] }
interface Pattern { group: string; object: string; code: string }

const VOWEL = /[AEIOU]/;

/** Regular forms the way PETRARCH generates them (S/ES, ED/D, ING with a dropped E). */
function regularForms(word: string): string[] {
  const w = word;
  const out = new Set([w]);
  if (/(S|SH|CH|X|Z)$/.test(w)) out.add(`${w}ES`);
  else if (/[^AEIOU]Y$/.test(w)) out.add(`${w.slice(0, -1)}IES`);
  else out.add(`${w}S`);
  if (w.endsWith('E')) { out.add(`${w}D`); out.add(`${w.slice(0, -1)}ING`); }
  else if (/[^AEIOU]Y$/.test(w)) { out.add(`${w.slice(0, -1)}IED`); out.add(`${w}ING`); }
  else {
    out.add(`${w}ED`); out.add(`${w}ING`);
    // One short final syllable doubles its consonant (STAB → STABBED); both spellings kept, harmless.
    const n = w.length;
    if (n >= 3 && !VOWEL.test(w[n - 1]) && VOWEL.test(w[n - 2]) && !VOWEL.test(w[n - 3]) && !/[WXY]$/.test(w)) {
      out.add(`${w}${w[n - 1]}ED`); out.add(`${w}${w[n - 1]}ING`);
    }
  }
  return [...out];
}

function read(): { verbs: Verb[]; patterns: Pattern[]; synsets: Map<string, string[]> } {
  const raw = readFileSync(path.join(CAMEO_DIR, 'CAMEO.2.0.txt'), 'latin1');
  const synsets = new Map<string, string[]>();
  const verbs: Verb[] = [];
  const patterns: Pattern[] = [];
  let section: 'synonyms' | 'verbs' | 'other' = 'other';
  let synset: string | null = null;
  let group: string | null = null;
  let groupCode = '---';
  for (const line0 of raw.split('\n')) {
    const line = line0.replace(/#.*$/, '').trimEnd();
    if (line0.startsWith('####### SYNONYM')) { section = 'synonyms'; continue; }
    if (line0.startsWith('####### VERB')) { section = 'verbs'; continue; }
    if (line0.startsWith('########')) { section = 'other'; continue; }
    if (!line.trim()) continue;
    if (section === 'synonyms') {
      if (line.startsWith('&')) { synset = line.trim(); synsets.set(synset, []); }
      else if (synset && line.startsWith('+')) synsets.get(synset)!.push(line.slice(1).trim().replace(/_$/, ''));
      continue;
    }
    if (section !== 'verbs') continue;
    const header = /^---\s+(\S+)\s+\[([^\]]*)\]/.exec(line);
    if (header) { group = header[1]; groupCode = header[2].split(':')[0]; continue; }
    if (!group) continue;
    if (line.startsWith('-')) {
      // "- * OBJECT [code]": an object right after the verb; pre-verb and "$ +" patterns need a parse.
      const m = /^-\s*\*\s+(.+?)\s*\[([^\]]*)\]/.exec(line);
      if (!m) continue;
      const code = m[2].split(':')[0];
      if (!code || code === '---' || !inFamily(code)) continue;
      const object = m[1].replace(/[{}()]/g, ' ').replace(/\s+/g, ' ').trim();
      if (/[$+^%/]/.test(object)) continue;
      // A lone preposition ("consult * WITH [046]") says nothing about the object: left out.
      if (/^(WITH|BETWEEN|AT|TO|ON|IN|BY|FOR|OF|AGAINST|OVER|FROM|SINCE)$/.test(object)) continue;
      patterns.push({ group, object, code });
      continue;
    }
    const m = /^\+?([A-Z][A-Z_'-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?/.exec(line.trim());
    if (!m) continue;
    const word = m[1];
    const own = m[3] ? m[3].slice(1, -1).split(':')[0] : '';
    const irregular = m[2] ? m[2].slice(1, -1).trim().split(/\s+/).filter(Boolean).map((f) => f.replace(/^\+/, '')) : [];
    let forms: string[];
    if (word.includes('_')) {
      // Multi-word verbs: inflect the first word, keep the rest (RULE_OUT → RULED_OUT, RULING_OUT).
      const [head, ...rest] = word.split('_');
      forms = [...new Set([...regularForms(head).map((h) => [h, ...rest].join('_')), ...irregular])];
    } else {
      forms = [...new Set([...regularForms(word), ...irregular])];
    }
    verbs.push({ word, group, code: own && own !== '---' ? own : groupCode, forms });
  }
  return { verbs, patterns, synsets };
}

/** Expands the &SYNSET word of a pattern object into each member. Patterns with two synsets are
 * left out: their cross products ("with battle misdemeanour") are not phrases anyone writes. */
function expand(object: string, synsets: Map<string, string[]>): string[] {
  if ((object.match(/&/g) ?? []).length > 1) return [];
  let out = [''];
  for (const w of object.split(' ')) {
    const alts = w.startsWith('&') ? synsets.get(w) ?? [] : [w];
    if (!alts.length) return [];
    const next: string[] = [];
    for (const o of out) for (const a of alts) next.push(o ? `${o} ${a}` : a);
    out = next.slice(0, 200);
  }
  return out.map((o) => o.replace(/_/g, ' ').toLowerCase());
}

function main(): void {
  const { verbs, patterns, synsets } = read();
  const rows: string[] = [];
  const keptGroups = new Set<string>();
  for (const [group, words] of Object.entries(KEEP)) {
    for (const word of words) {
      const v = verbs.find((x) => x.group === group && x.word === word);
      if (!v) throw new Error(`CAMEO.2.0.txt has no verb ${word} in group ${group}`);
      const code = OVERRIDE[word] ? OVERRIDE[word][0] : v.code;
      if (code && !inFamily(code)) throw new Error(`${word} codes ${code}, outside the families kept`);
      keptGroups.add(group);
      rows.push(['V', word.toLowerCase().replace(/_/g, ' '), group, code || '-', v.forms.map((f) => f.toLowerCase().replace(/_/g, ' ')).join(',')].join('\t'));
    }
  }
  const seen = new Set<string>();
  for (const p of patterns) {
    if (!keptGroups.has(p.group)) continue;
    for (const object of expand(p.object, synsets)) {
      const key = `${p.group}\t${object}`;
      if (seen.has(key)) continue; // the first pattern of a group wins, as in PETRARCH
      seen.add(key);
      rows.push(['P', object, p.group, p.code].join('\t'));
    }
  }
  const header = [
    '# Event verbs and verb+object patterns → CAMEO codes.',
    '# Derived by src/train/build-event-lexicon.ts from the PETRARCH2 CAMEO verb dictionary',
    '# (CAMEO.2.0.txt, © 2015 Open Event Data Alliance, MIT licence), verbs chosen by hand per group.',
    '# Overrides of the file\'s codes (with reasons) are listed in the build script.',
    '# V <verb> <group> <code|-> <forms,…>    (code - = codes only through a pattern)',
    '# P <object words> <group> <code>         (object right after a verb of the group)',
  ];
  writeFileSync(path.join(ROOT, 'lexicons', 'event-verbs.tsv'), `${header.join('\n')}\n${rows.join('\n')}\n`);

  const csv = readFileSync(path.join(CAMEO_DIR, 'cameo-codes.csv'), 'utf8').split('\n').slice(1);
  const codes: string[] = [];
  for (const line of csv) {
    const m = /^"\d+",\d+,"([^"]*)","(\d+)"/.exec(line);
    if (m) codes.push(`${m[2]}\t${m[1]}`);
  }
  writeFileSync(path.join(ROOT, 'lexicons', 'event-codes.tsv'),
    `# CAMEO event codes and names, from cameo-codes.csv (CAMEO codebook, Schrodt et al.; shipped with PETRARCH2, MIT).\n# Built by src/train/build-event-lexicon.ts.\n${codes.join('\n')}\n`);
  console.log(`${rows.length} verb/pattern rows, ${codes.length} codes → lexicons/event-verbs.tsv, lexicons/event-codes.tsv`);
}

main();
