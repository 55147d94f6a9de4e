import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, actsForOrganisation, isNetworkAdmin, type Viewer, requireCompanyMember, requireStructureMember } from '../../access';
import { requireVisibleParticipant } from './require-visible-participant';
import { requireVisibleReferral } from './require-visible-referral';
import { ImmersionOffer, OfferStatus, offerTakesReferrals } from '../../offers';
import { isOldEnough } from '../../participants';
import { Referral } from '../entities/referral';
import { ReferralTransition } from '../entities/referral-transition';
import { isAttendanceWindowOpen, Session, SessionStatus, sessionTakesReferrals } from '../../sessions';
import { emitSessionSlot } from './session-slot-event';
import { ContractType } from '../rules/contract-type';
import { NoShowParty } from '../rules/no-show-party';
import { ReferralOutcome } from '../rules/referral-outcome';
import { OPEN_REFERRAL_STATUSES, ReferralStatus } from '../rules/referral-status';
import { RefusalReason } from '../rules/refusal-reason';
import { hasPlaceLeft, holdsSessionSeat, OFFER_POSITION_STATUSES, sessionSeatsSql } from '../rules/seats';
import { canMove, CancellationReason } from '../rules/referral-transitions';
import { BadInputError, CapacityReachedError, ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../../common/errors';
import { idempotencyResultSql, type KeyClaim, onceForKey } from '../../db/idempotency';
import { eventInsertSql, OutboxEventType } from '../../events';
import { type LockedReferral, lockOfferPlaces, lockReferralRow, type MovedEvent, refusedAsNotFoundUnlessVisible, requireHostOf, writeMove } from './referral-writes';
import { emitReferralUpdated, referralEventRowsSql } from './referral-updated-event';
import { scheduleFollowUps } from './follow-ups';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, optionalText, parseInput, text, z } from '../../common/validate';

const { PENDING, ACCEPTED, WAITLISTED, REFUSED, CANCELLED, ATTENDED, NO_SHOW, COMPLETED } = ReferralStatus;

// ——— the seat ledger (rules/seats.ts): `session.seats_taken` moves only here, in SQL: one `update` checks and
// moves the counter under the row lock, so concurrent requests serialise on the row and cannot overbook ———
// (Statuses and SQL are read when called, not at load: capabilities import each other in a cycle.)

/**
 * Takes a seat if one is left; marks the session FULL on the last (sessionStatusForSeats, in SQL: the status must
 * move in the same statement as the counter).
 */
async function takeSeat(tx: EntityManager, sessionId: number): Promise<boolean> {
  const { PUBLISHED: PUBLISHED_SESSION, FULL: FULL_SESSION } = SessionStatus;
  const rows = await tx.getConnection().execute<{ id: number }[]>(
    `update session set seats_taken = seats_taken + 1, updated_at = now(),
       status = case when seats_taken + 1 >= capacity and status = '${PUBLISHED_SESSION}' then '${FULL_SESSION}' else status end
     where id = ? and ${sessionSeatsSql('session').hasSeatLeft} returning id`,
    [sessionId],
    'all',
    tx.getTransactionContext(),
  );
  return rows.length === 1;
}

/**
 * The host's yes to a session referral, in one statement with the seat: takes a seat if one is left (takeSeat's
 * update) and moves the referral to ACCEPTED, else a PENDING referral joins the waiting list (WAITLISTED, at the
 * time it found the session full: its place in the list); with its log line and its REFERRAL_UPDATED event. Returns
 * the status written, or null when nothing moved (a WAITLISTED referral, still no seat).
 */
