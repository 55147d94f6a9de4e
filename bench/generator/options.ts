import { parseArgs } from 'node:util';

/** What `npm run bench:generate -- <options>` was asked for. */
export interface GeneratorOptions {
  seed: number;
  scale: number;
  /** Drop and recreate the target database first (default); otherwise it must hold no generated data yet. */
  fresh: boolean;
  /** The reference "now" every date is relative to (never the wall clock). */
  now: Date;
  /** ROME 4.0 CSV folder and La Poste's postal CSV, relative to the project folder unless absolute. */
  romeDir: string;
  postalCsv: string;
  /** Where the fixture goes, relative to the project folder unless absolute. */
  fixture: string;
  /** Embedded PostgreSQL (when BENCH_DATABASE_URL is unset): data folder, port and database name. */
  embeddedDir: string;
  embeddedPort: number;
  embeddedDatabase: string;
  /** W4: how many prescriber counsellors (concurrent clients) get a token and a work list. */
  prescribers: number;
}

export const DEFAULT_NOW = '2026-11-23T00:00:00Z';

export const USAGE = `Usage: npm run bench:generate -- [options]

Fills a PostgreSQL database with a deterministic network the size of a large region, for the benchmarks.
Target: BENCH_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/relais_bench); unset, an embedded
PostgreSQL in --embedded-dir.

Options:
  --seed <n>              seed of every random choice (default 42)
  --scale <x>             size factor: 1 = 1,000 structures, 20,000 companies, 100,000 participants,
                          50,000 sessions, 30,000 immersion offers, 300,000 referrals, 10,000 commitments
                          (default 1; 0.05 for a quick run). Reference data is always complete.
  --fresh / --no-fresh    drop and recreate the database first (default --fresh); with --no-fresh the
                          database is created if missing and must hold no generated data
  --now <ISO instant>     reference "now" of the generated dates (default ${DEFAULT_NOW})
  --rome-dir <dir>        ROME 4.0 CSV files (default ../shared/data/rome)
  --postal-csv <file>     La Poste postal codes with centre points
                          (default ../shared/data/territories/laposte_hexasmal_2019.csv)
  --fixture <file>        where to write the workloads' fixture (default bench/results/fixture.json)
  --prescribers <n>       W4 prescriber counsellors with a token and a work list (default 32)
  --embedded-dir <dir>    embedded PostgreSQL data folder (default .data/bench-postgres)
  --embedded-port <n>     embedded PostgreSQL port (default 54339)
  --embedded-database <name>  database on the embedded server (default relais, the one the server
                          uses: RELAIS_DATA_DIR=.data/bench-postgres RELAIS_EMBEDDED_PG_PORT=54339 serves it)
  --help                  this text`;

export class OptionsError extends Error {}

export function parseOptions(argv: readonly string[]): GeneratorOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        seed: { type: 'string' },
        scale: { type: 'string' },
        fresh: { type: 'boolean' },
        'no-fresh': { type: 'boolean' },
        now: { type: 'string' },
        'rome-dir': { type: 'string' },
        'postal-csv': { type: 'string' },
        fixture: { type: 'string' },
        prescribers: { type: 'string' },
        'embedded-dir': { type: 'string' },
        'embedded-port': { type: 'string' },
        'embedded-database': { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new OptionsError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  if (values.fresh && values['no-fresh']) throw new OptionsError('give --fresh or --no-fresh, not both');
  const seed = integer(values.seed, 'seed', 42, 0, 2 ** 31 - 1);
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(scale > 0 && scale <= 10)) throw new OptionsError(`--scale must be a number in (0, 10], got ${values.scale}`);
  const nowText = typeof values.now === 'string' ? values.now : DEFAULT_NOW;
  const now = new Date(nowText);
  if (Number.isNaN(now.getTime())) throw new OptionsError(`--now must be an ISO instant (2026-11-23T00:00:00Z), got ${nowText}`);
  const database = typeof values['embedded-database'] === 'string' ? values['embedded-database'] : 'relais';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new OptionsError('--embedded-database must be a plain lower-case identifier');
  return {
    seed,
    scale,
    fresh: !values['no-fresh'],
    now,
    romeDir: text(values['rome-dir'], '../shared/data/rome'),
    postalCsv: text(values['postal-csv'], '../shared/data/territories/laposte_hexasmal_2019.csv'),
    fixture: text(values.fixture, 'bench/results/fixture.json'),
    prescribers: integer(values.prescribers, 'prescribers', 32, 1, 1000),
    embeddedDir: text(values['embedded-dir'], '.data/bench-postgres'),
    embeddedPort: integer(values['embedded-port'], 'embedded-port', 54339, 1024, 65535),
    embeddedDatabase: database,
  };
}

function integer(raw: string | boolean | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new OptionsError(`--${name} must be a whole number between ${min} and ${max}, got ${raw}`);
  return n;
}

function text(raw: string | boolean | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || raw.trim() === '') throw new OptionsError('an option needs a value');
  return raw;
}
