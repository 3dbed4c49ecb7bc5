import type { Progress } from '../pipeline/decode.js';

/** How progress is shown: a line updated in place, JSON lines, the summary alone, or nothing. */
export type ProgressMode = 'bar' | 'json' | 'summary' | 'quiet';

/** What the summary reports at the end. */
export interface Summary {
  readonly rows: number;
  /** The size of the file written (export) or read (import). */
  readonly bytes: number;
  /** Export: the file written. */
  readonly target: string;
  /** Import: the file read (`target` is then the collection), and the rows that failed. */
  readonly import?: { readonly source: string; readonly failed: number };
}

const count = new Intl.NumberFormat('en-US');

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/**
 * The progress display of one command on stderr. A terminal gets one line
 * rewritten in place (at most ten times a second); anything else gets no
 * control characters: JSON lines, or only the summary.
 */
export class ProgressDisplay {
  readonly #started = performance.now();
  #last = 0;
  #latest: Progress = { documents: 0, bytes: 0, batches: 0 };
  #drawn = false;

  constructor(
    private readonly out: { write(text: string): unknown; columns?: number },
    private readonly mode: ProgressMode,
    /** The documents expected, when the server could tell cheaply. */
    private readonly total: number | undefined,
  ) {}

  #elapsed(): number {
    return (performance.now() - this.#started) / 1000;
  }

  /** The progress line as a person reads it. */
  line(progress: Progress = this.#latest): string {
    const elapsed = this.#elapsed();
    const rate = elapsed > 0 ? progress.documents / elapsed : 0;
    const parts = [`${count.format(progress.documents)} docs`];
    if (this.total !== undefined && this.total > 0) {
      const share = Math.min(1, progress.documents / this.total);
      parts[0] = `${count.format(progress.documents)}/${count.format(this.total)} docs (${Math.floor(share * 100)}%)`;
    }
    parts.push(formatBytes(progress.bytes), `${count.format(Math.round(rate))} docs/s`, formatDuration(elapsed));
    if (this.total !== undefined && rate > 0 && progress.documents < this.total) {
      parts.push(`ETA ${formatDuration((this.total - progress.documents) / rate)}`);
    }
    return parts.join(' · ');
  }

  update(progress: Progress): void {
    this.#latest = progress;
    const now = performance.now();
    if (this.mode === 'bar') {
      if (now - this.#last < 100) return;
      this.#last = now;
      const text = this.line(progress);
      // \r and "erase line": the line is rewritten, never scrolled.
      this.out.write(`\r\x1b[2K${this.out.columns ? text.slice(0, this.out.columns - 1) : text}`);
      this.#drawn = true;
    } else if (this.mode === 'json') {
      if (now - this.#last < 1000) return;
      this.#last = now;
      this.out.write(`${JSON.stringify({ event: 'progress', ...this.#fields(progress) })}\n`);
    }
  }

  #fields(progress: Progress) {
    return {
      documents: progress.documents,
      bytes: progress.bytes,
      ...(this.total !== undefined && { total: this.total }),
      elapsedSeconds: Number(this.#elapsed().toFixed(3)),
    };
  }

  /** Clears the progress line (before an error message, say). */
  clear(): void {
    if (this.#drawn) this.out.write('\r\x1b[2K');
    this.#drawn = false;
  }

  /** The summary line: rows, file size, time, throughput. */
  finish(summary: Summary): void {
    this.clear();
    const elapsed = this.#elapsed();
    if (this.mode === 'quiet') return;
    if (this.mode === 'json') {
      this.out.write(
        `${JSON.stringify({ event: 'done', rows: summary.rows, fileBytes: summary.bytes, ...(summary.import && { failed: summary.import.failed }), ...this.#fields(this.#latest) })}\n`,
      );
      return;
    }
    const rate = elapsed > 0 ? Math.round(summary.rows / elapsed) : summary.rows;
    const time = `in ${elapsed.toFixed(1)} s, ${count.format(rate)} rows/s`;
    const done = summary.import;
    this.out.write(
      done
        ? `imported ${count.format(summary.rows - done.failed)} rows into ${summary.target} from ${done.source} (${formatBytes(summary.bytes)}) ${time}${done.failed > 0 ? `; ${count.format(done.failed)} failed` : ''}\n`
        : `exported ${count.format(summary.rows)} rows to ${summary.target} (${formatBytes(summary.bytes)}) ${time}\n`,
    );
  }
}