async function acceptToSession(tx: EntityManager, viewer: Viewer, referral: LockedReferral): Promise<ReferralStatus | null> {
  const { PUBLISHED: PUBLISHED_SESSION, FULL: FULL_SESSION } = SessionStatus;
  const at = new Date();
  const event = eventInsertSql(OutboxEventType.REFERRAL_UPDATED, referralEventRowsSql('moved'));
  const [written] = await tx.getConnection().execute<MovedEvent[]>(
    `with seat as (
       update session set seats_taken = seats_taken + 1, updated_at = now(),
         status = case when seats_taken + 1 >= capacity and status = '${PUBLISHED_SESSION}' then '${FULL_SESSION}' else status end
       where id = ? and ${sessionSeatsSql('session').hasSeatLeft} returning id
     ), moved as (
       update referral set status = case when exists (select from seat) then '${ACCEPTED}' else '${WAITLISTED}' end,
         waitlisted_at = case when exists (select from seat) then waitlisted_at else clock_timestamp() end,
         answered_at = coalesce(answered_at, ?), updated_at = ?
       where id = ? and status = ? and (exists (select from seat) or status = '${PENDING}') returning *
     ), logged as (
       insert into referral_transition (referral_id, from_status, to_status, actor_id, reason, at)
       select id, ?, status, ?, case when status = '${WAITLISTED}' then 'no seat left' end, ? from moved
     )
     ${event}`,
    [referral.sessionId, at, at, referral.id, referral.status, referral.status, viewer.accountId, at],
    'all',
    tx.getTransactionContext(),
  );
  return written?.data.status ?? null;
}

/** Frees a seat; a FULL session reopens. Returns whether it was full. */
async function freeSeat(tx: EntityManager, sessionId: number): Promise<boolean> {
  const { PUBLISHED: PUBLISHED_SESSION, FULL: FULL_SESSION } = SessionStatus;
  const [row] = await tx.getConnection().execute<{ wasFull: boolean }[]>(
    `update session s set seats_taken = s.seats_taken - 1, updated_at = now(),
       status = case when s.status = '${FULL_SESSION}' then '${PUBLISHED_SESSION}' else s.status end
     from (select id, status = '${FULL_SESSION}' as was_full from session where id = ? for update) old
     where s.id = old.id and s.seats_taken > 0 returning old.was_full as "wasFull"`,
    [sessionId],
    'all',
    tx.getTransactionContext(),
  );
  return row?.wasFull ?? false;
}

/** Gives a freed seat to the first of the waiting list (in the order they joined it), if any. */
async function promoteFromWaitlist(tx: EntityManager, sessionId: number): Promise<boolean> {
  const [next] = await tx.getConnection().execute<{ id: number }[]>(
    `select id from referral where session_id = ? and status = '${WAITLISTED}'
     order by waitlisted_at, id limit 1 for update skip locked`,
    [sessionId],
    'all',
    tx.getTransactionContext(),
  );
  if (!next || !(await takeSeat(tx, sessionId))) return false;
  const referral = await tx.findOneOrFail(Referral, next.id);
  move(tx, referral, ACCEPTED, null, 'promoted from the waiting list');
  return true;
}

// ——— helpers ———

/** Referrals moved in each transaction: their REFERRAL_UPDATED events are written when it is saved. */
const movedIn = new WeakMap<EntityManager, Set<Referral>>();

function track(tx: EntityManager, referral: Referral): void {
  const moved = movedIn.get(tx) ?? new Set<Referral>();
  moved.add(referral);
  movedIn.set(tx, moved);
}

/** Flushes the unit of work, then writes one outbox event per moved referral, in the same transaction. */
export async function saveReferrals(tx: EntityManager): Promise<void> {
  await tx.flush();
  const moved = movedIn.get(tx);
  movedIn.delete(tx);
  if (moved?.size) await emitReferralUpdated(tx, [...moved].map((r) => r.id));
}

/** Applies a move of the state machine and logs it (who, when, from, to, why); `field` names the referral in errors. */
function move(tx: EntityManager, referral: Referral, to: ReferralStatus, actor: Viewer | null, reason: string | null, field = 'input.referralId'): void {
  if (!canMove(referral.status, to)) throw new InvalidTransitionError('this referral', referral.status, to, field);
  tx.create(ReferralTransition, {
    referral,
    fromStatus: referral.status,
    toStatus: to,
    actor: actor ? tx.getReference(Account, actor.accountId) : null,
    reason,
  });
  referral.status = to;
  track(tx, referral);
}

