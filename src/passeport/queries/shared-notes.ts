import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import type { SharedNote } from '../rules/passeport';
import { debriefNotes, evaluationNotes } from './shared-note-sources';

/**
 * Where the passeport's shared notes come from: each capability that writes notes for a participant (debriefs,
 * immersion evaluations) provides one function answering, for some participants, the notes shared with them, in one
 * statement; listing it below is all it takes for the passeport (and its PDF) to show them.
 */
export type SharedNotesSource = (em: EntityManager, viewer: Viewer, participantIds: readonly number[]) => Promise<Map<number, SharedNote[]>>;

/** Debriefs shared with the participant, and immersion evaluations once the prescriber shared them. */
const SOURCES: readonly SharedNotesSource[] = [debriefNotes, evaluationNotes];

/** The notes shared with each participant, from every source. */
export async function sharedNotesOf(em: EntityManager, viewer: Viewer, participantIds: readonly number[], sources: readonly SharedNotesSource[] = SOURCES): Promise<Map<number, SharedNote[]>> {
  const notes = new Map<number, SharedNote[]>(participantIds.map((id) => [id, []]));
  for (const source of sources) {
    for (const [id, found] of await source(em, viewer, participantIds)) notes.get(id)?.push(...found);
  }
  return notes;
}
