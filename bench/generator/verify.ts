import type { ClientBase } from 'pg';

/**
 * What the hub promises about its data, checked on the generated database in SQL (each query counts violations):
 * if one fails, the generator is wrong and the workloads would measure something the app never produces.
 */
const CHECKS: readonly { what: string; sql: string }[] = [
  {
    what: 'session.seats_taken = referrals holding a seat',
    sql: `select count(*) from session s left join (
            select session_id, count(*) as held from referral
            where session_id is not null and status in ('ACCEPTED', 'ATTENDED', 'NO_SHOW', 'COMPLETED') group by session_id
          ) r on r.session_id = s.id
          where s.seats_taken <> coalesce(r.held, 0)`,
  },
  { what: 'FULL exactly when no seat is left (published sessions)', sql: `select count(*) from session where (status = 'FULL') <> (seats_taken >= capacity) and status in ('PUBLISHED', 'FULL')` },
  {
    what: 'waiting lists only on full sessions',
    sql: `select count(*) from referral r join session s on s.id = r.session_id where r.status = 'WAITLISTED' and s.status <> 'FULL'`,
  },
  { what: 'no referral to a draft', sql: `select count(*) from referral r join session s on s.id = r.session_id where s.status = 'DRAFT'` },
  {
    what: 'no open referral to a completed or cancelled session',
    sql: `select count(*) from referral r join session s on s.id = r.session_id where s.status in ('COMPLETED', 'CANCELLED') and r.status in ('PENDING', 'ACCEPTED', 'WAITLISTED')`,
  },
  {
    what: 'immersion offers: accepted ≤ positions',
    sql: `select count(*) from (select o.id from immersion_offer o join referral r on r.immersion_offer_id = o.id
            and r.status in ('ACCEPTED', 'ATTENDED', 'COMPLETED', 'NO_SHOW') group by o.id, o.positions having count(*) > o.positions) x`,
  },
  {
    what: 'prescriber = the participant’s referent structure, with the prescriber right',
    sql: `select count(*) from referral r join participant p on p.id = r.participant_id join structure st on st.id = r.prescriber_structure_id
          where r.prescriber_structure_id <> p.referent_structure_id or not st.can_prescribe`,
  },
  {
    what: 'status = the last transition’s, and the log starts PENDING',
    sql: `select count(*) from referral r join lateral (
            select (array_agg(t.to_status order by t.at desc, t.id desc))[1] as last,
                   (array_agg(t.to_status order by t.at, t.id))[1] as first,
                   bool_or(t.from_status is null and t.to_status = 'PENDING') as created
            from referral_transition t where t.referral_id = r.id) t on true
          where t.last is distinct from r.status or t.first <> 'PENDING' or not t.created`,
  },
  { what: 'PENDING referrals younger than the expiry delay', sql: `select count(*) from referral where status = 'PENDING' and created_at < $1::timestamptz - interval '30 days'` },
  { what: 'nothing happens after the reference now', sql: `select count(*) from referral_transition where at > $1::timestamptz` },
  { what: 'erased participants have no personal data', sql: `select count(*) from participant p join participant_personal_data d on d.participant_id = p.id where p.erased_at is not null` },
  { what: 'located rows: département of their commune', sql: `select (select count(*) from session s join commune c on c.code = s.commune_code where c.departement_code <> s.departement_code or c.latitude <> s.latitude)
      + (select count(*) from immersion_offer o join commune c on c.code = o.commune_code where c.departement_code <> o.departement_code or c.longitude <> o.longitude)` },
  { what: 'appellation of the offer’s métier', sql: `select count(*) from immersion_offer o join appellation a on a.code = o.appellation_code where a.metier_code <> o.metier_code` },
];

export async function verify(client: ClientBase, now: Date): Promise<{ what: string; violations: number }[]> {
  const results = [];
  for (const check of CHECKS) {
    const params = check.sql.includes('$1') ? [now] : [];
    const { rows } = await client.query<Record<string, string>>(check.sql, params);
    const value = rows[0] ? Number(Object.values(rows[0])[0]) : 0;
    results.push({ what: check.what, violations: value });
  }
  return results;
}