/** Loads a referral locked for update: concurrent moves of one referral happen one after the other. */
async function lockReferral(tx: EntityManager, referralId: number): Promise<Referral> {
  const referral = await tx.findOne(Referral, referralId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!referral) throw new NotFoundError('input.referralId', 'referral');
  return referral;
}

/** The host answers: the session's organiser, or the offering company. */
async function requireHost(tx: EntityManager, viewer: Viewer, referral: Referral, what: string): Promise<void> {
  if (referral.session) {
    const session = await tx.findOneOrFail(Session, referral.session.id);
    requireStructureMember(viewer, session.organiser.id, what);
  } else {
    const offer = await tx.findOneOrFail(ImmersionOffer, referral.immersionOffer!.id);
    requireCompanyMember(viewer, offer.company.id, what);
  }
}

/** The prescriber side: staff of the prescribing structure (or the participant, for a withdrawal). */
function isPrescriber(viewer: Viewer, referral: Referral): boolean {
  return isNetworkAdmin(viewer) || (viewer.structureId !== null && viewer.structureId === referral.prescriberStructure.id && viewer.companyId === null);
}

// ——— use cases ———

const ReferInput = z
  .object({
    participantId: z.number().int().positive(),
    sessionId: z.number().int().positive().nullish(),
    immersionOfferId: z.number().int().positive().nullish(),
    motive: text(2000),
    idempotencyKey,
  })
  .refine((i) => (i.sessionId == null) !== (i.immersionOfferId == null), { message: 'give exactly one of sessionId and immersionOfferId', path: ['sessionId'] });

export type ReferInput = z.input<typeof ReferInput>;

/**
 * A prescriber refers a participant its structure follows to a published session or immersion offer. The same
 * idempotency key replayed returns the first referral. Statements: the key's claim (with a key), the participant
 * and target locked and read (one), the referral, its log line, the participant's activity and the event written
 * (one); the visibility check only on a refusal or a replay (insertReferral's success implies it).
 */
export async function referParticipant(em: EntityManager, viewer: Viewer, raw: ReferInput): Promise<number> {
  const input = parseInput(ReferInput, raw);
  let inserted = false;
  const referralId = await refusedAsNotFoundUnlessVisible(
    () =>
      inTransaction(
        em,
        (tx) =>
          onceForKey(tx, viewer, 'referParticipant', input.idempotencyKey, { ...input, idempotencyKey: undefined }, (claim) => {
            inserted = true;
            return insertReferral(tx, viewer, input, claim);
          }),
        input.sessionId != null ? 'input.sessionId' : 'input.immersionOfferId',
      ),
    () => requireVisibleParticipant(em, viewer, input.participantId),
  );
  // A replay (the key's first result) checked nothing of the participant: it may have left the viewer's sight since.
  if (!inserted) await requireVisibleParticipant(em, viewer, input.participantId);
  return referralId;
}

/** What insertReferral reads in one statement: the participant, the prescriber's right, the target, an open referral. */
interface ReferralGrounds {
  referentStructureId: number;
  erased: boolean;
  canPrescribe: boolean | null;
  birthDate: string | null;
  targetId: number | null;
  targetStatus: string | null;
  minimumAge: number | null;
  /** The session's start (ms since the epoch), or the offer's first day (YYYY-MM-DD). */
  startsAtMs: number | null;
  availableFrom: string | null;
  openReferral: boolean;
}

/**
 * Writes one PENDING referral in the caller's transaction, with every check of referParticipant (the prescriber, the
 * participant it follows, the target taking referrals, the minimum age, no open referral to the same target): also
 * used by referParticipantToEvent once the hub has picked the workshop (refer-to-event.ts). `claim`: the idempotency
 * key claimed for it, recorded by the same statement. Its success implies that the viewer reads the participant (the
 * referent structure's staff, or a network admin); the caller checks visibility on a refusal only.
 */
