// STUB — replaced by the attribution work: cue lemmas with class and stance, from lexicons/cues.tsv.
export interface CueLexicon { size: number }
export function loadCueLexicon(_dir: string): CueLexicon { return { size: 0 }; }
