import type { EntityManager } from '@mikro-orm/postgresql';
import { findViewerByTokenSecret } from '../services/auth/api-tokens';
import { UnauthenticatedError } from '../services/errors';
import type { Viewer } from '../services/viewer';

const BEARER = /^Bearer\s+(\S{1,512})\s*$/i;

/** The viewer behind an `Authorization: Bearer <token>` value (HTTP header or graphql-ws connectionParams). */
export async function authenticate(em: EntityManager, authorization: unknown): Promise<Viewer> {
  if (typeof authorization !== 'string' || authorization.length === 0) throw new UnauthenticatedError();
  const match = BEARER.exec(authorization);
  if (!match) throw new UnauthenticatedError('the Authorization value must be "Bearer <token>"');
  const viewer = await findViewerByTokenSecret(em, match[1]!);
  if (!viewer) throw new UnauthenticatedError('this token is unknown, revoked or expired');
  return viewer;
}
