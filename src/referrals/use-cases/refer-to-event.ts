import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import { SessionStatus } from '../../sessions';
import { isOldEnough, ParticipantPersonalData } from '../../participants';
import { OPEN_REFERRAL_STATUSES, ReferralStatus } from '../rules/referral-status';
import { sessionSeatsSql } from '../rules/seats';
import { insertReferral } from './referrals';
import { requireVisibleParticipant } from './require-visible-participant';
import { CapacityReachedError, NotFoundError } from '../../common/errors';
import { onceForKey } from '../../db/idempotency';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, parseInput, text, z } from '../../common/validate';

const ReferToEventInput = z.object({
  participantId: z.number().int().positive(),
  multiSiteEventId: z.number().int().positive(),
  motive: text(2000),
  idempotencyKey,
});

export type ReferToEventInput = z.input<typeof ReferToEventInput>;

/**
 * The workshop the hub picks for a referral to a whole multi-site event: the one where the participant already has
 * an open referral (a replay, or a second attempt, lands on the same workshop: referParticipant then answers the
 * first referral, or CONFLICT), else the published, not yet started workshop the participant is old enough for
 * (workshops may set different minimum ages) with the most places left once the referrals already waiting for it
 * are counted (so that referrals spread), earliest first. When the participant is too young for every workshop with
 * a seat left, the first of them is returned, so that insertReferral refuses it with its own checks in their order
 * (the prescriber's rights before the age). Seats themselves are only ever taken by the seat ledger when the
 * organiser accepts (acceptReferral: one conditional update per seat), so two referrals picking the same last seat
 * end with one ACCEPTED and one WAITLISTED, never an overbooked workshop. Runs in the referral's transaction, after
 * the event row is locked: concurrent picks for one event see each other's referrals, so they spread instead of all
 * reading the same counts.
 */
async function pickWorkshop(tx: EntityManager, eventId: number, participantId: number): Promise<number | null> {
  const seats = sessionSeatsSql('s');
  const open = OPEN_REFERRAL_STATUSES.map(() => '?').join(', ');
  const candidates = await tx.getConnection().execute<{ id: number; alreadyReferred: boolean; minimumAge: number; startsAt: Date }[]>(
    `select s.id, s.minimum_age as "minimumAge", s.starts_at as "startsAt",
            exists (select 1 from referral r where r.session_id = s.id and r.participant_id = ? and r.status in (${open})) as "alreadyReferred"
       from session s
      where s.multi_site_event_id = ?
        and (exists (select 1 from referral r where r.session_id = s.id and r.participant_id = ? and r.status in (${open}))
             or (s.status = ? and s.starts_at > now() and ${seats.hasSeatLeft}))
      order by "alreadyReferred" desc,
               ${seats.seatsLeft} - (select count(*) from referral w where w.session_id = s.id and w.status in (?, ?)) desc,
               s.starts_at, s.id`,
    [participantId, ...OPEN_REFERRAL_STATUSES, eventId, participantId, ...OPEN_REFERRAL_STATUSES, SessionStatus.PUBLISHED, ReferralStatus.PENDING, ReferralStatus.WAITLISTED],
    'all',
    tx.getTransactionContext(),
  );
  const [first] = candidates;
  if (!first || first.alreadyReferred) return first?.id ?? null;
  const birthDate = (await tx.findOne(ParticipantPersonalData, { participant: participantId }))?.birthDate;
  // No birth date (an erased participant): insertReferral refuses the participant anyway.
  if (!birthDate) return first.id;
  return (candidates.find((c) => isOldEnough(birthDate, new Date(c.startsAt), c.minimumAge)) ?? first).id;
}

/**
 * A prescriber refers a participant to a whole multi-site event (a rallye): the hub picks a workshop with a seat
 * left (pickWorkshop) and refers to it as referParticipant does, with the same rights, checks and idempotency. No
 * workshop with a seat left: CAPACITY_REACHED naming input.multiSiteEventId (refer to a workshop to join its waiting list).
 */
export async function referToMultiSiteEvent(em: EntityManager, viewer: Viewer, raw: ReferToEventInput): Promise<number> {
  const input = parseInput(ReferToEventInput, raw);
  await requireVisibleParticipant(em, viewer, input.participantId);
  return inTransaction(
    em,
    (tx) =>
      onceForKey(tx, viewer, 'referParticipantToEvent', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
        // One pick at a time per event (see pickWorkshop); referrals to other events do not wait.
        const [event] = await tx.getConnection().execute<{ id: number }[]>(
          'select id from multi_site_event where id = ? for update',
          [input.multiSiteEventId],
          'all',
          tx.getTransactionContext(),
        );
        if (!event) throw new NotFoundError('input.multiSiteEventId', 'multi-site event');
        const sessionId = await pickWorkshop(tx, input.multiSiteEventId, input.participantId);
        if (sessionId === null) throw new CapacityReachedError('no workshop of this event has a seat left: refer to one of its workshops to join its waiting list', 'input.multiSiteEventId');
        return insertReferral(tx, viewer, { participantId: input.participantId, sessionId, motive: input.motive });
      }),
    'input.multiSiteEventId',
  );
}
