import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Company } from './company';
import { Structure } from './structure';

/**
 * A membership that ended (removeClubMember): who was a member of which club, from when to when. Ended memberships
 * leave `company_membership`, which holds current members only, so that every rule reading it (a standing hosting
 * agreement, a company's CRÉPI for its commitments, the `memberOf` filter) sees current members without a date test.
 */
@Entity({ tableName: 'past_company_membership' })
@Check({ name: 'past_company_membership_dates', expression: '(joined_on IS NULL) OR (joined_on <= left_on)' })
export class PastCompanyMembership {
  [OptionalProps]?: 'joinedOn' | 'recordedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Company, { deleteRule: 'cascade' })
  company!: Company;

  @Index()
  @ManyToOne(() => Structure, { deleteRule: 'cascade' })
  structure!: Structure;

  /** `company_membership.since` of the membership that ended (null when it was not known). */
  @Property({ type: 'date', nullable: true })
  joinedOn?: string | null;

  @Property({ type: 'date' })
  leftOn!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}
