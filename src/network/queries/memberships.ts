import type { EntityManager } from '@mikro-orm/postgresql';
import { rows } from '../../db/sql';
import { sql } from '../../db/sql';

/** A company's membership of a club, current (`leftOn` null) or past. */
export interface ClubMembershipRow {
  companyId: number;
  clubId: number;
  joinedOn: string | null;
  leftOn: string | null;
  hostingAgreement: boolean;
}

/** The current membership of a company in a club, if any. */
export async function currentMembershipRow(em: EntityManager, companyId: number, clubId: number): Promise<ClubMembershipRow | null> {
  const [row] = await rows<ClubMembershipRow>(
    em,
    sql(em)('company_membership as cm')
      .select({ companyId: 'cm.company_id', clubId: 'cm.structure_id', joinedOn: 'cm.since', hostingAgreement: 'cm.hosting_agreement' })
      .select(em.getKnex().raw('null as "leftOn"'))
      .where({ 'cm.company_id': companyId, 'cm.structure_id': clubId }),
  );
  return row ?? null;
}

/** A past membership by its id (what removeClubMember wrote). */
export async function pastMembershipRow(em: EntityManager, pastId: number): Promise<ClubMembershipRow | null> {
  const [row] = await rows<ClubMembershipRow>(
    em,
    sql(em)('past_company_membership as pm')
      .select({ companyId: 'pm.company_id', clubId: 'pm.structure_id', joinedOn: 'pm.joined_on', leftOn: 'pm.left_on' })
      .select(em.getKnex().raw('false as "hostingAgreement"'))
      .where('pm.id', pastId),
  );
  return row ?? null;
}
