import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A level of the NAF rév. 2 nomenclature. */
export type NafLevel = 'SECTION' | 'DIVISION' | 'GROUP' | 'CLASS' | 'SUBCLASS';

/** NAF rév. 2 activity, keyed by its dotted code (`88.99B`) or section letter (`Q`). */
@Entity({ tableName: 'naf_activity' })
export class NafActivity {
  @PrimaryKey({ type: 'string', length: 6 })
  code!: string;

  @Property({ type: 'text' })
  label!: string;

  @Property({ type: 'string', length: 10 })
  level!: NafLevel;

  @Index()
  @Property({ type: 'string', length: 6, nullable: true })
  parentCode?: string | null;
}
