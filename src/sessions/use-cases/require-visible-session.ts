import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import { NotFoundError } from '../../common/errors';
import { sessionsByIds } from '../queries/sessions';

/**
 * A write on a session the viewer may not read (someone else's draft) answers NOT_FOUND, as a read would: a
 * FORBIDDEN would confirm that it exists. Checked before the transaction, on the request's own connection.
 */
export async function requireVisibleSession(em: EntityManager, viewer: Viewer, sessionId: number): Promise<void> {
  if ((await sessionsByIds(em, viewer, [sessionId])).length === 0) throw new NotFoundError('input.sessionId', 'session');
}
