// STUB — replaced by the name-finder work: countries, capitals, IGOs, roles from the CAMEO/Phoenix dictionaries.
export interface Gazetteer { size: number }
export function loadGazetteer(_dir: string): Gazetteer { return { size: 0 }; }