export async function insertReferral(
  tx: EntityManager,
  viewer: Viewer,
  input: Omit<z.output<typeof ReferInput>, 'idempotencyKey'>,
  claim: KeyClaim | null = null,
): Promise<number> {
  if (viewer.structureId === null && !isNetworkAdmin(viewer)) throw new ForbiddenError('only a prescribing structure may refer participants');
  // A viewer that does not act for an organisation reads no one's file but its own: said without a statement
  // (personalDataAccess answers it from the viewer), before anything else, as if checked first.
  if (!isNetworkAdmin(viewer) && !actsForOrganisation(viewer.role)) await requireVisibleParticipant(tx, viewer, input.participantId);
  const toSession = input.sessionId != null;
  const open = OPEN_REFERRAL_STATUSES.map(() => '?').join(', ');
  // The participant is locked for update (its last activity is written below): erasing it waits for this referral
  // to commit (and then cancels it), or this referral waits and sees it erased; two referrals of one participant
  // take turns instead of deadlocking on the upgrade of a shared lock. FOR SHARE on the target: cancelling or
  // closing it waits likewise.
  const [grounds] = await tx.getConnection().execute<ReferralGrounds[]>(
    `with p as materialized (select id, referent_structure_id, erased_at from participant where id = ? for no key update),
          t as materialized (${toSession ? 'select id, status, minimum_age, starts_at, null::date as available_from from session' : 'select id, status, minimum_age, null::timestamptz as starts_at, available_from from immersion_offer'}
                             where id = ? for share)
     select p.referent_structure_id as "referentStructureId", p.erased_at is not null as erased, ps.can_prescribe as "canPrescribe",
            d.birth_date as "birthDate", t.id as "targetId", t.status as "targetStatus", t.minimum_age as "minimumAge",
            (extract(epoch from t.starts_at) * 1000)::float8 as "startsAtMs", t.available_from as "availableFrom",
            exists (select 1 from referral r where r.participant_id = p.id and r.${toSession ? 'session_id' : 'immersion_offer_id'} = t.id and r.status in (${open})) as "openReferral"
       from p
       left join structure ps on ps.id = coalesce(?::int, p.referent_structure_id)
       left join participant_personal_data d on d.participant_id = p.id
       left join t on true`,
    [input.participantId, toSession ? input.sessionId : input.immersionOfferId, ...OPEN_REFERRAL_STATUSES, isNetworkAdmin(viewer) ? null : viewer.structureId],
    'all',
    tx.getTransactionContext(),
  );
  if (!grounds || grounds.erased) throw new NotFoundError('input.participantId', 'participant');
  const prescriberId = isNetworkAdmin(viewer) ? grounds.referentStructureId : viewer.structureId!;
  if (!grounds.canPrescribe) throw new ForbiddenError('your structure does not have the prescriber right');
  // Referring someone does not open their file: only the referent structure refers.
  if (grounds.referentStructureId !== prescriberId) throw new ForbiddenError('you may refer only participants your structure follows', 'input.participantId');

  let ageAt: Date;
  if (toSession) {
    if (grounds.targetId === null || !isVisibleTarget(viewer, grounds.targetStatus === SessionStatus.DRAFT)) throw new NotFoundError('input.sessionId', 'session');
    const status = grounds.targetStatus as SessionStatus;
    if (!sessionTakesReferrals(status)) throw new BadInputError('input.sessionId', `is a ${status} session: only published sessions take referrals`);
    if (grounds.startsAtMs! <= Date.now()) throw new BadInputError('input.sessionId', 'is a session that has already started');
    ageAt = new Date(grounds.startsAtMs!);
  } else {
    if (grounds.targetId === null || !isVisibleTarget(viewer, grounds.targetStatus === OfferStatus.DRAFT)) throw new NotFoundError('input.immersionOfferId', 'immersion offer');
    const status = grounds.targetStatus as OfferStatus;
    if (!offerTakesReferrals(status)) throw new BadInputError('input.immersionOfferId', `is a ${status} offer: only published offers take referrals`);
    ageAt = new Date(`${grounds.availableFrom}T12:00:00Z`);
  }
  const what = toSession ? 'session' : 'immersion offer';
  const minimumAge = grounds.minimumAge!;
  // Birth dates are required at registration; an erased one (never referred again) is not checked.
  if (grounds.birthDate && !isOldEnough(grounds.birthDate, ageAt, minimumAge)) {
    throw new BadInputError('input.participantId', `is under the minimum age of ${minimumAge} (minimumAge of this ${what}) on its first day`);
  }
  if (grounds.openReferral) throw new ConflictError(`the participant already has an open referral to this ${what}`, toSession ? 'input.sessionId' : 'input.immersionOfferId');

  // One statement: the referral, its first log line, the participant's activity, the key's result, the event. Two
  // such requests at once both pass the check above: the partial unique index turns the second into CONFLICT.
  const at = new Date();
  const event = eventInsertSql(OutboxEventType.REFERRAL_UPDATED, referralEventRowsSql('created'));
  const keyed = idempotencyResultSql(claim, '(select id from created)');
  const [written] = await tx.getConnection().execute<{ entityId: number }[]>(
    `with created as (
       insert into referral (participant_id, prescriber_structure_id, prescriber_account_id, session_id, immersion_offer_id, motive, status, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning *
     ), logged as (
       insert into referral_transition (referral_id, from_status, to_status, actor_id, reason, at) select id, null, status, ?, ?, ? from created
     ), touched as (
       update participant set last_activity_at = ? where id = ?
     )${keyed ? `, ${keyed}` : ''}
     ${event}`,
    [
      input.participantId, prescriberId, viewer.accountId, toSession ? input.sessionId : null, toSession ? null : input.immersionOfferId, input.motive, PENDING, at, at,
      viewer.accountId, input.motive, at,
      at, input.participantId,
    ],
    'all',
    tx.getTransactionContext(),
  );
  return written!.entityId;
}

