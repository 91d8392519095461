// Small hand-made analyses for the story tests: entities and attributions are given as text and
// found by position, so every span round-trips by construction.
import type { Analysis, Attribution, Entity, EntityType, Stance } from '../../src/contract.js';

export interface EntitySpec { type: EntityType; name: string; mentions?: string[]; descriptors?: string[] }
export interface AttributionSpec { source: string | null; speaker?: number | null; cue: string; lemma?: string; content: string; stance?: Stance }

function find(text: string, needle: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`"${needle}" is not in the test text`);
  return { start, end: start + needle.length };
}

export function makeAnalysis(text: string, entities: EntitySpec[], attributions: AttributionSpec[] = [], published = '2022-03-28'): Analysis {
  const ents: Entity[] = entities.map((e, i) => {
    const mentions = [];
    let from = 0;
    for (const m of e.mentions ?? [e.name]) {
      // every occurrence of each mention text
      for (let at = text.indexOf(m, 0); at >= 0; at = text.indexOf(m, at + 1)) mentions.push({ start: at, end: at + m.length });
      from = 0;
    }
    void from;
    return { id: `e${i + 1}`, type: e.type, name: e.name, descriptors: e.descriptors ?? [], mentions };
  });
  const atts: Attribution[] = attributions.map((a, i) => {
    const cue = find(text, a.cue);
    const content = find(text, a.content);
    const source = a.source ? { ...find(text, a.source), entity: a.speaker != null ? `e${a.speaker + 1}` : null } : null;
    return { id: `a${i + 1}`, kind: 'indirect', source, cue: { ...cue, lemma: a.lemma ?? text.slice(cue.start, cue.end) }, content: [content], stance: a.stance ?? 'neutral' };
  });
  const sentences = [];
  let s = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || (text[i] === '.' && (i + 1 === text.length || text[i + 1] === ' ' || text[i + 1] === '\n'))) {
      let st = s; while (st < i && /\s/.test(text[st])) st++;
      const end = i < text.length ? i + 1 : i;
      if (end > st) sentences.push({ start: st, end });
      s = i + 1;
    }
  }
  return { schema: 'dossier/analysis@1', id: null, published, text, sentences, entities: ents, attributions: atts, figures: [], times: [], events: [] };
}
