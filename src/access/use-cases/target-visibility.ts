import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../common/errors';
import { personalDataAccess, PersonalDataAccess } from '../personal-data-access';
import { referralsByIds } from '../../referrals';
import { immersionOffersByIds } from '../../offers';
import { sessionsByIds } from '../../sessions';
import type { Viewer } from '../rules/viewer';

/**
 * A write on something the viewer may not read answers NOT_FOUND, as a read would: a FORBIDDEN would confirm that
 * the participant or referral exists (no leak through errors). FORBIDDEN is for what the viewer sees
 * but may not change. Checked before the transaction, on the request's own connection.
 */
export async function requireVisibleReferral(em: EntityManager, viewer: Viewer, referralId: number): Promise<void> {
  if ((await referralsByIds(em, viewer, [referralId])).length === 0) throw new NotFoundError('input.referralId', 'referral');
}

export async function requireVisibleParticipant(em: EntityManager, viewer: Viewer, participantId: number): Promise<void> {
  const access = await personalDataAccess(em, viewer, [participantId]);
  if ((access.get(participantId) ?? PersonalDataAccess.NONE) === PersonalDataAccess.NONE) throw new NotFoundError('input.participantId', 'participant');
}

export async function requireVisibleSession(em: EntityManager, viewer: Viewer, sessionId: number): Promise<void> {
  if ((await sessionsByIds(em, viewer, [sessionId])).length === 0) throw new NotFoundError('input.sessionId', 'session');
}

/** An immersion offer the viewer may not read (someone else's draft) is NOT_FOUND, not FORBIDDEN. */
export async function requireVisibleOffer(em: EntityManager, viewer: Viewer, offerId: number): Promise<void> {
  if ((await immersionOffersByIds(em, viewer, [offerId])).length === 0) throw new NotFoundError('input.immersionOfferId', 'immersion offer');
}