function isVisibleTarget(viewer: Viewer, isDraft: boolean): boolean {
  return !isDraft || isNetworkAdmin(viewer);
}

const ReferralIdInput = z.object({ referralId: z.number().int().positive() });

/**
 * The referral locked for its host's answer (accept or refuse), checked: it exists, the viewer answers for its host
 * (passing implies reading it: the organiser's staff, the offering company's, or an admin; queries/visibility.ts),
 * and it may move to `to`.
 */
async function lockForHostAnswer(tx: EntityManager, viewer: Viewer, referralId: number, to: ReferralStatus) {
  const referral = await lockReferralRow(tx, referralId);
  if (!referral) throw new NotFoundError('input.referralId', 'referral');
  requireHostOf(viewer, referral, 'answer this referral');
  if (!canMove(referral.status, to)) throw new InvalidTransitionError('this referral', referral.status, to, 'input.referralId');
  return referral;
}

/**
 * The host accepts: a session seat is taken if one is left, otherwise the referral joins the waiting list
 * (WAITLISTED, in order). An immersion offer accepts up to its number of positions. Statements: the referral locked
 * with its host (one), then the seat, the move, its log line and its event (one: acceptToSession); for an offer, its
 * lock and count (one) and the move (one). The visibility check only on a refusal (refusedAsNotFoundUnlessVisible).
 */
