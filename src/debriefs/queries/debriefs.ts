import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import type { ProjectedReferral } from '../../referrals';
import { groupBy, rowsByKeys } from '../../db/list-query';
import { sql } from '../../db/sql';
import { isDebriefReadable } from '../rules/debrief-access';
import type { DebriefRow } from '../rules/debrief-row';

export type { DebriefRow };

/**
 * The debriefs of each referral that the viewer may read (rules/debrief-access.ts), the organiser's first, in one
 * statement for any number of referrals (Referral.debriefs through the request's loader). The referrals are those
 * the viewer reads, as it reads them: their view decides.
 */
export async function debriefsByReferrals(em: EntityManager, viewer: Viewer, referrals: readonly ProjectedReferral[]): Promise<Map<number, DebriefRow[]>> {
  const byId = new Map(referrals.map((r) => [r.id, r]));
  if (byId.size === 0) return new Map();
  const knex = sql(em);
  const found = await rowsByKeys<DebriefRow>(
    em,
    knex('debrief as d')
      .join('referral as r', 'r.id', 'd.referral_id')
      .select({
        id: 'd.id', referralId: 'd.referral_id', participantId: 'r.participant_id', side: 'd.side', authorStructureId: 'd.author_structure_id',
        authorCompanyId: 'd.author_company_id', wishes: 'd.wishes', comment: 'd.comment', sharedWithParticipant: 'd.shared_with_participant',
        createdAt: 'd.created_at', updatedAt: 'd.updated_at',
      })
      .select(knex.raw(`coalesce((select jsonb_agg(jsonb_build_object('metierCode', i.metier_code, 'interest', i.interest) order by i.metier_code)
        from debrief_interest i where i.debrief_id = d.id), '[]'::jsonb) as interests`))
      .orderByRaw(`d.referral_id, d.side = 'HOST', d.id`),
    'd.referral_id',
    [...byId.keys()],
  );
  return groupBy(
    found.filter((row) => isDebriefReadable(viewer, byId.get(row.referralId)!.view, row)),
    (row) => row.referralId,
  );
}
