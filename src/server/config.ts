import { z } from 'zod';
import { DEFAULT_RETRY_SCHEDULE_MS, MAX_RETRIES } from '../webhooks/rules/retry-schedule';
import { staleLockMsFor, type WebhookSettings } from '../webhooks/settings';
import { cronScheduleOf } from './cron-schedule';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const BYTE_UNITS = { b: 1, kb: 1024, mb: 1024 * 1024 } as const;
/** A size as `102400`, `100kb` or `1mb` (the units express.json understands), in bytes. */
const byteSize = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\d+\s*(b|kb|mb)?$/, 'must be a size in bytes, like 102400, 100kb or 1mb')
  .transform((v) => {
    const [, amount, unit] = /^(\d+)\s*(b|kb|mb)?$/.exec(v)!;
    return Number(amount) * BYTE_UNITS[(unit ?? 'b') as keyof typeof BYTE_UNITS];
  })
  .pipe(z.number().int().min(1024, 'must be at least 1kb').max(10 * 1024 * 1024, 'must be at most 10mb'));

/** Browser origins allowed by CORS: a comma-separated list of `scheme://host[:port]`. */
const origins = z
  .string()
  .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s,]+$/, 'each origin must be scheme://host[:port], without a path')));

/**
 * How often a scheduled job runs (jobs.ts), in milliseconds: 0 (never) or an interval graphile-worker's cron can tick
 * evenly (cron-schedule.ts).
 */
const jobInterval = (maxMs: number, defaultMs: number) =>
  z.coerce
    .number()
    .int()
    .min(0)
    .max(maxMs)
    .superRefine((ms, ctx) => {
      try {
        cronScheduleOf(ms);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
      }
    })
    .default(defaultMs);

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  RELAIS_DATA_DIR: z.string().min(1).default('.data/postgres'),
  RELAIS_EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RELAIS_SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  NODE_ENV: z.string().optional(),
  // Unset: on, except with NODE_ENV=production.
  RELAIS_INTROSPECTION: bool.optional(),
  RELAIS_ERROR_DETAILS: bool.optional(),
  RELAIS_CORS_ORIGINS: origins.default(''),
  RELAIS_BODY_LIMIT: byteSize.default('100kb'),
  RELAIS_GET_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  RELAIS_RESPONSE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(0),
  RELAIS_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(600),
  // Unset: the same as RELAIS_RATE_LIMIT (then an account's count is all that matters).
  RELAIS_TOKEN_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).optional(),
  RELAIS_MAX_TOKENS_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(20),
  RELAIS_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(20),
  RELAIS_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  RELAIS_MAX_RESPONSE_OBJECTS: z.coerce.number().int().min(10).max(1_000_000).default(20_000),
  RELAIS_OPERATION_TIMEOUT_MS: z.coerce.number().int().min(1).max(300_000).default(10_000),
  RELAIS_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  RELAIS_DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  RELAIS_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  RELAIS_EXPOSE_SQL_COUNT: bool.default('false'),
  RELAIS_JIT: bool.default('true'),
  RELAIS_REFERRAL_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  RELAIS_EXPIRY_INTERVAL_MS: jobInterval(86_400_000, 600_000),
  RELAIS_RELAY_POLL_MS: z.coerce.number().int().min(100).max(86_400_000).default(5000),
  RELAIS_RETENTION_MONTHS: z.coerce.number().int().min(1).max(600).default(24),
  RELAIS_RETENTION_INTERVAL_MS: jobInterval(7 * 86_400_000, 6 * 3_600_000),
  RELAIS_SESSION_COURSE_INTERVAL_MS: jobInterval(86_400_000, 300_000),
  RELAIS_NETWORK_NAME: z.string().trim().min(1).max(80).default('Relais'),
  RELAIS_FOLLOW_UP_INTERVAL_MS: jobInterval(86_400_000, 3_600_000),
  // Webhooks (README, "Webhooks"). Workers unset: on with NODE_ENV=production only.
  RELAIS_WEBHOOK_WORKERS: bool.optional(),
  RELAIS_WEBHOOK_ALLOW_HTTP: bool.default('false'),
  RELAIS_WEBHOOK_ALLOW_PRIVATE: bool.default('false'),
  RELAIS_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  RELAIS_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  RELAIS_WEBHOOK_RETRY_SCHEDULE_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be a comma-separated list of delays in milliseconds')
    .transform((v) => v.split(',').map(Number))
    .pipe(z.array(z.number()).max(MAX_RETRIES, `must list at most ${MAX_RETRIES} delays`))
    .optional(),
  RELAIS_WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().min(1).default(5 * 86_400_000),
  RELAIS_WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  RELAIS_WEBHOOK_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  RELAIS_WEBHOOK_STALE_LOCK_MS: z.coerce.number().int().min(1000).optional(),
  // Observability (README, "Running in production"). Unset: /metrics answers anyone who reaches it.
  RELAIS_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

