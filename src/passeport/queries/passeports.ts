import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import { todayInFrance } from '../../common/local-date';
import { groupBy } from '../../db/list-query';
import { assemblePasseport, type Passeport } from '../rules/passeport';
import { passeportImmersionRows, passeportSessionRows } from './passeport';
import { sharedNotesOf } from './shared-notes';

/**
 * The passeports of some participants, issued today, in a fixed number of statements whatever their number (the
 * request's loader batches the participants of a page). Reads whatever it is asked: the caller checks the viewer's
 * access first (queries/passeport-access.ts).
 */
export async function passeportsOf(em: EntityManager, viewer: Viewer, participantIds: readonly number[]): Promise<Map<number, Passeport>> {
  const sessions = await passeportSessionRows(em, participantIds);
  const immersions = await passeportImmersionRows(em, participantIds);
  const notes = await sharedNotesOf(em, viewer, participantIds);
  const sessionsOf = groupBy(sessions, (r) => r.participantId);
  const immersionsOf = groupBy(immersions, (r) => r.participantId);
  const issuedOn = todayInFrance();
  return new Map(participantIds.map((id) => [id, assemblePasseport(id, issuedOn, sessionsOf.get(id) ?? [], immersionsOf.get(id) ?? [], notes.get(id) ?? [])]));
}
