// `npm run train -- name-gender`: builds models/first-name-gender.tsv, the gender of first names for
// pronoun agreement ('she' is not Jon Tester), from running text in PolNeAR train. The gazetteer gives
// a gender to 23 names only; this list fills the rest of its first names where the text agrees.
// Evidence per article (only the first-name/gender pairs are stored, never text):
//   'Mr./Mrs./Ms. First Last' (3 votes);
//   'First Last' and later 'Mr. Last' / 'Ms. Last' / 'Mrs. Last' in the same article (3 votes: the
//   newspapers that write honorifics name a person in full first);
//   'First Last' then he or she within the sentence (his/her are too often someone else's), no capitalised word between (1 vote).
// A name gets a gender with at least 2 votes and 3 times as many for it as against it.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { DossierError } from '../errors.js';
import { loadGazetteer } from '../models/gazetteer.js';
import { MODEL_DIR, PROJECT_ROOT } from '../resources.js';

export const NAME_GENDER_FILE = 'first-name-gender.tsv';

export async function run(args: string[]): Promise<void> {
  const file = path.resolve(args[0] ?? path.join(PROJECT_ROOT, '..', 'shared', 'data', 'polnear', 'train.jsonl'));
  const out = path.resolve(args[1] ?? path.join(MODEL_DIR, NAME_GENDER_FILE));
  if (!existsSync(file)) throw new DossierError('DOSSIER_DATA_MISSING', `PolNeAR train ${file} could not be read.`);
  const g = loadGazetteer(MODEL_DIR);
  const male = new Map<string, number>(), female = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, n: number): void => { m.set(k, (m.get(k) ?? 0) + n); };
  let articles = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    articles++;
    const text: string = JSON.parse(line).text ?? '';
    const honorific = new Map<string, 'm' | 'f'>();
    for (const m of text.matchAll(/\b(Mr|Mrs|Ms)\. ([A-Z][a-z]+)(?: ([A-Z][a-z]+))?/g)) {
      const gender = m[1] === 'Mr' ? 'm' : 'f';
      if (m[3]) { if (g.firstNames.has(m[2].toLowerCase())) bump(gender === 'm' ? male : female, m[2].toLowerCase(), 3); }
      else honorific.set(m[2], gender);
    }
    const seen = new Set<string>();
    for (const m of text.matchAll(/\b([A-Z][a-z]{2,}) ([A-Z][a-z]+)\b/g)) {
      const first = m[1].toLowerCase();
      if (!g.firstNames.has(first)) continue;
      const h = honorific.get(m[2]);
      if (h && !seen.has(`${first} ${m[2]}`)) { seen.add(`${first} ${m[2]}`); bump(h === 'm' ? male : female, first, 3); }
    }
    for (const m of text.matchAll(/\b([A-Z][a-z]{2,}) [A-Z][a-z]+\b[^A-Z"“”.;]{0,80}?\b(he|she)\b/g)) {
      const first = m[1].toLowerCase();
      if (!g.firstNames.has(first)) continue;
      bump(m[2] === 'she' ? female : male, first, 1);
    }
  }
  const rows: string[] = [];
  for (const name of [...g.firstNames.keys()].sort()) {
    if (g.names.has(name) || g.common.has(name)) continue; // 'chelsea', 'jordan': places and ordinary words take pronouns of other people
    const m = male.get(name) ?? 0, f = female.get(name) ?? 0;
    const gender = m >= 2 && m >= 3 * f ? 'm' : f >= 2 && f >= 3 * m ? 'f' : '';
    if (gender) rows.push(`${name}\t${gender}\t${m}\t${f}`);
  }
  writeFileSync(out, `# first name \t gender \t male votes \t female votes — built by src/train/build-name-gender.ts from PolNeAR train (${articles} articles); derived pairs only\n${rows.join('\n')}\n`);
  process.stdout.write(`${rows.length} first names with a gender (${rows.filter((r) => r.includes('\tf\t')).length} female) → ${path.relative(process.cwd(), out)}\n`);
}