/** Validated configuration, read once at start from environment variables (see README, "Configuration"). */
export interface Config {
  /** External PostgreSQL; when absent the hub starts an embedded one. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `auto`: seed the demo network once, only on the embedded database and never in production (see shouldSeedDemo). */
  seedDemo: 'auto' | 'true' | 'false';
  /** NODE_ENV=production: introspection and error details default to off. */
  production: boolean;
  introspection: boolean;
  /**
   * Validation details in errors: the limit a query broke ("depth limit of 14 exceeded, found 50") and graphql-js
   * field suggestions ("Did you mean ..."), which otherwise let anyone map a schema without introspection.
   */
  errorDetails: boolean;
  /** Browser origins given CORS headers; empty: none (server-to-server clients need no CORS). */
  corsOrigins: string[];
  /** Largest request body (HTTP) or message (graphql-ws), in bytes. */
  bodyLimitBytes: number;
  /**
   * `max-age` of GET answers that only read public reference data (`Cache-Control: public`, apollo.ts); other GET
   * answers are `private, no-store`. 0: none is cacheable.
   */
  getMaxAgeSeconds: number;
  /**
   * Bytes of serialised answers the response cache of public lists keeps per instance (server/response-cache.ts),
   * least recently used dropped first; 0: no response cache.
   */
  responseCacheBytes: number;
  /** Requests per minute per account, all its tokens together (per IP address without a valid token); 0: no limit. */
  rateLimitPerMinute: number;
  /** Requests per minute per token, within its account's; 0: no limit of its own. */
  tokenRateLimitPerMinute: number;
  /** Live (neither revoked nor expired) tokens an account may hold: createApiToken refuses more. */
  maxTokensPerAccount: number;
  /** Longest life, in days, of a token made through the API by anyone but a network admin (and its default). */
  tokenMaxDays: number;
  /** graphql-ws sockets one account may hold open on one instance. */
  wsMaxSocketsPerAccount: number;
  maxPageSize: number;
  /** Most objects one answer may hold (execution-budget.ts): past it the operation stops, RESPONSE_TOO_LARGE. */
  maxResponseObjects: number;
  /** How long a query may execute before it stops with OPERATION_TIMEOUT (execution-budget.ts). */
  operationTimeoutMs: number;
  dbPoolMax: number;
  /** Longest wait for a pool connection (pool full, database down); beyond it the request answers 503 SERVICE_UNAVAILABLE. */
  dbAcquireTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** Adds `extensions.sqlStatements` to each response: for tests and benchmarks. */
  exposeSqlCount: boolean;
  /**
   * Queries run compiled by graphql-jit (graphql/jit-execution.ts), over HTTP and graphql-ws; false: every operation
   * on graphql-js `execute`, as Apollo Server runs it by itself.
   */
  jit: boolean;
  /** A PENDING referral unanswered for this many days expires (docs/domain.md, "Referrals": 30 by default). */
  referralExpiryDays: number;
  /** How often the expiry job runs, once per tick across the instances (jobs.ts); 0 disables it. */
  expiryIntervalMs: number;
  /** Fallback read of the outbox when no NOTIFY woke the event relay (lost connection). */
  relayPollMs: number;
  /** A participant inactive this many months, with no referral under way, is anonymised (GDPR retention). */
  retentionMonths: number;
  /** How often the retention job runs, once per tick across the instances (jobs.ts); 0 disables it. */
  retentionIntervalMs: number;
  /** How often the session course job runs (sessions past their end held, then completed), once per tick across the instances; 0 disables it. */
  sessionCourseIntervalMs: number;
  /** The network's name, printed on the passeports ("Réseau <name>"). */
  networkName: string;
  /** How often the follow-up job runs (follow-ups due told, overdue ones marked), once per tick across the instances; 0 disables it. */
  followUpIntervalMs: number;
  /** Webhook delivery and target policy. */
  webhooks: WebhookSettings;
  /** When set, GET /metrics requires `Authorization: Bearer <it>`; null: open (keep it off the public network). */
  metricsToken: string | null;
}

