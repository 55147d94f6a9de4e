import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Company } from '../../domain/entities/company';
import { DEFAULT_MINIMUM_AGE, Session } from '../../domain/entities/session';
import { Structure } from '../../domain/entities/structure';
import { SessionKind } from '../../domain/enums/session-kind';
import { SessionStatus } from '../../domain/enums/session-status';
import { MAXIMUM_AGE } from '../../domain/rules/age-band';
import { CancellationReason } from '../../domain/rules/referral-transitions';
import { emitSessionSlot } from '../events/outbox';
import { BadInputError, InvalidTransitionError, NotFoundError } from '../errors';
import { isNetworkAdmin, type Viewer } from '../viewer';
import { actingStructureId, requireStructureMember } from './authorize';
import { onceForKey } from './idempotency';
import { locationInput, resolveLocation } from './location';
import { cancelAll, lockReferralsOf, OPEN_REFERRAL_STATUSES } from './referral-cancellation';
import { saveReferrals } from './referrals';
import { romeCodes, requireMetiers } from './rome-codes';
import { inTransaction } from './transaction';
import { idempotencyKey, optionalText, parseInput, text, z } from './validate';

const { DRAFT, PUBLISHED, FULL, CANCELLED } = SessionStatus;

/** Longest session: a rallye runs over days, two weeks at most; anything longer is a programme, not a session. */
export const MAX_SESSION_DAYS = 14;
export const MAX_SESSION_CAPACITY = 500;
export const MAX_SESSION_METIERS = 10;

/** Statuses a session can be cancelled from (DOMAIN.md: from any state before it starts). */
const CANCELLABLE = [DRAFT, PUBLISHED, FULL];

const DAY_MS = 86_400_000;
const id = z.number().int().positive();

const CreateSessionInput = z
  .object({
    organiserId: id.nullish(),
    kind: z.nativeEnum(SessionKind),
    title: text(200),
    description: optionalText(5000),
    hostCompanyId: id.nullish(),
    metierCodes: romeCodes(1, MAX_SESSION_METIERS),
    startsAt: z.date(),
    endsAt: z.date(),
    capacity: z.number().int().min(1, 'must be at least 1').max(MAX_SESSION_CAPACITY, `must be at most ${MAX_SESSION_CAPACITY}`),
    minimumAge: z
      .number()
      .int()
      .min(DEFAULT_MINIMUM_AGE, `must be at least ${DEFAULT_MINIMUM_AGE}`)
      .max(MAXIMUM_AGE, `must be at most ${MAXIMUM_AGE}`)
      .nullish()
      .transform((v) => v ?? DEFAULT_MINIMUM_AGE),
    ...locationInput,
    idempotencyKey,
  })
  .superRefine((i, ctx) => {
    if (i.startsAt.getTime() <= Date.now()) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'must be in the future' });
    else if (i.endsAt <= i.startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after input.startsAt' });
    else if (i.endsAt.getTime() - i.startsAt.getTime() > MAX_SESSION_DAYS * DAY_MS) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `must be at most ${MAX_SESSION_DAYS} days after input.startsAt` });
    }
  });

export type CreateSessionInput = z.input<typeof CreateSessionInput>;

/**
 * Structure staff create a DRAFT session for their structure (a network admin names the organiser). Métiers must
 * be ROME fiches of the répertoire; a commune gives the département and the point on the map, and without one
 * the session takes place at the host company. The same idempotency key replayed returns the first session.
 */
