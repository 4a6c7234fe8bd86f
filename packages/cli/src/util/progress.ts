/**
 * Progress reporting for the CLI: a redrawn one-line bar on a TTY, plain periodic lines otherwise
 * (CI logs, pipes), so output stays readable in both.
 */
export interface ProgressOptions {
  /** Label printed before the bar. */
  label: string;
  /** Total units of work, when known. */
  total?: number;
  /** What a unit is, printed after the count (`2/5 d`). */
  unit?: string;
  /** Stream to write to (default stderr). */
  stream?: NodeJS.WriteStream;
  /** Minimum milliseconds between plain-line updates (default 2000). */
  plainIntervalMs?: number;
}

export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly started = Date.now();
  private lastPlain = 0;
  private lastDraw = 0;
  private done = 0;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY) && process.env.CI !== 'true';
  }

  /** Updates the count of finished units and an optional status text (e.g. "loss 0.31 acc 0.98"). */
  update(done: number, status = ''): void {
    this.done = done;
    const now = Date.now();
    if (this.tty) {
      if (now - this.lastDraw < 80) return;
      this.lastDraw = now;
      this.stream.write(`\r\x1b[2K${this.render(status)}`);
    } else if (now - this.lastPlain >= (this.options.plainIntervalMs ?? 2000)) {
      this.lastPlain = now;
      this.stream.write(`${this.render(status)}\n`);
    }
  }

  /** Finishes the bar, printing a final line. */
  finish(status = ''): void {
    if (this.tty) this.stream.write(`\r\x1b[2K${this.render(status)}\n`);
    else this.stream.write(`${this.render(status)}\n`);
  }

  private render(status: string): string {
    const { label, total } = this.options;
    const elapsed = (Date.now() - this.started) / 1000;
    let bar = '';
    let eta = '';
    if (total !== undefined && total > 0) {
      const frac = Math.min(1, this.done / total);
      if (this.tty) {
        const width = 24;
        const filled = Math.round(frac * width);
        bar = ` [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      }
      bar += ` ${this.done}/${total}${this.options.unit ? ` ${this.options.unit}` : ''}`;
      if (this.done > 0 && frac < 1) eta = ` eta ${formatSeconds((elapsed / this.done) * (total - this.done))}`;
    } else {
      bar = ` ${this.done}`;
    }
    return `${label}${bar} ${formatSeconds(elapsed)}${eta}${status ? ` ${status}` : ''}`;
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - m * 60)
    .toString()
    .padStart(2, '0')}s`;
}
