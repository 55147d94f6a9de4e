import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Company } from './company';
import { Structure } from './structure';

/** A company's membership of a club (usually a CRÉPI). */
@Entity({ tableName: 'company_membership' })
@Unique({ properties: ['company', 'structure'] })
export class CompanyMembership {
  [OptionalProps]?: 'since';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Company, { deleteRule: 'cascade' })
  company!: Company;

  @Index()
  @ManyToOne(() => Structure, { deleteRule: 'cascade' })
  structure!: Structure;

  @Property({ type: 'date', nullable: true })
  since?: string | null;
}
