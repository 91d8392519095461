// Near-duplicates and wire copies: word 5-gram shingles → MinHash signature (128 seeded hashes) →
// LSH banding (42 bands × 3 rows) for candidate look-up → estimated Jaccard ≥ DUP_THRESHOLD joins
// the candidate's dup group.
//
// Why these numbers (measured on the 34 Wikinews reports; test/story/duplicates.test.ts keeps checking the margins):
// - distinct reports on the same war share almost no 5-word shingles: the highest pairwise Jaccard
//   of the 561 pairs is 0.009;
// - a copy with a new headline and one sentence added keeps 0.56–0.97 (median 0.78) of the union —
//   short reports (100–250 words) fall lowest, because every changed sentence costs 5+ shingles of few;
//   a copy with its last paragraph cut keeps 0.66–0.99; headline + last paragraph + wire trailer 0.27–0.94.
// - so the suggested 0.8 would miss about half of the headline+sentence copies; 0.5 catches
//   all of them and stays 50× above the distinct-report ceiling (heavier rewrites are, honestly, new reports).
// - 42×3 bands: a pair at J = 0.5 becomes a candidate with probability 1 − (1 − 0.5³)⁴² ≈ 0.996,
//   at J = 0.1 only ≈ 0.04, so look-ups stay cheap and no copy above the threshold is missed.

export const NUM_HASHES = 128;
export const BANDS = 42;
export const ROWS = 3;
export const SHINGLE_WORDS = 5;
export const DUP_THRESHOLD = 0.5;

function fmix32(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = (() => {
  const s = new Uint32Array(NUM_HASHES);
  for (let i = 0; i < NUM_HASHES; i++) s[i] = fmix32((i + 1) * 0x9e3779b1);
  return s;
})();

function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000);
}

/** FNV-1a hashes of the lower-cased words of a text (letters and digits; punctuation separates). */
export function wordHashes(text: string): Uint32Array {
  const out: number[] = [];
  let h = 0x811c9dc5, inWord = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    if (isWordChar(c)) {
      const lc = c >= 0x41 && c <= 0x5a ? c + 32 : c;
      h = Math.imul(h ^ lc, 0x01000193);
      inWord = true;
    } else if (c === 0x27 || c === 0x2019) {
      continue; // Russia's = Russias: apostrophes vary between copies
    } else if (inWord) {
      out.push(h >>> 0);
      h = 0x811c9dc5; inWord = false;
    }
  }
  return Uint32Array.from(out);
}

/** Hashes of the word n-grams, repeats included (a text shorter than n words is one shingle). */
function shingleHashes(text: string, n: number): Uint32Array {
  const w = wordHashes(text);
  if (w.length === 0) return new Uint32Array(0);
  const count = Math.max(1, w.length - n + 1);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x2545f491;
    for (let k = 0; k < n && i + k < w.length; k++) h = fmix32(Math.imul(h, 31) ^ w[i + k]);
    out[i] = h;
  }
  return out;
}

/** Distinct hashes of the word n-grams (a text shorter than n words is one shingle). */
export function shingles(text: string, n = SHINGLE_WORDS): Uint32Array {
  return Uint32Array.from(new Set(shingleHashes(text, n)));
}

const SEEDS_SIGNED = new Int32Array(SEEDS.buffer);

/** MinHash signature of a shingle set (repeats change nothing): for each seed, the least mixed hash. */
export function minhash(sh: Uint32Array): Uint32Array {
  // seed by seed with the running least in a register; values stay int32, compared with the sign bit
  // flipped (the order of the uint32s), which keeps V8 off doubles: 1.4× faster than shingle by shingle
  const xs = new Int32Array(sh.buffer, sh.byteOffset, sh.length);
  const n = xs.length;
  const sig = new Uint32Array(NUM_HASHES);
  for (let i = 0; i < NUM_HASHES; i++) {
    const seed = SEEDS_SIGNED[i];
    let least = 0x7fffffff; // 0xffffffff, sign-flipped
    for (let j = 0; j < n; j++) {
      let h = xs[j] ^ seed;
      h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
      h = (h ^ (h >>> 16)) ^ 0x80000000;
      if (h < least) least = h;
    }
    sig[i] = least ^ 0x80000000;
  }
  return sig;
}

export function signatureOf(text: string): Uint32Array {
  // the minimum over every shingle is the minimum over the distinct ones: no set needed
  return minhash(shingleHashes(text, SHINGLE_WORDS));
}

/** Share of equal positions: an unbiased estimate of the shingle sets' Jaccard similarity. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] === b[i]) same++;
  return same / NUM_HASHES;
}

/** Exact Jaccard of two shingle sets (for tuning and tests). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  const sa = new Set(a);
  let inter = 0;
  for (const x of b) if (sa.has(x)) inter++;
  return inter / (sa.size + b.length - inter || 1);
}

/** LSH band keys: articles sharing any key are candidates. */
export function bandKeys(sig: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x9747b28c ^ b;
    for (let r = 0; r < ROWS; r++) h = fmix32(Math.imul(h, 31) ^ sig[b * ROWS + r]);
    out.push(`${b}:${(h >>> 0).toString(36)}`);
  }
  return out;
}
