/**
 * One progress line on stderr: redrawn in place on a terminal, a plain line per step (and at most one per
 * tenth of a step's work) otherwise, so a log file stays readable. No dependency: the repository has no
 * maintained progress-bar package installed.
 */
export class Progress {
  private label = '';
  private total = 0;
  private done = 0;
  private started = 0;
  private lastTenth = -1;
  private phase = 0;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly phases: number = 0,
  ) {}

  /** Starts a step with `total` units of work (0: an unmeasured wait, shown as a spinner-free line). */
  step(label: string, total = 0): void {
    this.finishLine();
    this.phase += 1;
    this.label = label;
    this.total = total;
    this.done = 0;
    this.started = Date.now();
    this.lastTenth = -1;
    this.draw();
  }

  tick(units = 1): void {
    this.done += units;
    this.draw();
  }

  /** Ends the line of the current step, so other output starts on a fresh line. */
  finishLine(): void {
    if (this.label && this.out.isTTY) this.out.write('\n');
    this.label = '';
  }

  private draw(): void {
    const text = progressLine({
      phase: this.phase,
      phases: this.phases,
      label: this.label,
      done: this.done,
      total: this.total,
      elapsedMs: Date.now() - this.started,
      width: 30,
    });
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${text.slice(0, (this.out.columns ?? 120) - 1)}`);
      return;
    }
    const tenth = this.total > 0 ? Math.floor((this.done / this.total) * 10) : 0;
    if (tenth !== this.lastTenth) {
      this.lastTenth = tenth;
      this.out.write(`${text}\n`);
    }
  }
}

/** `[3/9] opening cases  [##########----------]  120/2,000  6%  12 s, ~190 s left` */
export function progressLine(s: {
  phase: number;
  phases: number;
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
  width: number;
}): string {
  const head = s.phases > 0 ? `[${s.phase}/${s.phases}] ${s.label}` : s.label;
  const elapsed = `${Math.round(s.elapsedMs / 1000)} s`;
  if (s.total <= 0) return `${head}  ${elapsed}`;
  const fraction = Math.min(1, s.done / s.total);
  const filled = Math.round(fraction * s.width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(s.width - filled)}]`;
  const left =
    s.done > 0 && s.done < s.total
      ? `, ~${Math.round(((s.elapsedMs / s.done) * (s.total - s.done)) / 1000)} s left`
      : '';
  return `${head}  ${bar}  ${s.done.toLocaleString('en')}/${s.total.toLocaleString('en')}  ${Math.round(fraction * 100)}%  ${elapsed}${left}`;
}
