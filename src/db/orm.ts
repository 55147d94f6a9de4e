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
