import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig, type OrmConfigOptions } from '../../mikro-orm.config';

export type Orm = MikroORM;

/** Connects the ORM to `url`. */
export async function initOrm(url: string, options: OrmConfigOptions = {}): Promise<Orm> {
  return MikroORM.init(createOrmConfig(url, options));
}

/** Applies pending migrations; returns their names. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** The ORM's connection pool now (knex's tarn pool): connections in use, idle, requests waiting for one, the cap. */
export interface PoolUsage {
  used: number;
  idle: number;
  waiting: number;
  max: number;
}

/** Reads the pool's counters (no statement): for /metrics. Null when the ORM has no pool (not connected). */
export function poolUsage(orm: Orm): PoolUsage | null {
  // knex types its client loosely; tarn's pool has these counters.
  const pool = (orm.em.getConnection().getKnex().client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number } }).pool;
  return pool ? { used: pool.numUsed(), idle: pool.numFree(), waiting: pool.numPendingAcquires(), max: pool.max } : null;
}
