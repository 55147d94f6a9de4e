import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Region } from './region';

/** Département, keyed by its INSEE code (`33`, `2A`, `974`). */
@Entity({ tableName: 'departement' })
export class Departement {
  @PrimaryKey({ type: 'string', length: 3 })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Index()
  @ManyToOne(() => Region)
  region!: Region;
}