export async function acceptReferral(em: EntityManager, viewer: Viewer, raw: z.input<typeof ReferralIdInput>): Promise<number> {
  const input = parseInput(ReferralIdInput, raw);
  return refusedAsNotFoundUnlessVisible(
    () =>
      inTransaction(em, async (tx) => {
        const referral = await lockForHostAnswer(tx, viewer, input.referralId, ACCEPTED);
        if (referral.sessionId !== null) {
          if (!sessionTakesReferrals(referral.sessionStatus!)) throw new BadInputError('input.referralId', `is for a ${referral.sessionStatus} session`);
          if (!(await acceptToSession(tx, viewer, referral))) throw new CapacityReachedError('the session is full: the referral stays on the waiting list', 'input.referralId');
        } else {
          // Counted under the offer's row lock: two hosts accepting at once count one after the other.
          const offer = await lockOfferPlaces(tx, referral.immersionOfferId!, OFFER_POSITION_STATUSES);
          if (!hasPlaceLeft(offer.positions, offer.filled)) throw new CapacityReachedError(`the offer's ${offer.positions} position(s) are taken`, 'input.referralId');
          const at = new Date();
          await writeMove(tx, referral, { to: ACCEPTED, actor: viewer, reason: null, set: { sql: 'answered_at = coalesce(answered_at, ?)', params: [at] }, at });
        }
        return referral.id;
      }),
    () => requireVisibleReferral(em, viewer, input.referralId),
  );
}

const RefuseInput = z
  .object({
    referralId: z.number().int().positive(),
    reason: z.nativeEnum(RefusalReason),
    detail: optionalText(2000),
    sharedWithParticipant: z.boolean(),
  })
  .refine((i) => i.reason !== RefusalReason.OTHER || i.detail, { message: 'is required when the reason is OTHER', path: ['detail'] });

/** The host refuses, with a reason code (free text required for OTHER) and whether it may be shared. */
export async function refuseReferral(em: EntityManager, viewer: Viewer, raw: z.input<typeof RefuseInput>): Promise<number> {
  const input = parseInput(RefuseInput, raw);
  return refusedAsNotFoundUnlessVisible(
    () =>
      inTransaction(em, async (tx) => {
        const referral = await lockForHostAnswer(tx, viewer, input.referralId, REFUSED);
        const at = new Date();
        await writeMove(tx, referral, {
          to: REFUSED,
          actor: viewer,
          reason: input.detail ?? input.reason,
          set: {
            sql: 'refusal_reason = ?, refusal_detail = ?, refusal_shared_with_participant = ?, waitlisted_at = null, answered_at = coalesce(answered_at, ?)',
            params: [input.reason, input.detail ?? null, input.sharedWithParticipant, at],
          },
          at,
        });
        return referral.id;
      }),
    () => requireVisibleReferral(em, viewer, input.referralId),
  );
}

const CancelInput = z.object({ referralId: z.number().int().positive(), reason: optionalText(2000) });

/** The prescriber (or the participant) withdraws; a held seat goes to the first of the waiting list. */
export async function cancelReferral(em: EntityManager, viewer: Viewer, raw: z.input<typeof CancelInput>): Promise<number> {
  const input = parseInput(CancelInput, raw);
  await requireVisibleReferral(em, viewer, input.referralId);
  return inTransaction(em, async (tx) => {
    const referral = await lockReferral(tx, input.referralId);
    const isParticipant = viewer.participantId !== null && viewer.participantId === referral.participant.id;
    if (!isPrescriber(viewer, referral) && !isParticipant) throw new ForbiddenError('only the prescriber or the participant may cancel this referral');
    await cancel(tx, referral, viewer, CancellationReason.WITHDRAWN, input.reason);
    await saveReferrals(tx);
    return referral.id;
  });
}

