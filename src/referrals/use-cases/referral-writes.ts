import type { EntityManager } from '@mikro-orm/postgresql';
import { requireCompanyMember, requireStructureMember, type Viewer } from '../../access';
import { ServiceError } from '../../common/errors';
import { eventInsertSql, OutboxEventType } from '../../events';
import type { SessionStatus } from '../../sessions';
import type { ReferralStatus } from '../rules/referral-status';
import { referralEventRowsSql } from './referral-updated-event';

/*
 * The statements of the hot referral writes (refer, accept, refuse), each a few round trips (test/sql-count.test.ts
 * counts them): one statement locks the referral and reads what the rights and rules need; one writes the move, its
 * log line and its REFERRAL_UPDATED event together (data-modifying CTEs, one transaction as before). The unit of
 * work would spend a statement per table and one more to read the event's ids back.
 */

/** A referral locked for its move, with what the host check and the seat ledger need of its target. */
export interface LockedReferral {
  id: number;
  status: ReferralStatus;
  participantId: number;
  prescriberStructureId: number;
  sessionId: number | null;
  immersionOfferId: number | null;
  /** The session's organiser and status (session referrals). */
  organiserId: number | null;
  sessionStatus: SessionStatus | null;
  /** The offering company (offer referrals). */
  offerCompanyId: number | null;
}

/**
 * Loads a referral locked for update (concurrent moves of one referral happen one after the other), with its
 * target's host and status, in one statement. The target is read, not locked: the seat ledger's update locks the
 * session, and an offer's places are counted under the offer's lock (lockOfferPlaces).
 */
export async function lockReferralRow(tx: EntityManager, referralId: number): Promise<LockedReferral | null> {
  const [row] = await tx.getConnection().execute<LockedReferral[]>(
    `select r.id, r.status, r.participant_id as "participantId", r.prescriber_structure_id as "prescriberStructureId",
            r.session_id as "sessionId", r.immersion_offer_id as "immersionOfferId",
            s.organiser_id as "organiserId", s.status as "sessionStatus", o.company_id as "offerCompanyId"
       from referral r left join session s on s.id = r.session_id left join immersion_offer o on o.id = r.immersion_offer_id
      where r.id = ? for update of r`,
    [referralId],
    'all',
    tx.getTransactionContext(),
  );
  return row ?? null;
}

/** The host answers: the session's organiser, or the offering company (a FORBIDDEN otherwise). */
export function requireHostOf(viewer: Viewer, referral: LockedReferral, what: string): void {
  if (referral.sessionId !== null) requireStructureMember(viewer, referral.organiserId!, what);
  else requireCompanyMember(viewer, referral.offerCompanyId!, what);
}

/**
 * Locks an immersion offer and counts the positions its referrals fill, in one statement: two hosts accepting at
 * once count one after the other.
 */
export async function lockOfferPlaces(tx: EntityManager, offerId: number, fillingStatuses: readonly ReferralStatus[]): Promise<{ positions: number; filled: number }> {
  const [row] = await tx.getConnection().execute<{ positions: number; filled: number }[]>(
    `select o.positions,
            (select count(*)::int from referral r where r.immersion_offer_id = o.id and r.status in (${fillingStatuses.map(() => '?').join(', ')})) as filled
       from immersion_offer o where o.id = ? for update`,
    [...fillingStatuses, offerId],
    'all',
    tx.getTransactionContext(),
  );
  if (!row) throw new Error(`immersion offer ${offerId} of a referral not found`);
  return row;
}

/** What the statement of a move returns: the event it wrote, per referral moved. */
export interface MovedEvent {
  entityId: number;
  data: { status: ReferralStatus };
}

/** A move of a locked referral: its new status, who and why (the log line), and the other columns it sets. */
export interface ReferralMove {
  to: ReferralStatus;
  actor: Viewer | null;
  reason: string | null;
  /** Assignments to add to the update (`col = ?, …`), with their parameters in order. */
  set?: { sql: string; params: unknown[] };
  /** The time of the move (the log line's `at`, `updated_at`): the application's clock, as entity writes use. */
  at: Date;
}

/**
 * Writes a move already checked against the state machine (canMove) in one statement: the referral's new status
 * (and `set`), its log line (from, to, who, why) and its REFERRAL_UPDATED event (published at commit,
 * events/outbox.ts), all in the caller's transaction, under the caller's row lock.
 */
export async function writeMove(tx: EntityManager, referral: LockedReferral, move: ReferralMove): Promise<void> {
  const event = eventInsertSql(OutboxEventType.REFERRAL_UPDATED, referralEventRowsSql('moved'));
  const written = await tx.getConnection().execute<MovedEvent[]>(
    `with moved as (
       update referral set status = ?, updated_at = ?${move.set ? `, ${move.set.sql}` : ''} where id = ? and status = ? returning *
     ), logged as (
       insert into referral_transition (referral_id, from_status, to_status, actor_id, reason, at)
       select id, ?, status, ?, ?, ? from moved
     )
     ${event}`,
    [move.to, move.at, ...(move.set?.params ?? []), referral.id, referral.status, referral.status, move.actor?.accountId ?? null, move.reason, move.at],
    'all',
    tx.getTransactionContext(),
  );
  // The row is locked by this transaction: it cannot have moved since it was read.
  if (written.length !== 1) throw new Error(`referral ${referral.id} moved under its lock`);
  referral.status = move.to;
}

/**
 * Runs a write whose visibility check (NOT_FOUND for what the viewer may not read, rather than a FORBIDDEN that
 * would confirm it exists) is only needed when it refuses: the checks that let it succeed imply that the viewer
 * reads what it changes, so the check costs a statement on refusals only. A refusal of something not visible is
 * answered by `requireVisible`'s NOT_FOUND, as if checked first.
 */
export async function refusedAsNotFoundUnlessVisible<T>(write: () => Promise<T>, requireVisible: () => Promise<void>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ServiceError) await requireVisible();
    throw error;
  }
}
