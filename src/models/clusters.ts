// Word clusters learned by the project from unlabelled text (src/train/build-clusters.ts):
// models/clusters.tsv.gz maps a lower-cased word to a bit-string path in a binary hierarchy, so
// prefixes of the path are coarser and coarser word classes. Models use the hashed prefixes as
// features; a word the clusters never saw simply has none.

import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { hashString } from './perceptron.js';

/** Path-prefix lengths used as features (Ratinov & Roth 2009 use 4/6/10/20). */
export const CLUSTER_PREFIXES = [4, 6, 10, 20] as const;

export interface Clusters {
  /** Number of words with a path. */
  size: number;
  /** Word (lower case) → index into `prefixHashes` (row of CLUSTER_PREFIXES.length hashes). */
  index: Map<string, number>;
  /** Row-major hashes of each word's path prefixes; a prefix longer than the path is the whole path. */
  prefixHashes: Uint32Array;
  /** The full bit-string paths, by index (for cards and debugging). */
  paths: string[];
  /**
   * Flat exchange-algorithm classes (models/clusters.classes.tsv.gz) at CLASS_GRANULARITIES, hashed,
   * row-aligned with `prefixHashes` (0 where a word has none); null without the file.
   */
  classHashes?: Uint32Array | null;
}

/** Columns of models/clusters.classes.tsv.gz: numbers of classes, coarse to fine. */
export const CLASS_GRANULARITIES = [64, 256, 1024] as const;

/** Builds the lookup from word → path pairs (also used by tests and by the builder's self-check). */
export function makeClusters(entries: Iterable<readonly [string, string]>): Clusters {
  const index = new Map<string, number>();
  const paths: string[] = [];
  for (const [word, p] of entries) {
    if (index.has(word)) continue;
    index.set(word, paths.length);
    paths.push(p);
  }
  const K = CLUSTER_PREFIXES.length;
  const prefixHashes = new Uint32Array(paths.length * K);
  for (let i = 0; i < paths.length; i++) {
    for (let k = 0; k < K; k++) {
      // The prefix length is folded into the hash so '0101' as a 4-prefix and as a whole short path differ only when they should.
      prefixHashes[i * K + k] = hashString(paths[i].slice(0, CLUSTER_PREFIXES[k]), 0x2545f491 + k);
    }
  }
  return { size: paths.length, index, prefixHashes, paths };
}

/** The row of prefix hashes for a lower-cased word, or -1 when it has no cluster. */
export function clusterOf(c: Clusters, lowerWord: string): number {
  const i = c.index.get(lowerWord);
  return i === undefined ? -1 : i;
}

/** Loads models/clusters.tsv.gz from `dir`; null when the file is missing (features then go without clusters). */
export function loadClusters(dir: string): Clusters | null {
  const file = path.join(dir, 'clusters.tsv.gz');
  if (!existsSync(file)) return null;
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const entries: [string, string][] = [];
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    if (text.charCodeAt(pos) !== 35 /* # */) {
      const tab = text.indexOf('\t', pos);
      if (tab > pos && tab < nl) entries.push([text.slice(pos, tab), text.slice(tab + 1, nl)]);
    }
    pos = nl + 1;
  }
  const clusters = makeClusters(entries);
  const classFile = path.join(dir, 'clusters.classes.tsv.gz');
  if (existsSync(classFile)) {
    const K = CLASS_GRANULARITIES.length;
    const hashes = new Uint32Array(clusters.size * K);
    for (const line of gunzipSync(readFileSync(classFile)).toString('utf8').split('\n')) {
      if (!line || line.charCodeAt(0) === 35) continue;
      const cols = line.split('\t');
      const row = clusters.index.get(cols[0]);
      if (row === undefined || cols.length < K + 1) continue;
      for (let k = 0; k < K; k++) hashes[row * K + k] = hashString(cols[k + 1], 0x3c6ef372 + k);
    }
    clusters.classHashes = hashes;
  }
  return clusters;
}
