import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../common/errors';
import { personalDataAccess, PersonalDataAccess } from '../personal-data-access';
import type { Viewer } from '../rules/viewer';

/**
 * A write on a participant the viewer may not read answers NOT_FOUND, as a read would: a FORBIDDEN would confirm
 * that the participant exists (no leak through errors). FORBIDDEN is for what the viewer sees but may not change.
 * Checked before the transaction, on the request's own connection. The checks on sessions, offers and referrals
 * live beside their read queries, in their capabilities.
 */
export async function requireVisibleParticipant(em: EntityManager, viewer: Viewer, participantId: number): Promise<void> {
  const access = await personalDataAccess(em, viewer, [participantId]);
  if ((access.get(participantId) ?? PersonalDataAccess.NONE) === PersonalDataAccess.NONE) throw new NotFoundError('input.participantId', 'participant');
}
