import type { EntityManager } from '@mikro-orm/postgresql';
import { ReferralStatus } from '../../referrals';
import type { PasseportImmersionRow, PasseportSessionRow } from '../rules/passeport';

/**
 * The rows of the passeports of some participants, in two statements whatever their number (one for the sessions
 * attended, one for the immersions completed), for the GraphQL loader and the PDF alike. Who may read them is
 * decided before (queries/passeport-access.ts): these read whatever they are asked.
 */

/** A visit counts once it took place with the participant there: attendance recorded, then perhaps an outcome. */
const DONE = [ReferralStatus.ATTENDED, ReferralStatus.COMPLETED];

const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');

export async function passeportSessionRows(em: EntityManager, participantIds: readonly number[]): Promise<PasseportSessionRow[]> {
  const ids = [...new Set(participantIds)];
  if (ids.length === 0) return [];
  const rows = await em.getConnection().execute<(Omit<PasseportSessionRow, 'startsAt' | 'endsAt'> & { startsAt: string | Date; endsAt: string | Date })[]>(
    `select r.participant_id as "participantId", s.id as "sessionId", s.title, s.kind, s.starts_at as "startsAt", s.ends_at as "endsAt",
            o.id as "organiserId", o.name as "organiserName", c.id as "hostCompanyId", c.name as "hostCompanyName",
            hs.id as "hostStructureId", hs.name as "hostStructureName",
            s.commune_code as "communeCode", co.name as "communeName",
            coalesce((select json_agg(json_build_object('code', m.code, 'label', m.label) order by m.code)
                      from session_metier sm join metier m on m.code = sm.metier_code where sm.session_id = s.id), '[]'::json) as metiers
     from referral r
     join session s on s.id = r.session_id
     join structure o on o.id = s.organiser_id
     left join company c on c.id = s.host_company_id
     left join structure hs on hs.id = s.host_structure_id
     left join commune co on co.code = s.commune_code
     where r.participant_id in (${inList(ids)}) and r.status in (${inList(DONE)})
     order by r.participant_id, s.starts_at, s.id`,
    [...ids, ...DONE],
  );
  // The driver hands timestamps over as text here (raw statement): instants for the rules.
  return rows.map((row) => ({ ...row, startsAt: new Date(row.startsAt), endsAt: new Date(row.endsAt) }));
}

export async function passeportImmersionRows(em: EntityManager, participantIds: readonly number[]): Promise<PasseportImmersionRow[]> {
  const ids = [...new Set(participantIds)];
  if (ids.length === 0) return [];
  // The days come from the referral's log, in France: the hub records when the company agreed and when the
  // immersion was recorded as done, not each day of presence.
  const dayOf = (status: ReferralStatus, pick: 'min' | 'max') =>
    `(select to_char(${pick}(t.at) at time zone 'Europe/Paris', 'YYYY-MM-DD') from referral_transition t where t.referral_id = r.id and t.to_status = '${status}')`;
  return em.getConnection().execute<PasseportImmersionRow[]>(
    `select r.participant_id as "participantId", o.id as "immersionOfferId", o.title, o.objective,
            c.id as "companyId", c.name as "companyName", json_build_object('code', m.code, 'label', m.label) as metier,
            a.code as "appellationCode", a.label as "appellationLabel",
            ${dayOf(ReferralStatus.ACCEPTED, 'min')} as "agreedOn", ${dayOf(ReferralStatus.ATTENDED, 'max')} as "attendedOn"
     from referral r
     join immersion_offer o on o.id = r.immersion_offer_id
     join company c on c.id = o.company_id
     join metier m on m.code = o.metier_code
     left join appellation a on a.code = o.appellation_code
     where r.participant_id in (${inList(ids)}) and r.status in (${inList(DONE)})
     order by r.participant_id, r.id`,
    [...ids, ...DONE],
  );
}

/** The holder of a passeport as the PDF names them; null when no such participant exists. */
export interface PasseportHolderRow {
  participantId: number;
  firstName: string | null;
  lastName: string | null;
  referentName: string;
}

export async function passeportHolder(em: EntityManager, participantId: number): Promise<PasseportHolderRow | null> {
  const [row] = await em.getConnection().execute<PasseportHolderRow[]>(
    `select p.id as "participantId", d.first_name as "firstName", d.last_name as "lastName", s.name as "referentName"
     from participant p
     join structure s on s.id = p.referent_structure_id
     left join participant_personal_data d on d.participant_id = p.id
     where p.id = ?`,
    [participantId],
  );
  return row ?? null;
}