/** Cancels one referral, freeing its seat for the waiting list (shared with session cancellation and expiry). */
export async function cancel(tx: EntityManager, referral: Referral, actor: Viewer | null, reason: CancellationReason, note?: string | null): Promise<void> {
  const heldSeat = holdsSessionSeat(referral.status) && referral.session !== null && referral.session !== undefined;
  move(tx, referral, CANCELLED, actor, note ? `${reason}: ${note}` : reason);
  referral.cancellationReason = reason;
  referral.waitlistedAt = null;
  if (heldSeat && reason !== CancellationReason.SESSION_CANCELLED) {
    const wasFull = await freeSeat(tx, referral.session!.id);
    const promoted = await promoteFromWaitlist(tx, referral.session!.id);
    // A full session with a seat free again is a new visit slot for the subscribers.
    if (wasFull && !promoted) await emitSessionSlot(tx, referral.session!.id, 'REOPENED');
  }
}

const AttendanceInput = z
  .object({ referralId: z.number().int().positive(), attended: z.boolean(), noShowParty: z.nativeEnum(NoShowParty).nullish() })
  .refine((i) => i.attended || i.noShowParty, { message: 'is required when attended is false', path: ['noShowParty'] })
  .refine((i) => !i.attended || !i.noShowParty, { message: 'must be empty when attended is true', path: ['noShowParty'] });

/** The host records, after the start, whether the participant came (and, if not, who missed). */
export async function recordAttendance(em: EntityManager, viewer: Viewer, raw: z.input<typeof AttendanceInput>): Promise<number> {
  const input = parseInput(AttendanceInput, raw);
  await requireVisibleReferral(em, viewer, input.referralId);
  return inTransaction(em, async (tx) => {
    const referral = await lockReferral(tx, input.referralId);
    await requireHost(tx, viewer, referral, 'record attendance');
    const to = input.attended ? ATTENDED : NO_SHOW;
    if (!canMove(referral.status, to)) throw new InvalidTransitionError('this referral', referral.status, to, 'input.referralId');
    const session = referral.session ? await tx.findOneOrFail(Session, referral.session.id) : null;
    const startsAt = session ? session.startsAt : new Date(`${(await tx.findOneOrFail(ImmersionOffer, referral.immersionOffer!.id)).availableFrom}T00:00:00Z`);
    if (startsAt.getTime() > Date.now()) throw new BadInputError('input.referralId', 'is for a session or immersion that has not started yet');
    // The same window as recordSessionAttendance: after it the session is completed with what was recorded.
    if (session && !isAttendanceWindowOpen(session.endsAt, new Date())) throw new BadInputError('input.referralId', 'is for a session whose attendance window closed');
    move(tx, referral, to, viewer, input.noShowParty ?? null);
    referral.noShowParty = input.noShowParty ?? null;
    await saveReferrals(tx);
    if (referral.session) await completeSessionIfAttendanceRecorded(tx, referral.session.id);
    return referral.id;
  });
}

/**
 * Records one participant's attendance of a session (recordSessionAttendance, in sessions): ACCEPTED → ATTENDED or
 * NO_SHOW through the state machine, logged; any other move is an INVALID_TRANSITION naming `field`. The caller
 * locked the referral, skipped answers already recorded, and saves.
 */
export function markAttendance(tx: EntityManager, viewer: Viewer, referral: Referral, attended: boolean, noShowParty: NoShowParty | null, field: string): void {
  move(tx, referral, attended ? ATTENDED : NO_SHOW, viewer, noShowParty, field);
  referral.noShowParty = noShowParty;
}

/**
 * A HELD session whose every seat-holding referral has its attendance (none left ACCEPTED) is COMPLETED, in SQL
 * under the row lock. Returns whether it moved.
 */
export async function completeSessionIfAttendanceRecorded(tx: EntityManager, sessionId: number): Promise<boolean> {
  const rows = await tx.getConnection().execute<{ id: number }[]>(
    `update session set status = '${SessionStatus.COMPLETED}', updated_at = now()
     where id = ? and status = '${SessionStatus.HELD}'
       and not exists (select 1 from referral r where r.session_id = session.id and r.status = '${ACCEPTED}') returning id`,
    [sessionId],
    'all',
    tx.getTransactionContext(),
  );
  return rows.length === 1;
}

