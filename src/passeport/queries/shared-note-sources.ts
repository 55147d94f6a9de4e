import type { EntityManager } from '@mikro-orm/postgresql';
import { isSharedWithParticipant } from '../../debriefs';
import { evaluationReadable } from '../../evaluations';
import { groupBy } from '../../db/list-query';
import { debriefNote, evaluationNote, type SharedDebriefRow, type SharedEvaluationRow } from '../rules/shared-notes';
import type { SharedNotesSource } from './shared-notes';

/**
 * The two sources of the passeport's shared notes, one statement each for any number of participants. What is
 * shared is decided by the debriefs' and evaluations' own rules (the same as Referral.debriefs and
 * Referral.evaluation read as the participant): the statements read the participants' debriefs and grids, the rules
 * keep the shared ones. Whoever reads the passeport reads these notes: they are part of the participant's document.
 */

const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');

const notesBy = <T extends { participantId: number }, N>(rows: readonly T[], note: (row: T) => N) =>
  new Map([...groupBy(rows, (r) => r.participantId)].map(([id, found]) => [id, found.map(note)]));

export const debriefNotes: SharedNotesSource = async (em, _viewer, participantIds) => {
  const ids = [...new Set(participantIds)];
  if (ids.length === 0) return new Map();
  const rows = await em.getConnection().execute<(SharedDebriefRow & { sharedWithParticipant: boolean })[]>(
    `select r.participant_id as "participantId", d.id as "debriefId", s.title as "sessionTitle",
            to_char(d.updated_at at time zone 'Europe/Paris', 'YYYY-MM-DD') as "on",
            coalesce((select json_agg(json_build_object('code', m.code, 'label', m.label, 'interest', i.interest) order by m.code)
                      from debrief_interest i join metier m on m.code = i.metier_code where i.debrief_id = d.id), '[]'::json) as interests,
            d.wishes, d.comment, d.shared_with_participant as "sharedWithParticipant"
     from debrief d
     join referral r on r.id = d.referral_id
     join session s on s.id = r.session_id
     where r.participant_id in (${inList(ids)})
     order by r.participant_id, d.updated_at, d.id`,
    ids,
  );
  return notesBy(rows.filter(isSharedWithParticipant), debriefNote);
};

export const evaluationNotes: SharedNotesSource = async (em, _viewer, participantIds) => {
  const ids = [...new Set(participantIds)];
  if (ids.length === 0) return new Map();
  const rows = await em.getConnection().execute<(SharedEvaluationRow & { sharedAt: string | null })[]>(
    `select r.participant_id as "participantId", e.id as "evaluationId", o.title as "offerTitle",
            to_char(e.shared_at at time zone 'Europe/Paris', 'YYYY-MM-DD') as "on",
            coalesce((select json_agg(json_build_object('code', g.item->'code', 'label', coalesce(c.label, (g.item->>'code')), 'level', g.item->>'level') order by g.n)
                      from jsonb_array_elements(e.competences::jsonb) with ordinality as g(item, n)
                      left join rome_competence c on c.code = (g.item->>'code')::int), '[]'::json) as competences,
            e.punctuality, e.teamwork, e.instructions, e.company_satisfaction as "companySatisfaction",
            e.participant_satisfaction as "participantSatisfaction", e.comment, e.shared_at as "sharedAt"
     from immersion_evaluation e
     join referral r on r.id = e.referral_id
     join immersion_offer o on o.id = r.immersion_offer_id
     where r.participant_id in (${inList(ids)})
     order by r.participant_id, e.shared_at, e.id`,
    ids,
  );
  return notesBy(rows.filter((row) => evaluationReadable('PARTICIPANT', row.sharedAt)), evaluationNote);
};
