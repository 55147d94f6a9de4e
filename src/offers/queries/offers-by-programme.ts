import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import { restrictOffers } from './visibility';
import { paginatePerParent, type Ordering, type Page, type PageArgs } from '../../db/page';
import { rows, sql } from '../../db/sql';

/**
 * Offers as members of a programme (`immersion_offer.programme_id`). The pages carry ids, read back through the
 * offer loader (one more statement per level), so that the offer columns stay declared once, in immersion-offers.ts.
 */
export interface ProgrammeOfferKey {
  id: number;
  parentKey: number;
}

const NEWEST_FIRST: Ordering<ProgrammeOfferKey> = { direction: 'desc', keys: [{ sql: 'o.id', type: 'int', read: (r) => r.id }] };

/** A page of the offers of each programme that the viewer may see, newest first (one statement for the batch). */
export function offerPagesByProgramme(
  em: EntityManager,
  viewer: Viewer,
  programmeIds: readonly number[],
  page: PageArgs,
  count: (programmeId: number) => Promise<number>,
): Promise<Map<number, Page<ProgrammeOfferKey>>> {
  const inner = restrictOffers(sql(em)('immersion_offer as o').select({ id: 'o.id', parentKey: 'o.programme_id' }), viewer)
    .whereIn('o.programme_id', [...new Set(programmeIds)]);
  return paginatePerParent(sql(em), inner, 'o.programme_id', NEWEST_FIRST, page, (q) => rows<ProgrammeOfferKey>(em, q), count);
}

/** How many offers of each programme the viewer may see (one statement for the batch). */
export async function offerCountsByProgramme(em: EntityManager, viewer: Viewer, programmeIds: readonly number[]): Promise<Map<number, number>> {
  const q = restrictOffers(sql(em)('immersion_offer as o').select({ programmeId: 'o.programme_id' }).count({ n: '*' }), viewer)
    .whereIn('o.programme_id', [...new Set(programmeIds)])
    .groupBy('o.programme_id');
  return new Map((await rows<{ programmeId: number; n: string }>(em, q)).map((r) => [r.programmeId, Number(r.n)]));
}

/** The programme of each offer, if any (its visibility was checked when the offer was read). */
export function programmeIdsOfOffers(em: EntityManager, offerIds: readonly number[]): Promise<{ offerId: number; programmeId: number | null }[]> {
  return rows(em, sql(em)('immersion_offer as o').select({ offerId: 'o.id', programmeId: 'o.programme_id' }).whereIn('o.id', [...new Set(offerIds)]));
}