export class ConfigError extends Error {}

/**
 * Whether the start seeds the demo network, whose tokens are public and never expire (a network admin's among them):
 * `true` always, `auto` only on the embedded database outside production, `false` never.
 */
export function shouldSeedDemo(config: Pick<Config, 'seedDemo' | 'production'>, embeddedDatabase: boolean): boolean {
  if (config.seedDemo === 'auto') return embeddedDatabase && !config.production;
  return config.seedDemo === 'true';
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.RELAIS_DATA_DIR,
    embeddedPgPort: e.RELAIS_EMBEDDED_PG_PORT,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.RELAIS_SEED_DEMO,
    production,
    introspection: e.RELAIS_INTROSPECTION ?? !production,
    errorDetails: e.RELAIS_ERROR_DETAILS ?? !production,
    corsOrigins: e.RELAIS_CORS_ORIGINS,
    bodyLimitBytes: e.RELAIS_BODY_LIMIT,
    getMaxAgeSeconds: e.RELAIS_GET_MAX_AGE_SECONDS,
    responseCacheBytes: e.RELAIS_RESPONSE_CACHE_MB * 1024 * 1024,
    rateLimitPerMinute: e.RELAIS_RATE_LIMIT,
    tokenRateLimitPerMinute: e.RELAIS_TOKEN_RATE_LIMIT ?? e.RELAIS_RATE_LIMIT,
    maxTokensPerAccount: e.RELAIS_MAX_TOKENS_PER_ACCOUNT,
    tokenMaxDays: e.RELAIS_TOKEN_MAX_DAYS,
    wsMaxSocketsPerAccount: e.RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT,
    maxPageSize: e.RELAIS_MAX_PAGE_SIZE,
    maxResponseObjects: e.RELAIS_MAX_RESPONSE_OBJECTS,
    operationTimeoutMs: e.RELAIS_OPERATION_TIMEOUT_MS,
    dbPoolMax: e.RELAIS_DB_POOL_MAX,
    dbAcquireTimeoutMs: e.RELAIS_DB_ACQUIRE_TIMEOUT_MS,
    shutdownTimeoutMs: e.RELAIS_SHUTDOWN_TIMEOUT_MS,
    exposeSqlCount: e.RELAIS_EXPOSE_SQL_COUNT,
    jit: e.RELAIS_JIT,
    referralExpiryDays: e.RELAIS_REFERRAL_EXPIRY_DAYS,
    expiryIntervalMs: e.RELAIS_EXPIRY_INTERVAL_MS,
    relayPollMs: e.RELAIS_RELAY_POLL_MS,
    retentionMonths: e.RELAIS_RETENTION_MONTHS,
    retentionIntervalMs: e.RELAIS_RETENTION_INTERVAL_MS,
    sessionCourseIntervalMs: e.RELAIS_SESSION_COURSE_INTERVAL_MS,
    networkName: e.RELAIS_NETWORK_NAME,
    followUpIntervalMs: e.RELAIS_FOLLOW_UP_INTERVAL_MS,
    webhooks: {
      workers: e.RELAIS_WEBHOOK_WORKERS ?? production,
      allowHttp: e.RELAIS_WEBHOOK_ALLOW_HTTP,
      allowPrivate: e.RELAIS_WEBHOOK_ALLOW_PRIVATE,
      concurrency: e.RELAIS_WEBHOOK_CONCURRENCY,
      timeoutMs: e.RELAIS_WEBHOOK_TIMEOUT_MS,
      retryScheduleMs: e.RELAIS_WEBHOOK_RETRY_SCHEDULE_MS ?? DEFAULT_RETRY_SCHEDULE_MS,
      disableAfterMs: e.RELAIS_WEBHOOK_DISABLE_AFTER_MS,
      pollMs: e.RELAIS_WEBHOOK_POLL_MS,
      secretKey: e.RELAIS_WEBHOOK_SECRET_KEY ?? null,
      staleLockMs: e.RELAIS_WEBHOOK_STALE_LOCK_MS ?? staleLockMsFor(e.RELAIS_WEBHOOK_TIMEOUT_MS),
    },
    metricsToken: e.RELAIS_METRICS_TOKEN ?? null,
  };
}