const CompleteInput = z
  .object({
    referralId: z.number().int().positive(),
    outcome: z.nativeEnum(ReferralOutcome),
    contractType: z.nativeEnum(ContractType).nullish(),
    note: optionalText(2000),
  })
  .refine((i) => i.outcome !== ReferralOutcome.HIRED || i.contractType, { message: 'is required when the outcome is HIRED', path: ['contractType'] })
  .refine((i) => i.outcome === ReferralOutcome.HIRED || !i.contractType, { message: 'is only for the outcome HIRED', path: ['contractType'] });

/** The prescriber, who keeps the follow-up, records what came out of it; its 3- and 6-month follow-ups are scheduled. */
export async function completeReferral(em: EntityManager, viewer: Viewer, raw: z.input<typeof CompleteInput>): Promise<number> {
  const input = parseInput(CompleteInput, raw);
  await requireVisibleReferral(em, viewer, input.referralId);
  return inTransaction(em, async (tx) => {
    const referral = await lockReferral(tx, input.referralId);
    if (!isPrescriber(viewer, referral)) throw new ForbiddenError('only the prescriber records the outcome of a referral');
    move(tx, referral, COMPLETED, viewer, input.note);
    Object.assign(referral, { outcome: input.outcome, contractType: input.contractType ?? null, outcomeNote: input.note });
    // The 3- and 6-month follow-ups become due from now (the follow-up job tells the prescriber when they are).
    scheduleFollowUps(tx, referral);
    await saveReferrals(tx);
    return referral.id;
  });
}

/**
 * Closes the referrals still waiting (PENDING, WAITLISTED) for a session that took place (HELD or COMPLETED): they
 * can no longer be accepted, so they are cancelled as EXPIRED and their prescribers told (REFERRAL_UPDATED). Safe on
 * several instances at once: rows are claimed with SKIP LOCKED. Returns how many were closed.
 */
export async function closeWaitingReferralsOfHeldSessions(em: EntityManager, batchSize = 200): Promise<number> {
  const waiting = [PENDING, WAITLISTED].filter((status) => !holdsSessionSeat(status) && canMove(status, CANCELLED));
  return inTransaction(em, async (tx) => {
    const due = await tx.getConnection().execute<{ id: number }[]>(
      `select r.id from referral r join session s on s.id = r.session_id
       where r.status in (${waiting.map(() => '?').join(', ')}) and s.status in (?, ?)
       order by r.id limit ? for update of r skip locked`,
      [...waiting, SessionStatus.HELD, SessionStatus.COMPLETED, batchSize],
      'all',
      tx.getTransactionContext(),
    );
    if (due.length === 0) return 0;
    const referrals = await tx.find(Referral, { id: { $in: due.map((d) => d.id) } }, { refresh: true });
    for (const referral of referrals) await cancel(tx, referral, null, CancellationReason.EXPIRED, 'the session took place before a seat was given');
    await saveReferrals(tx);
    return referrals.length;
  });
}

/**
 * Expires PENDING referrals left unanswered since before `cutoff`: cancelled with reason EXPIRED, logged (the
 * prescriber sees it in the referral's log). Safe on several instances at once: rows are claimed with SKIP LOCKED.
 */
export async function expirePendingReferrals(em: EntityManager, cutoff: Date, batchSize = 200): Promise<number> {
  return inTransaction(em, async (tx) => {
    const due = await tx.getConnection().execute<{ id: number }[]>(
      `select id from referral where status = 'PENDING' and created_at < ? order by id limit ? for update skip locked`,
      [cutoff, batchSize],
      'all',
      tx.getTransactionContext(),
    );
    if (due.length === 0) return 0;
    const referrals = await tx.find(Referral, { id: { $in: due.map((d) => d.id) } });
    for (const referral of referrals) await cancel(tx, referral, null, CancellationReason.EXPIRED, 'no answer from the host in time');
    await saveReferrals(tx);
    return referrals.length;
  });
}

