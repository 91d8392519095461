// A one-line progress bar on stderr for long runs: done/total, rate, ETA and the counts that matter.
// Drawn only on a terminal, at most a few times a second, so it never costs the run anything; when
// stderr is a pipe or a file nothing is drawn and the summary at the end says it all.

export interface ProgressCounts {
  done: number;
  /** Items known so far; grows while inputs are still being read (feeds, folders). */
  total: number;
  ingested: number;
  duplicates: number;
  failed: number;
}

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Seconds as 1:05:09, 4:09 or 9 s — short enough for one line. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}

/** The text of one progress line (no colours, no carriage return), fitted to `width` columns. */
export function progressLine(c: ProgressCounts, elapsedSeconds: number, width = 80): string {
  const rate = elapsedSeconds > 0 ? c.done / elapsedSeconds : 0;
  const left = c.total - c.done;
  const eta = rate > 0 && left > 0 ? formatDuration(left / rate) : left <= 0 ? '0 s' : '?';
  const pct = c.total > 0 ? Math.min(100, Math.floor((100 * c.done) / c.total)) : 0;
  const stats = ` ${c.done}/${c.total} ${pct}% · ${rate.toFixed(rate < 10 ? 1 : 0)}/s · ETA ${eta} · new ${c.ingested} dup ${c.duplicates} failed ${c.failed}`;
  const barWidth = Math.max(0, Math.min(30, width - stats.length - 3));
  if (barWidth < 5) return stats.trim().slice(0, Math.max(0, width - 1));
  const filled = c.total > 0 ? Math.round((barWidth * Math.min(c.done, c.total)) / c.total) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${stats}`.slice(0, Math.max(0, width - 1));
}

export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;
  readonly enabled: boolean;

  constructor(private readonly stream: ProgressStream, options: { enabled?: boolean; intervalMs?: number } = {}) {
    this.enabled = options.enabled ?? stream.isTTY === true;
    this.intervalMs = options.intervalMs ?? 200;
  }

  private readonly intervalMs: number;

  /** Redraws when enough time has passed since the last draw (or when `force`). */
  update(counts: ProgressCounts, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    const width = this.stream.columns && this.stream.columns > 20 ? this.stream.columns : 80;
    this.stream.write(`\r${progressLine(counts, (now - this.started) / 1000, width)}\x1b[K`);
    this.drawn = true;
  }

  /** Removes the bar so the next line starts clean. */
  clear(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write('\r\x1b[K');
    this.drawn = false;
  }

  get elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}
