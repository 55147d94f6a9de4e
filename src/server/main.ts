// First: tracing must start before http, express, pg and graphql load (instrument.ts).
import './instrument';
import 'reflect-metadata';
import { DEMO_TOKENS } from '../cli/demo-network';
import { buildRelaisSchema } from '../graphql/schema';
import { startServer } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase } from '../db/database';
import { seedDemoAtStart } from './demo-seed';
import { createLogger, type Logger } from './logger';
import { initOrm, migrate } from '../db/orm';
import { scheduledJobs } from './jobs';
import { recordStatement } from '../db/sql-counter';
import { RelaisMetrics } from './metrics';
import { stopTelemetry } from './telemetry';

/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, demo network (once, never in production unless
 * asked), HTTP + WebSocket server, the scheduled jobs (and the webhook workers where configured) on graphile-worker.
 * SIGINT / SIGTERM: stop accepting, drain in-flight requests, close the pool, stop the embedded database.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config, logger);
  const orm = await initOrm(db.url, { onQuery: recordStatement, poolMax: config.dbPoolMax, acquireTimeoutMs: config.dbAcquireTimeoutMs, log: (message) => logger.debug({ orm: message }, 'mikro-orm') });
  const applied = await migrate(orm);
  if (applied.length) logger.info({ migrations: applied }, 'migrations applied');

  // Never in production unless RELAIS_SEED_DEMO=true, and then with a loud warning (demo-seed.ts).
  const seedDemo = await seedDemoAtStart(orm, config, db.embedded, logger);

  const metrics = new RelaisMetrics(logger);
  // The scheduled jobs run in every environment, development included (a hub left running expires its referrals);
  // their cron runs on every instance and schedules each tick once across them (jobs.ts, worker.ts).
  const jobs = scheduledJobs(orm, config, logger);
  const server = await startServer({ config, logger, orm, schema: await buildRelaisSchema(), databaseUrl: db.url, metrics, jobs });
  logger.info({ url: server.url, jobs: jobs.map((job) => job.name) }, 'Relais is serving');
  if (seedDemo) printDemoTokens(server.url);

  installShutdown(logger, config.shutdownTimeoutMs, async () => {
    // Stops the job runner too, after the jobs under way (app.ts, worker.ts).
    await server.close();
    logger.info('server drained');
    await orm.close();
    await db.stop();
    if (db.embedded) logger.info('embedded PostgreSQL stopped');
    // The spans still buffered go out before the process ends.
    await stopTelemetry();
  });
}

function printDemoTokens(url: string): void {
  const lines = [
    '',
    `Relais demo network — GraphQL at ${url}`,
    'Demo tokens (public, for the demo only):',
    ...DEMO_TOKENS.map((t) => `  ${t.role.padEnd(20)} ${t.secret.padEnd(30)} ${t.what}`),
    '',
    `Try: curl -s ${url} -H 'Authorization: Bearer ${DEMO_TOKENS[0]?.secret ?? '<token>'}' -H 'Content-Type: application/json' \\`,
    `       -d '{"query":"{ viewer { displayName role } }"}'`,
    '',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}

function installShutdown(logger: Logger, timeoutMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
