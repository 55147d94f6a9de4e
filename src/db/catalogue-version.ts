import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The one row of `catalogue_version` (Migration20261203091200CatalogueVersion): its `version` goes up at the commit
 * of every transaction that changes a table the public lists read. Written only by the database's triggers; read by
 * the response cache (server/response-cache.ts). Declared so that the entities describe the whole schema.
 */
@Entity({ tableName: 'catalogue_version' })
export class CatalogueVersion {
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  id!: number;

  @Property({ type: 'bigint' })
  version!: string;
}

/** The catalogue's version as committed now (one read of a one-row table by its primary key). */
export const CATALOGUE_VERSION_SQL = 'select version from catalogue_version where id = 1';
