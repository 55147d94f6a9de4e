import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Company, CompanyMembership, Structure, structureHostProblem } from '../../network';
import { type Referral, hasPlaceLeft, CancellationReason, cancelAll, emitSessionSlot, lockReferralsOf, OPEN_REFERRAL_STATUSES, saveReferrals } from '../../referrals';
import { Session } from '../entities/session';
import { HostConfirmation } from '../rules/host-confirmation';
import { SessionKind } from '../rules/session-kind';
import { SessionStatus } from '../rules/session-status';
import { minimumAgeInput } from '../../participants';
import { canMoveHosting } from '../rules/hosting-transitions';
import { canMoveSession, isSessionEnded, sessionStatusForSeats } from '../rules/session-transitions';
import { todayInFrance } from '../../common/local-date';
import { plannedDayProblem } from '../../common/planning-horizon';
import { BadInputError, InvalidTransitionError, NotFoundError, ServiceError } from '../../common/errors';
import { Account, AccountRole, isNetworkAdmin, type Viewer, actingStructureId, requireCompanyMember, requireStructureMember } from '../../access';
import { requireVisibleSession } from './require-visible-session';
import { findProgrammeForLink, sessionLinkProblem } from '../../programmes';
import type { SessionSeries } from '../entities/session-series';
import type { MultiSiteEvent } from '../entities/multi-site-event';
import { onceForKey } from '../../db/idempotency';
import { locationInput, resolveLocation } from '../../territories';
import { romeCodes, requireMetiers } from '../../metiers';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, optionalText, parseInput, text, z } from '../../common/validate';

const { DRAFT, PUBLISHED, CANCELLED } = SessionStatus;
const { NOT_REQUIRED, PENDING, CONFIRMED, DECLINED } = HostConfirmation;

/** Longest session: a rallye runs over days, two weeks at most; anything longer is a programme, not a session. */
export const MAX_SESSION_DAYS = 14;
export const MAX_SESSION_CAPACITY = 500;
export const MAX_SESSION_METIERS = 10;
/** Counsellors going along with one group: a handful at most. */
export const MAX_SESSION_COUNSELLORS = 5;

const DAY_MS = 86_400_000;
const id = z.number().int().positive();

export const CreateSessionInput = z
  .object({
    organiserId: id.nullish(),
    kind: z.nativeEnum(SessionKind),
    title: text(200),
    description: optionalText(5000),
    hostCompanyId: id.nullish(),
    hostStructureId: id.nullish(),
    metierCodes: romeCodes(1, MAX_SESSION_METIERS),
    programmeId: id.nullish(),
    startsAt: z.date(),
    endsAt: z.date(),
    capacity: z.number().int().min(1, 'must be at least 1').max(MAX_SESSION_CAPACITY, `must be at most ${MAX_SESSION_CAPACITY}`),
    minimumSize: z.number().int().min(1, 'must be at least 1').max(MAX_SESSION_CAPACITY, `must be at most ${MAX_SESSION_CAPACITY}`).nullish().transform((v) => v ?? null),
    minimumAge: minimumAgeInput,
    meetingPoint: z.object({ label: text(200), address: optionalText(300) }).nullish().transform((v) => v ?? null),
    counsellorAccountIds: z
      .array(id)
      .max(MAX_SESSION_COUNSELLORS, `must hold at most ${MAX_SESSION_COUNSELLORS} accounts`)
      .nullish()
      .transform((v) => v ?? []),
    ...locationInput,
    idempotencyKey,
  })
  .superRefine((i, ctx) => {
    if (i.hostCompanyId != null && i.hostStructureId != null) {
      ctx.addIssue({ code: 'custom', path: ['hostStructureId'], message: 'must be left out when input.hostCompanyId is given: a session has one host, a company or a structure' });
    }
    if (i.minimumSize !== null && i.minimumSize > i.capacity) {
      ctx.addIssue({ code: 'custom', path: ['minimumSize'], message: 'must not be more than input.capacity (the maximum group size)' });
    }
    const beyond = plannedDayProblem(todayInFrance(i.startsAt), todayInFrance());
    if (i.startsAt.getTime() <= Date.now()) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'must be in the future' });
    else if (beyond) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: beyond });
    else if (i.endsAt <= i.startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after input.startsAt' });
    else if (i.endsAt.getTime() - i.startsAt.getTime() > MAX_SESSION_DAYS * DAY_MS) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `must be at most ${MAX_SESSION_DAYS} days after input.startsAt` });
    }
  });

export type CreateSessionInput = z.input<typeof CreateSessionInput>;

