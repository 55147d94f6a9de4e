import type { EntityManager } from '@mikro-orm/postgresql';
import { PersonalDataAccess, type Viewer } from '../../access';
import { NotFoundError } from '../../common/errors';
import { personalDataAccess } from '../queries/personal-data-access';

/**
 * A write on a participant the viewer may not read answers NOT_FOUND, as a read would: a FORBIDDEN would confirm
 * that the participant exists (no leak through errors). FORBIDDEN is for what the viewer sees but may not change.
 * Checked before the transaction, on the request's own connection. A participant is visible to whoever has some
 * access to their personal data, which their referrals decide (queries/personal-data-access.ts).
 */
export async function requireVisibleParticipant(em: EntityManager, viewer: Viewer, participantId: number): Promise<void> {
  const access = await personalDataAccess(em, viewer, [participantId]);
  if ((access.get(participantId) ?? PersonalDataAccess.NONE) === PersonalDataAccess.NONE) throw new NotFoundError('input.participantId', 'participant');
}
