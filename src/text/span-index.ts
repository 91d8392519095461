// Which of many character spans hold an offset, without looking at all of them. Stages that ask this
// once per trigger, figure or source ("the attribution whose content holds this word") cost the
// product of the two counts when they scan: nothing in a news report, minutes in a document of a
// few megabytes. The text is cut into blocks and each span is listed in every block it touches, so a
// question reads one block's list. Lists keep the order spans were added in, so "the first span that
// holds it" is the same answer a scan in that order gives.

import type { Span } from '../contract.js';

/** Characters per block: most spans (a cue, a content piece, a sentence) touch one to a few blocks. */
const BLOCK = 256;

/** The last block [start, end) touches; an empty span is listed in the block of its offset. */
const lastBlock = (start: number, end: number): number => Math.floor((Math.max(start + 1, end) - 1) / BLOCK);

export class SpanIndex {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly blocks = new Map<number, number[]>();

  /** Adds [start, end) and returns its number (0, 1, … in the order of adding). An empty span holds no offset. */
  add(start: number, end: number): number {
    const id = this.starts.length;
    this.starts.push(start);
    this.ends.push(end);
    for (let b = Math.floor(start / BLOCK), last = lastBlock(start, end); b <= last; b++) {
      const list = this.blocks.get(b);
      if (list) list.push(id);
      else this.blocks.set(b, [id]);
    }
    return id;
  }

  get size(): number { return this.starts.length; }
  start(id: number): number { return this.starts[id]; }
  end(id: number): number { return this.ends[id]; }

  /** Whether some span and [start, end) overlap as `start < spanEnd && spanStart < end` says (what a scan would test). */
  overlaps(start: number, end: number): boolean {
    for (let b = Math.floor(start / BLOCK), last = lastBlock(start, end); b <= last; b++) {
      const list = this.blocks.get(b);
      if (list) for (const id of list) if (start < this.ends[id] && this.starts[id] < end) return true;
    }
    return false;
  }

  /** Numbers of the spans that overlap [start, end) as `overlaps` tests it, ascending (each once). */
  overlapping(start: number, end: number): number[] {
    const out: number[] = [];
    for (let b = Math.floor(start / BLOCK), last = lastBlock(start, end); b <= last; b++) {
      const list = this.blocks.get(b);
      if (list) for (const id of list) if (start < this.ends[id] && this.starts[id] < end) out.push(id);
    }
    if (lastBlock(start, end) === Math.floor(start / BLOCK)) return out;
    // a span over several blocks is listed in each: sort and keep one of each
    out.sort((x, y) => x - y);
    return out.filter((id, i) => i === 0 || out[i - 1] !== id);
  }

  /** Numbers of the spans with start <= at < end, in the order they were added. */
  holding(at: number): number[] {
    const list = this.blocks.get(Math.floor(at / BLOCK));
    if (!list) return [];
    const out: number[] = [];
    for (const id of list) if (this.starts[id] <= at && at < this.ends[id]) out.push(id);
    return out;
  }
}

/**
 * The content pieces of many records (attributions) by position: piece k of the index belongs to owner[k],
 * pieces added record by record in the order given.
 */
export function piecesByPosition<T extends { content: readonly Span[] }>(records: readonly T[]): { pieces: SpanIndex; owner: T[] } {
  const pieces = new SpanIndex(), owner: T[] = [];
  for (const r of records) for (const c of r.content) { pieces.add(c.start, c.end); owner.push(r); }
  return { pieces, owner };
}
