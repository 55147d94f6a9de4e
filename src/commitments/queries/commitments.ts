import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { CommitmentAxis } from '../rules/commitment-axis';
import { CommitmentMeasure } from '../rules/commitment-measure';
import { CommitmentStatus } from '../rules/commitment-status';
import { HostConfirmation, SessionStatus } from '../../sessions';
import { OfferStatus } from '../../offers';
import { firstPerParent, listPage, rowsByKeys } from '../../db/list-query';
import type { Page, PageArgs } from '../../db/page';
import { rows, sql, type Timestamp } from '../../db/sql';

export interface CommitmentRow {
  id: number;
  companyId: number;
  animatorId: number | null;
  axis: CommitmentAxis;
  pledge: string;
  measure: CommitmentMeasure;
  target: number;
  declaredProgress: number;
  /** Measured by the hub for SESSIONS_HOSTED / IMMERSIONS_OFFERED, the declared progress otherwise. */
  achieved: number;
  periodStart: string;
  periodEnd: string;
  status: CommitmentStatus;
  signedAt: Timestamp | null;
  publicPartners: string[];
  conventionSignedOn: string | null;
}

export interface CommitmentFilter {
  companyIds?: number[] | null;
  animatorIds?: number[] | null;
  axes?: CommitmentAxis[] | null;
  statuses?: CommitmentStatus[] | null;
  /** Commitments whose period contains this day. */
  activeOn?: string | null;
}

// Progress the hub can see: sessions hosted (held or open, and confirmed by the company: naming a company as host
// commits it to nothing) and immersion offers published by the company in the period.
const ACHIEVED = `case k.measure
  when '${CommitmentMeasure.SESSIONS_HOSTED}' then (select count(*) from session hs where hs.host_company_id = k.company_id
    and hs.host_confirmation = '${HostConfirmation.CONFIRMED}'
    and hs.status in ('${SessionStatus.PUBLISHED}', '${SessionStatus.FULL}', '${SessionStatus.HELD}', '${SessionStatus.COMPLETED}')
    and (hs.starts_at at time zone 'Europe/Paris')::date between k.period_start and k.period_end)
  when '${CommitmentMeasure.IMMERSIONS_OFFERED}' then (select count(*) from immersion_offer ho where ho.company_id = k.company_id
    and ho.status in ('${OfferStatus.PUBLISHED}', '${OfferStatus.CLOSED}')
    and (ho.published_at at time zone 'Europe/Paris')::date between k.period_start and k.period_end)
  else k.declared_progress end`;

const { SIGNED, FULFILLED, LAPSED } = CommitmentStatus;

/**
 * The status a commitment reads as. The stored status records what people did (proposed, signed, withdrew, declared
 * enough progress); two outcomes nobody records are derived here, since progress the hub measures and the calendar
 * move on their own: a SIGNED commitment whose progress meets its target reads as FULFILLED, and one whose period
 * ended (in France) short of it reads as LAPSED.
 * Lists, their `statuses` filter, node(id) and the mutations' state checks all read it from here, so they agree.
 */
const STATUS = `case
  when k.status = '${SIGNED}' and m.achieved >= k.target then '${FULFILLED}'
  when k.status = '${SIGNED}' and k.period_end < (now() at time zone 'Europe/Paris')::date then '${LAPSED}'
  else k.status end`;

/** Commitments `k` with their progress `m.achieved` and read status `s.status`. */
function readable(em: EntityManager): Knex.QueryBuilder {
  return sql(em)('commitment as k')
    .joinRaw(`cross join lateral (select (${ACHIEVED})::int as achieved) m`)
    .joinRaw(`cross join lateral (select ${STATUS} as status) s`);
}

function columns(q: Knex.QueryBuilder): Knex.QueryBuilder {
  return q.select({
    id: 'k.id', companyId: 'k.company_id', animatorId: 'k.animator_id', axis: 'k.axis', pledge: 'k.pledge', measure: 'k.measure',
    target: 'k.target', declaredProgress: 'k.declared_progress', achieved: 'm.achieved', periodStart: 'k.period_start', periodEnd: 'k.period_end',
    status: 's.status', signedAt: 'k.signed_at', publicPartners: 'k.public_partners', conventionSignedOn: 'k.convention_signed_on',
  });
}

function filtered(em: EntityManager, filter: CommitmentFilter): Knex.QueryBuilder {
  const q = readable(em);
  if (filter.companyIds?.length) q.whereIn('k.company_id', filter.companyIds);
  if (filter.animatorIds?.length) q.whereIn('k.animator_id', filter.animatorIds);
  if (filter.axes?.length) q.whereIn('k.axis', filter.axes);
  if (filter.statuses?.length) q.whereIn('s.status', filter.statuses);
  if (filter.activeOn) q.where('k.period_start', '<=', filter.activeOn).andWhere('k.period_end', '>=', filter.activeOn);
  return q;
}

/** PAQTE commitments (public: the hub shows progress), newest first. */
export function listCommitments(em: EntityManager, filter: CommitmentFilter, page: PageArgs): Promise<Page<CommitmentRow>> {
  return listPage(em, () => filtered(em, filter), columns, { direction: 'desc', keys: [{ sql: 'k.id', type: 'int', read: (r) => r.id }] }, page);
}

export function commitmentsByIds(em: EntityManager, ids: readonly number[]): Promise<CommitmentRow[]> {
  return rowsByKeys(em, columns(readable(em)), 'k.id', ids);
}

/** Commitments of each company, oldest first, at most `limit` each (one statement). */
export function commitmentsByCompanies(em: EntityManager, companyIds: readonly number[], limit: number): Promise<CommitmentRow[]> {
  return firstPerParent(em, columns(readable(em)).whereIn('k.company_id', [...new Set(companyIds)]), 'k.company_id', 'k.id', limit);
}

export async function commitmentCountsByCompanies(em: EntityManager, companyIds: readonly number[]): Promise<Map<number, number>> {
  const found = await rows<{ companyId: number; n: string }>(
    em,
    sql(em)('commitment').select({ companyId: 'company_id' }).count({ n: '*' }).whereIn('company_id', [...new Set(companyIds)]).groupBy('company_id'),
  );
  return new Map(found.map((r) => [r.companyId, Number(r.n)]));
}

/** The status commitment `id` reads as, in the transaction of `tx`: a mutation moves from what its client sees. */
export async function commitmentStatusOf(tx: EntityManager, id: number): Promise<CommitmentStatus> {
  const [row] = await tx.execute<{ status: CommitmentStatus }[]>(readable(tx).select({ status: 's.status' }).where('k.id', id));
  if (!row) throw new Error(`commitment ${id} vanished inside its transaction`);
  return row.status;
}
