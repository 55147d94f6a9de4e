import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import { NotFoundError } from '../../common/errors';
import { immersionOffersByIds } from '../queries/immersion-offers';

/**
 * A write on an immersion offer the viewer may not read (someone else's draft) answers NOT_FOUND, not FORBIDDEN,
 * as a read would: a FORBIDDEN would confirm that it exists. Checked before the transaction, on the request's own
 * connection.
 */
export async function requireVisibleOffer(em: EntityManager, viewer: Viewer, offerId: number): Promise<void> {
  if ((await immersionOffersByIds(em, viewer, [offerId])).length === 0) throw new NotFoundError('input.immersionOfferId', 'immersion offer');
}
