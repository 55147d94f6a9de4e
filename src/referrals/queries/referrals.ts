import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { ReferralStatus } from '../rules/referral-status';
import type { ReferralRow, ReferralTransitionRow } from '../rules/referral-row';
import { projectReferral, projectTransition, type ProjectedReferral, type ProjectedTransition } from '../rules/referral-access';
import type { Viewer } from '../../access';
import { followUpReaderCondition, restrictReferrals } from './visibility';
import { todayInFrance } from '../../common/local-date';
import { groupBy, listPage, rowsByKeys } from '../../db/list-query';
import type { Page, PageArgs } from '../../db/page';
import { sql } from '../../db/sql';

export type { ReferralRow, ReferralTransitionRow };

export interface ReferralFilter {
  statuses?: ReferralStatus[] | null;
  sessionIds?: number[] | null;
  immersionOfferIds?: number[] | null;
  participantIds?: number[] | null;
  prescriberStructureIds?: number[] | null;
  createdFrom?: Date | null;
  createdBefore?: Date | null;
  /** Referrals with (true) or without (false) a follow-up due or overdue and not recorded, among those the viewer reads follow-ups of. */
  followUpDue?: boolean | null;
  /** Referrals of these structures: prescribed by one of them or to a session one of them organises (the exports' funder file). */
  ofStructureIds?: number[] | null;
  /** Referrals sent on these Paris calendar days, both included. */
  createdOn?: { from: string; to: string } | null;
}

const COLUMNS = {
  id: 'r.id', participantId: 'r.participant_id', referentStructureId: 'rp.referent_structure_id', prescriberStructureId: 'r.prescriber_structure_id',
  prescriberAccountId: 'r.prescriber_account_id', sessionId: 'r.session_id', immersionOfferId: 'r.immersion_offer_id',
  motive: 'r.motive', status: 'r.status', refusalReason: 'r.refusal_reason', refusalDetail: 'r.refusal_detail',
  refusalSharedWithParticipant: 'r.refusal_shared_with_participant', noShowParty: 'r.no_show_party', outcome: 'r.outcome',
  contractType: 'r.contract_type', outcomeNote: 'r.outcome_note', cancellationReason: 'r.cancellation_reason', waitlistedAt: 'r.waitlisted_at', answeredAt: 'r.answered_at',
  createdAt: 'r.created_at', updatedAt: 'r.updated_at',
};

function filtered(em: EntityManager, viewer: Viewer, filter: ReferralFilter): Knex.QueryBuilder {
  const q = restrictReferrals(sql(em)('referral as r'), viewer, 'r');
  if (filter.statuses?.length) q.whereIn('r.status', filter.statuses);
  if (filter.sessionIds?.length) q.whereIn('r.session_id', filter.sessionIds);
  if (filter.immersionOfferIds?.length) q.whereIn('r.immersion_offer_id', filter.immersionOfferIds);
  if (filter.participantIds?.length) q.whereIn('r.participant_id', filter.participantIds);
  if (filter.prescriberStructureIds?.length) q.whereIn('r.prescriber_structure_id', filter.prescriberStructureIds);
  if (filter.createdFrom) q.where('r.created_at', '>=', filter.createdFrom);
  if (filter.createdBefore) q.where('r.created_at', '<', filter.createdBefore);
  if (filter.ofStructureIds?.length) {
    const ids = filter.ofStructureIds;
    q.where((w) => w.whereIn('r.prescriber_structure_id', ids).orWhereExists((e) => e.select(1).from('session as os').whereRaw('os.id = r.session_id').whereIn('os.organiser_id', ids)));
  }
  if (filter.createdOn) {
    q.whereRaw(`r.created_at >= (?::date)::timestamp at time zone 'Europe/Paris' and r.created_at < ((?::date) + 1)::timestamp at time zone 'Europe/Paris'`, [filter.createdOn.from, filter.createdOn.to]);
  }
  if (filter.followUpDue != null) {
    // Due from its Paris day (rules/follow-up.ts, followUpStatus); the host reads no follow-up (readsFollowUps), so
    // for it none is due: a host's `true` lists nothing rather than telling it which people are followed up.
    const due = (e: Knex.QueryBuilder) =>
      e.select(1).from('referral_follow_up as ff').whereRaw('ff.referral_id = r.id').whereNull('ff.recorded_at').where('ff.due_on', '<=', todayInFrance());
    const readsThem = followUpReaderCondition(viewer);
    if (filter.followUpDue) q.whereExists(due).andWhere(readsThem);
    else q.where((w) => w.whereNotExists(due).orWhereNot(readsThem));
  }
  return q;
}

/** The selected columns, with the participant's referent structure (the projection needs it). */
const withColumns = (q: Knex.QueryBuilder) => q.join('participant as rp', 'rp.id', 'r.participant_id').select(COLUMNS);

/** Referrals the viewer may see, newest first, as the viewer may read them (referral-access.ts). */
export async function listReferrals(em: EntityManager, viewer: Viewer, filter: ReferralFilter, page: PageArgs): Promise<Page<ProjectedReferral>> {
  const found = await listPage<ReferralRow>(em, () => filtered(em, viewer, filter), withColumns, { direction: 'desc', keys: [{ sql: 'r.id', type: 'int', read: (r) => r.id }] }, page);
  return { ...found, edges: found.edges.map((e) => ({ cursor: e.cursor, node: projectReferral(viewer, e.node) })) };
}

/** The referrals among `ids` the viewer may see, as the viewer may read them: node(id), payloads, events. */
export async function referralsByIds(em: EntityManager, viewer: Viewer, ids: readonly number[]): Promise<ProjectedReferral[]> {
  const found = await rowsByKeys<ReferralRow>(em, restrictReferrals(withColumns(sql(em)('referral as r')), viewer, 'r'), 'r.id', ids);
  return found.map((row) => projectReferral(viewer, row));
}

/** The transition log of each referral, oldest first, as the reader of that referral may read it. */
export async function transitionsByReferrals(em: EntityManager, referrals: readonly ProjectedReferral[]): Promise<Map<number, ProjectedTransition[]>> {
  const byId = new Map(referrals.map((r) => [r.id, r]));
  const found = await rowsByKeys<ReferralTransitionRow>(
    em,
    sql(em)('referral_transition as t')
      .select({ id: 't.id', referralId: 't.referral_id', fromStatus: 't.from_status', toStatus: 't.to_status', actorId: 't.actor_id', reason: 't.reason', at: 't.at' })
      .orderBy([{ column: 't.at' }, { column: 't.id' }]),
    't.referral_id',
    [...byId.keys()],
  );
  return groupBy(
    found.map((line) => projectTransition(byId.get(line.referralId)!, line)),
    (r) => r.referralId,
  );
}
