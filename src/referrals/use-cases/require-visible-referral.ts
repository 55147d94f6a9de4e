import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import { NotFoundError } from '../../common/errors';
import { referralsByIds } from '../queries/referrals';

/**
 * A write on a referral the viewer may not read answers NOT_FOUND, as a read would: a FORBIDDEN would confirm that
 * it exists (no leak through errors). FORBIDDEN is for what the viewer sees but may not change. Checked before the
 * transaction, on the request's own connection.
 */
export async function requireVisibleReferral(em: EntityManager, viewer: Viewer, referralId: number): Promise<void> {
  if ((await referralsByIds(em, viewer, [referralId])).length === 0) throw new NotFoundError('input.referralId', 'referral');
}
