import type { Orm } from '../db/orm';
import { DEMO_TOKENS, seedDemoNetwork } from '../cli/demo-network';
import { hashTokenSecret } from '../access/rules/token-secret';
import { shouldSeedDemo, type Config } from './config';
import type { Logger } from './logger';

/** Where the start writes what the person at the console must read (the demo tokens, the production warning). */
export interface Console {
  write(text: string): unknown;
}

/**
 * The start's demo step: seeds the demo network once if the configuration asks for it (shouldSeedDemo). In
 * production the demo is seeded only on explicit request (RELAIS_SEED_DEMO=true), and whenever its public tokens
 * work there (seeded now, or left from an earlier start) the start says so loudly: an `error` log line and a banner
 * on stderr. Returns whether the demo network was asked for (its tokens are then printed once the server listens).
 */
export async function seedDemoAtStart(orm: Orm, config: Config, embeddedDatabase: boolean, logger: Logger, console: Console = process.stderr): Promise<boolean> {
  const seed = shouldSeedDemo(config, embeddedDatabase);
  if (seed) {
    const { seeded } = await seedDemoNetwork(orm.em.fork());
    logger.info({ seeded }, seeded ? 'demo network seeded' : 'demo network already present');
  } else if (config.production && config.seedDemo === 'auto' && embeddedDatabase) {
    logger.info('production: the demo network is not seeded (RELAIS_SEED_DEMO=true would seed it)');
  }
  if (config.production) {
    const live = await liveDemoTokens(orm);
    if (live.length > 0) {
      logger.error({ seedDemo: config.seedDemo, liveDemoTokens: live.length }, 'production with the demo network: its public, never-expiring tokens work (a NETWORK_ADMIN one among them)');
      console.write(productionWarning(live, seed));
    }
  }
  return seed;
}

/** The demo tokens (public: in the README) that would open a session on this database now. */
async function liveDemoTokens(orm: Orm): Promise<string[]> {
  const hashes = DEMO_TOKENS.map((t) => hashTokenSecret(t.secret));
  const rows = await orm.em.fork().getConnection().execute<{ hash: string }[]>(
    `select t.token_hash as hash from api_token t join account a on a.id = t.account_id
     where t.token_hash in (${hashes.map(() => '?').join(', ')})
       and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and a.disabled_at is null`,
    hashes,
  );
  const found = new Set(rows.map((r) => r.hash));
  return DEMO_TOKENS.filter((t) => found.has(hashTokenSecret(t.secret))).map((t) => t.secret);
}

function productionWarning(live: readonly string[], asked: boolean): string {
  const bar = '!'.repeat(112);
  const admin = DEMO_TOKENS.find((t) => t.role === 'NETWORK_ADMIN')?.secret;
  return [
    '',
    bar,
    `!! WARNING: NODE_ENV=production and ${asked ? 'RELAIS_SEED_DEMO=true: the demo network is seeded' : 'the demo network is in this database'}.`,
    `!! ${live.length} demo token(s) work, public in the README and never expiring${admin && live.includes(admin) ? `, among them ${admin} (NETWORK_ADMIN)` : ''}.`,
    '!! Anyone can use them. Unset RELAIS_SEED_DEMO and revoke them: npm run cli -- token-revoke --account <email>',
    bar,
    '',
    '',
  ].join('\n');
}
