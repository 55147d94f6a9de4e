import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Company } from './company';
import { Structure } from './structure';

/** A company's membership of a club (usually a CRÉPI). */
@Entity({ tableName: 'company_membership' })
@Unique({ properties: ['company', 'structure'] })
export class CompanyMembership {
  [OptionalProps]?: 'since' | 'hostingAgreement';

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

  /**
   * Standing hosting agreement (convention d'accueil): the company agreed once that its club may name it as host of
   * the club's sessions, so the sessions the club organises at the company are CONFIRMED from the start. The company
   * may still decline any one of them. Recorded by the club with the company (no API yet: seeds, SQL).
   */
  @Property({ type: 'boolean', default: false })
  hostingAgreement: boolean = false;
}