export function createSession(em: EntityManager, viewer: Viewer, raw: CreateSessionInput): Promise<number> {
  const input = parseInput(CreateSessionInput, raw);
  if (isNetworkAdmin(viewer) && input.organiserId == null) throw new BadInputError('input.organiserId', 'is required when a network admin creates a session');
  const organiserId = actingStructureId(viewer, input.organiserId, 'create sessions');
  // Dates hash by their instant (the idempotency fingerprint is canonical JSON).
  const fingerprint = { ...input, idempotencyKey: undefined, startsAt: input.startsAt.toISOString(), endsAt: input.endsAt.toISOString() };
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'createSession', input.idempotencyKey, fingerprint, async () => {
      const organiser = await tx.findOne(Structure, organiserId);
      if (!organiser) throw new NotFoundError('input.organiserId', 'structure');
      let hostCompany: Company | null = null;
      if (input.hostCompanyId != null) {
        hostCompany = await tx.findOne(Company, input.hostCompanyId);
        if (!hostCompany) throw new NotFoundError('input.hostCompanyId', 'company');
      }
      const metiers = await requireMetiers(tx, input.metierCodes, 'input.metierCodes');
      const session = tx.create(Session, {
        kind: input.kind,
        title: input.title,
        description: input.description,
        organiser,
        hostCompany,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        capacity: input.capacity,
        minimumAge: input.minimumAge,
        status: DRAFT,
        ...(await resolveLocation(tx, input, hostCompany)),
      });
      session.metiers.set(metiers);
      await tx.flush();
      return session.id;
    }),
  );
}

const SessionIdInput = z.object({ sessionId: id });

/** The session, or NOT_FOUND naming input.sessionId. */
async function findSession(tx: EntityManager, sessionId: number, lock = false): Promise<Session> {
  const session = await tx.findOne(Session, sessionId, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
  if (!session) throw new NotFoundError('input.sessionId', 'session');
  return session;
}

function requireNotStarted(session: Session, what: string): void {
  if (session.startsAt.getTime() <= Date.now()) throw new BadInputError('input.sessionId', `is a session that has already started: it can no longer be ${what}`);
}

/**
 * The organiser publishes a DRAFT: it becomes a visit slot (PUBLISHED, or FULL if no seat is left) and the
 * subscribers are told. A session that has started cannot be published.
 */
export function publishSession(em: EntityManager, viewer: Viewer, raw: z.input<typeof SessionIdInput>): Promise<number> {
  const input = parseInput(SessionIdInput, raw);
  return inTransaction(em, async (tx) => {
    const session = await findSession(tx, input.sessionId, true);
    requireStructureMember(viewer, session.organiser.id, 'publish this session');
    if (session.status !== DRAFT) throw new InvalidTransitionError('this session', session.status, PUBLISHED, 'input.sessionId');
    requireNotStarted(session, 'published');
    session.status = session.seatsTaken >= session.capacity ? FULL : PUBLISHED;
    session.publishedAt = new Date();
    await tx.flush();
    if (session.status === PUBLISHED) await emitSessionSlot(tx, session.id, 'PUBLISHED');
    return session.id;
  });
}

const CancelSessionInput = SessionIdInput.extend({ reason: optionalText(2000) });

/**
 * The organiser cancels a session before it starts: every open referral (pending, accepted, waitlisted) is
 * cancelled with SESSION_CANCELLED and the reason, in its log; no seat is held any more.
 */
export function cancelSession(em: EntityManager, viewer: Viewer, raw: z.input<typeof CancelSessionInput>): Promise<number> {
  const input = parseInput(CancelSessionInput, raw);
  return inTransaction(em, async (tx) => {
    requireStructureMember(viewer, (await findSession(tx, input.sessionId)).organiser.id, 'cancel this session');
    // Referrals first, then the session: the lock order of the referral use cases (see lockReferralsOf).
    await lockReferralsOf(tx, { sessionId: input.sessionId }, OPEN_REFERRAL_STATUSES);
    const session = await findSession(tx, input.sessionId, true);
    // A referral made while we waited for the session lock (referParticipant holds it FOR SHARE) is open too.
    const referrals = await lockReferralsOf(tx, { sessionId: input.sessionId }, OPEN_REFERRAL_STATUSES);
    if (!CANCELLABLE.includes(session.status)) throw new InvalidTransitionError('this session', session.status, CANCELLED, 'input.sessionId');
    requireNotStarted(session, 'cancelled');
    await cancelAll(tx, referrals, viewer, CancellationReason.SESSION_CANCELLED, input.reason);
    // The seat ledger moves in SQL only (referrals.ts); `cancel` leaves seats alone for SESSION_CANCELLED.
    await tx.getConnection().execute(
      `update session set status = ?, seats_taken = 0, updated_at = now() where id = ?`,
      [CANCELLED, session.id],
      'run',
      tx.getTransactionContext(),
    );
    await saveReferrals(tx);
    return session.id;
  });
}