/**
 * Structure staff create a DRAFT session for their structure (a network admin names the organiser). Métiers must
 * be ROME fiches of the répertoire; a commune gives the département and the point on the map, and without one
 * the session takes place at the host. The host is a company, or a structure of a hosting kind with a SIRET (an MFR,
 * an SIAE: network's structureHostProblem) other than the organiser. A host has to confirm (PENDING) unless it is a
 * company member of the organising club with a standing hosting agreement (CONFIRMED). The same idempotency key
 * replayed returns the first session.
 */
export function createSession(em: EntityManager, viewer: Viewer, raw: CreateSessionInput): Promise<number> {
  const input = parseInput(CreateSessionInput, raw);
  if (isNetworkAdmin(viewer) && input.organiserId == null) throw new BadInputError('input.organiserId', 'is required when a network admin creates a session');
  const organiserId = actingStructureId(viewer, input.organiserId, 'create sessions');
  // Dates hash by their instant (the idempotency fingerprint is canonical JSON).
  const fingerprint = { ...input, idempotencyKey: undefined, startsAt: input.startsAt.toISOString(), endsAt: input.endsAt.toISOString() };
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'createSession', input.idempotencyKey, fingerprint, async () => (await insertSession(tx, organiserId, input)).id),
  );
}

/** Where a new session belongs besides its organiser: the series or the multi-site event creating it. */
export interface SessionGrouping {
  series?: SessionSeries;
  multiSiteEvent?: MultiSiteEvent;
}

/**
 * Writes one DRAFT session from a parsed input in the caller's transaction: createSession, and each occurrence of a
 * series or workshop of a multi-site event (session-groups.ts), so that they are the same.
 */
export async function insertSession(tx: EntityManager, organiserId: number, input: z.output<typeof CreateSessionInput>, grouping: SessionGrouping = {}): Promise<Session> {
      const organiser = await tx.findOne(Structure, organiserId);
      if (!organiser) throw new NotFoundError('input.organiserId', 'structure');
      let hostCompany: Company | null = null;
      if (input.hostCompanyId != null) {
        hostCompany = await tx.findOne(Company, input.hostCompanyId);
        if (!hostCompany) throw new NotFoundError('input.hostCompanyId', 'company');
      }
      const hostStructure = await findHostStructure(tx, organiser, input.hostStructureId);
      const metiers = await requireMetiers(tx, input.metierCodes, 'input.metierCodes');
      const counsellors = await requireCounsellors(tx, input.counsellorAccountIds);
      const standingAgreement = hostCompany !== null && (await tx.count(CompanyMembership, { company: hostCompany, structure: organiser, hostingAgreement: true })) > 0;
      const session = tx.create(Session, {
        kind: input.kind,
        title: input.title,
        description: input.description,
        organiser,
        hostCompany,
        hostStructure,
        hostConfirmation: hostCompany === null && hostStructure === null ? NOT_REQUIRED : standingAgreement ? CONFIRMED : PENDING,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        capacity: input.capacity,
        minimumAge: input.minimumAge,
        minimumSize: input.minimumSize,
        meetingPointLabel: input.meetingPoint?.label ?? null,
        meetingPointAddress: input.meetingPoint?.address ?? null,
        status: DRAFT,
        ...(await resolveLocation(tx, input, hostCompany ?? hostStructure)),
      });
      session.metiers.set(metiers);
      session.counsellors.set(counsellors);
      await linkToProgramme(tx, session, input.programmeId);
      Object.assign(session, grouping);
      await tx.flush();
      return session;
}

/**
 * The structure named to host a session: it exists (NOT_FOUND), is of a hosting kind and has a SIRET, and is not the
 * organiser (a session at the organiser's own premises has no host to agree: leave the host out); BAD_USER_INPUT on
 * input.hostStructureId otherwise.
 */
async function findHostStructure(tx: EntityManager, organiser: Structure, hostStructureId: number | null | undefined): Promise<Structure | null> {
  if (hostStructureId == null) return null;
  const structure = await tx.findOne(Structure, hostStructureId);
  if (!structure) throw new NotFoundError('input.hostStructureId', 'structure');
  if (structure.id === organiser.id) {
    throw new BadInputError('input.hostStructureId', 'is the organiser itself: a session at the organiser\'s own premises has no host (leave it out)');
  }
  const problem = structureHostProblem({ kind: structure.kind, siret: structure.siret ?? null });
  if (problem) throw new BadInputError('input.hostStructureId', problem);
  return structure;
}

