import type { EntityManager } from '@mikro-orm/postgresql';
import { findViewerByTokenHash } from './api-tokens';
import { hashTokenSecret } from '../rules/token-secret';
import { UnauthenticatedError } from '../../common/errors';
import type { Viewer } from '../rules/viewer';
import type { ViewerCache } from '../viewer-cache';

const BEARER = /^Bearer\s+(\S{1,512})\s*$/i;

/**
 * The viewer behind an `Authorization: Bearer <token>` value (HTTP header or graphql-ws connectionParams), from the
 * instance's cache when it holds it.
 */
export async function authenticate(em: EntityManager, authorization: unknown, cache?: ViewerCache): Promise<Viewer> {
  if (typeof authorization !== 'string' || authorization.length === 0) throw new UnauthenticatedError();
  const match = BEARER.exec(authorization);
  if (!match) throw new UnauthenticatedError('the Authorization value must be "Bearer <token>"');
  const tokenHash = hashTokenSecret(match[1]!);
  const cached = cache?.get(tokenHash);
  if (cached) return cached;
  const generation = cache?.generation ?? 0;
  const found = await findViewerByTokenHash(em, tokenHash);
  if (!found) throw new UnauthenticatedError('this token is unknown, revoked or expired');
  cache?.set(tokenHash, found.viewer, found.expiresAt, generation);
  return found.viewer;
}
