import { ATTENDANCE_WINDOW_DAYS, SessionStatus } from '../../sessions';
import { OPEN_REFERRAL_STATUSES } from '../rules/referral-status';

const OPEN = OPEN_REFERRAL_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * SQL: whether the referral `r` is still under way — open (PENDING, ACCEPTED, WAITLISTED) and its target still
 * running: a session not yet COMPLETED (a held one may still get its attendance), an immersion whose last day is at
 * most ATTENDANCE_WINDOW_DAYS past. A referral left ACCEPTED by a session that completed without its attendance
 * recorded keeps its status (nobody knows whether the person came), but holds nothing open any more: retention may
 * then erase the person.
 */
export function referralUnderWaySql(r: string): string {
  return `(${r}.status in (${OPEN}) and (
    exists (select 1 from session us where us.id = ${r}.session_id and us.status <> '${SessionStatus.COMPLETED}')
    or exists (select 1 from immersion_offer uo where uo.id = ${r}.immersion_offer_id
               and uo.available_until >= (now() at time zone 'Europe/Paris')::date - ${ATTENDANCE_WINDOW_DAYS})))`;
}
