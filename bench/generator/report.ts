/** Per-step timings and row counts, printed as the generator goes and summed up at the end. */
export class Report {
  private readonly steps: { name: string; rows: number | null; ms: number }[] = [];
  private readonly started = performance.now();

  constructor(private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  log(line: string): void {
    this.out(line);
  }

  /** Runs `work`, printing its time (and rows, when it returns a count). */
  async step<T>(name: string, work: () => Promise<T>, rowsOf?: (result: T) => number | null): Promise<T> {
    const start = performance.now();
    const result = await work();
    const ms = performance.now() - start;
    const rows = rowsOf ? rowsOf(result) : typeof result === 'number' ? result : null;
    this.steps.push({ name, rows, ms });
    const rate = rows !== null && ms > 0 ? `  (${Math.round((rows / ms) * 1000).toLocaleString('en-US')} rows/s)` : '';
    const count = rows === null ? ''.padStart(15) : `${rows.toLocaleString('en-US').padStart(10)} rows`;
    this.out(`${name.padEnd(34)} ${count}  ${seconds(ms).padStart(8)}${rate}`);
    return result;
  }

  get totalMs(): number {
    return performance.now() - this.started;
  }

  timings(): { step: string; rows: number | null; ms: number }[] {
    return this.steps.map((s) => ({ step: s.name, rows: s.rows, ms: Math.round(s.ms) }));
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
