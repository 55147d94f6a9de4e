import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { CompanySizeBand } from '../rules/company-size-band';
import { Located } from '../../territories';

/** A company (entreprise) identified by its SIRET, that may host sessions, offer immersions and commit. */
@Entity({ tableName: 'company' })
// Name search (trigram), created in raw SQL: declared so that migration:create keeps it.
@Index({ name: 'company_name_trgm', expression: 'create index "company_name_trgm" on "company" using gin (lower("name") gin_trgm_ops)' })
@Index({ properties: ['latitude', 'longitude'] })
export class Company extends Located<'nafCode' | 'sizeBand' | 'website' | 'description' | 'createdAt' | 'updatedAt'> {

  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** 14 digits, Luhn-checked (La Poste excepted); see rules/siret.ts. */
  @Property({ type: 'string', length: 14, unique: true })
  siret!: string;

  @Index()
  @Property({ type: 'text' })
  name!: string;

  /** NAF rév. 2 code, dotted (`43.99C`). */
  @Index()
  @Property({ type: 'string', length: 6, nullable: true })
  nafCode?: string | null;

  @Enum({ items: () => CompanySizeBand, nullable: true })
  sizeBand?: CompanySizeBand | null;

  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
