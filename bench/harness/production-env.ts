/**
 * Relais as production runs it, for the measurements of one server's CPU (profile.ts, cpu-compare.ts): only the
 * refusal threshold of the rate limit raised (it still counts every request), the SQL statement count not exposed,
 * no demo seed; the scheduled jobs off, as the bench's runner has them, since they would add their own statements.
 * `overrides` (NAME=value) come last.
 */
export function productionEnv(databaseUrl: string, port: number, overrides: readonly string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    RELAIS_SEED_DEMO: 'false',
    RELAIS_RATE_LIMIT: '1000000',
    RELAIS_EXPIRY_INTERVAL_MS: '0',
    RELAIS_RETENTION_INTERVAL_MS: '0',
  };
  delete env.RELAIS_EXPOSE_SQL_COUNT;
  for (const pair of overrides) {
    const [name, ...value] = pair.split('=');
    env[name!] = value.join('=');
  }
  return env;
}

/** The value after `--name` on the command line, if any. */
export function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Every value after a `--name` (an option given several times). */
export function options(argv: readonly string[], name: string): string[] {
  return argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] !== undefined ? [argv[i + 1]!] : []));
}