/** A session joins a programme of its organiser that runs on its start day (programmes' sessionLinkProblem). */
async function linkToProgramme(tx: EntityManager, session: Session, programmeId: number | null | undefined): Promise<void> {
  if (programmeId == null) return;
  const programme = await findProgrammeForLink(tx, programmeId, 'input.programmeId');
  const problem = sessionLinkProblem(programme, session.organiser.id, todayInFrance(session.startsAt));
  if (problem) throw new BadInputError('input.programmeId', problem);
  session.programme = programme;
}

/**
 * The accounts of the counsellors who go along: each an active account of a structure (its admin or staff), not of
 * a company, a participant or an integration. BAD_USER_INPUT names the first other one by its place in the list.
 */
async function requireCounsellors(tx: EntityManager, ids: readonly number[]): Promise<Account[]> {
  if (ids.length === 0) return [];
  const accounts = await tx.find(Account, { id: { $in: [...new Set(ids)] } });
  const byId = new Map(accounts.map((a) => [a.id, a]));
  for (const [index, accountId] of ids.entries()) {
    const a = byId.get(accountId);
    const isCounsellor = a && !a.disabledAt && a.structure && !a.company && (a.role === AccountRole.STRUCTURE_ADMIN || a.role === AccountRole.STRUCTURE_STAFF);
    if (!isCounsellor) throw new BadInputError(`input.counsellorAccountIds[${index}]`, 'is not an active account of a structure (a counsellor)');
  }
  return [...byId.values()];
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
 * subscribers are told. A session that has started cannot be published, nor one whose host company has not
 * confirmed: nobody commits a company to open its doors.
 */
export async function publishSession(em: EntityManager, viewer: Viewer, raw: z.input<typeof SessionIdInput>): Promise<number> {
  const input = parseInput(SessionIdInput, raw);
  await requireVisibleSession(em, viewer, input.sessionId);
  return inTransaction(em, async (tx) => {
    const session = await findSession(tx, input.sessionId, true);
    requireStructureMember(viewer, session.organiser.id, 'publish this session');
    if (!canMoveSession(session.status, PUBLISHED)) throw new InvalidTransitionError('this session', session.status, PUBLISHED, 'input.sessionId');
    requireNotStarted(session, 'published');
    if (session.hostConfirmation !== NOT_REQUIRED && session.hostConfirmation !== CONFIRMED) {
      const host = await hostOf(tx, session);
      const answer = session.hostConfirmation === DECLINED ? 'declined hosting it' : 'not confirmed hosting it yet';
      throw new ServiceError(
        'INVALID_TRANSITION',
        `this session cannot be published: its ${host.what} "${host.name}" has ${answer} (hostConfirmation ${session.hostConfirmation})`,
        'input.sessionId',
      );
    }
    session.status = sessionStatusForSeats(PUBLISHED, hasPlaceLeft(session.capacity, session.seatsTaken));
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
export async function cancelSession(em: EntityManager, viewer: Viewer, raw: z.input<typeof CancelSessionInput>): Promise<number> {
  const input = parseInput(CancelSessionInput, raw);
  await requireVisibleSession(em, viewer, input.sessionId);
  return inTransaction(em, async (tx) => {
    requireStructureMember(viewer, (await findSession(tx, input.sessionId)).organiser.id, 'cancel this session');
    const [session, referrals] = await lockWithOpenReferrals(tx, input.sessionId);
    if (!canMoveSession(session.status, CANCELLED)) throw new InvalidTransitionError('this session', session.status, CANCELLED, 'input.sessionId');
    requireNotStarted(session, 'cancelled');
    await cancelLocked(tx, viewer, session, referrals, input.reason);
    await saveReferrals(tx);
    return session.id;
  });
}

/** The session locked with its open referrals, in the lock order of the referral use cases (see lockReferralsOf). */
async function lockWithOpenReferrals(tx: EntityManager, sessionId: number): Promise<[Session, Referral[]]> {
  await lockReferralsOf(tx, { sessionId }, OPEN_REFERRAL_STATUSES);
  const session = await findSession(tx, sessionId, true);
  // A referral made while we waited for the session lock (referParticipant holds it FOR SHARE) is open too.
  return [session, await lockReferralsOf(tx, { sessionId }, OPEN_REFERRAL_STATUSES)];
}

/** Cancels a locked session and its open referrals (SESSION_CANCELLED, `note` in their log); the caller saves. */
async function cancelLocked(tx: EntityManager, viewer: Viewer, session: Session, referrals: readonly Referral[], note: string | null): Promise<void> {
  await cancelAll(tx, referrals, viewer, CancellationReason.SESSION_CANCELLED, note);
  // The seat ledger moves in SQL only (referrals.ts); `cancel` leaves seats alone for SESSION_CANCELLED.
  await tx.getConnection().execute(
    `update session set status = ?, seats_taken = 0, updated_at = now() where id = ?`,
    [CANCELLED, session.id],
    'run',
    tx.getTransactionContext(),
  );
}

// ——— host confirmation (HostConfirmation) ———

/** The host of a session as its messages name it: a company or a structure, and its name. */
async function hostOf(tx: EntityManager, session: Session): Promise<{ what: 'host company' | 'host structure'; name: string }> {
  if (session.hostCompany) return { what: 'host company', name: (await tx.findOneOrFail(Company, session.hostCompany.id)).name };
  if (session.hostStructure) return { what: 'host structure', name: (await tx.findOneOrFail(Structure, session.hostStructure.id)).name };
  throw new Error(`session ${session.id} has no host`);
}

/**
 * Only the host (a host company's admins and staff, a host structure's admins and staff) or a network admin answers
 * for the host: the staff of a structure that hosts act for its hosting as a company's do for theirs.
 */
function requireHost(viewer: Viewer, session: Session, what: string): void {
  if (session.hostCompany) return requireCompanyMember(viewer, session.hostCompany.id, what);
  if (session.hostStructure) return requireStructureMember(viewer, session.hostStructure.id, what);
  throw new BadInputError('input.sessionId', 'is a session without a host: there is no hosting to confirm or decline');
}

/** The session (locked) must not have started and still be able to happen (DRAFT, PUBLISHED or FULL). */
function requireHostingMove(session: Session, to: HostConfirmation): void {
  if (isSessionEnded(session.status)) {
    throw new ServiceError('INVALID_TRANSITION', `this session is ${session.status}: its hosting can no longer change`, 'input.sessionId');
  }
  requireNotStarted(session, `${to === CONFIRMED ? 'confirmed' : 'declined'} by its host`);
  if (!canMoveHosting(session.hostConfirmation, to)) throw new InvalidTransitionError('the hosting of this session', session.hostConfirmation, to, 'input.sessionId');
}

/**
 * The host company agrees to host a session (PENDING or DECLINED → CONFIRMED): its organiser may then publish it,
 * and it counts in the company's SESSIONS_HOSTED commitments once published.
 */
export async function confirmSessionHosting(em: EntityManager, viewer: Viewer, raw: z.input<typeof SessionIdInput>): Promise<number> {
  const input = parseInput(SessionIdInput, raw);
  await requireVisibleSession(em, viewer, input.sessionId);
  return inTransaction(em, async (tx) => {
    const session = await findSession(tx, input.sessionId, true);
    requireHost(viewer, session, 'confirm hosting this session');
    requireHostingMove(session, CONFIRMED);
    Object.assign(session, { hostConfirmation: CONFIRMED, hostRespondedAt: new Date(), hostDeclineReason: null });
    await tx.flush();
    return session.id;
  });
}

const DeclineHostingInput = SessionIdInput.extend({ reason: optionalText(2000) });

/**
 * The host company declines a session it was named host of (PENDING → DECLINED), or withdraws its confirmation
 * (CONFIRMED → DECLINED) before the session starts. A draft stays a draft that cannot be published; a published
 * session cannot take place at a company that withdrew, so it is cancelled like cancelSession does: its open
 * referrals are cancelled (SESSION_CANCELLED) with the reason in their log.
 */
export async function declineSessionHosting(em: EntityManager, viewer: Viewer, raw: z.input<typeof DeclineHostingInput>): Promise<number> {
  const input = parseInput(DeclineHostingInput, raw);
  await requireVisibleSession(em, viewer, input.sessionId);
  return inTransaction(em, async (tx) => {
    requireHost(viewer, await findSession(tx, input.sessionId), 'decline hosting this session');
    const [session, referrals] = await lockWithOpenReferrals(tx, input.sessionId);
    requireHostingMove(session, DECLINED);
    if (session.status !== DRAFT) {
      const { what } = await hostOf(tx, session);
      await cancelLocked(tx, viewer, session, referrals, `the ${what} withdrew${input.reason ? `: ${input.reason}` : ''}`);
    }
    Object.assign(session, { hostConfirmation: DECLINED, hostRespondedAt: new Date(), hostDeclineReason: input.reason });
    await saveReferrals(tx);
    return session.id;
  });
}
