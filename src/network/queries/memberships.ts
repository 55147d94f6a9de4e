import type { EntityManager } from '@mikro-orm/postgresql';
import { rows } from '../../db/sql';
import { sql } from '../../db/sql';
import { groupBy } from '../../db/list-query';

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

/**
 * Every membership of these companies, current (leftOn null, club order) then past (latest departure first): what
 * `Company.memberships` shows. One statement for all the companies of a page.
 */
export async function clubMembershipsByCompanies(em: EntityManager, companyIds: readonly number[]): Promise<Map<number, ClubMembershipRow[]>> {
  if (companyIds.length === 0) return new Map();
  const these = companyIds.map(() => '?').join(', ');
  const found = await em.getConnection().execute<ClubMembershipRow[]>(
    `select * from (
       select cm.company_id as "companyId", cm.structure_id as "clubId", cm.since::text as "joinedOn", null::text as "leftOn", cm.hosting_agreement as "hostingAgreement"
         from company_membership cm where cm.company_id in (${these})
       union all
       select pm.company_id, pm.structure_id, pm.joined_on::text, pm.left_on::text, false
         from past_company_membership pm where pm.company_id in (${these})
     ) m order by "leftOn" desc nulls first, "clubId", "joinedOn"`,
    [...companyIds, ...companyIds],
  );
  return groupBy(found, (row) => row.companyId);
}
