import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Région, keyed by its INSEE code. */
@Entity({ tableName: 'region' })
export class Region {
  @PrimaryKey({ type: 'string', length: 3 })
  code!: string;

  @Property({ type: 'text' })
  name!: string;
}
