import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, ApiToken, revokeTokens, isNetworkAdmin, type Viewer, actingStructureId, requireStructureMember } from '../../access';
import { OfferSubscription } from '../../events';
import { Participant } from '../entities/participant';
import { ParticipantPersonalData } from '../entities/participant-personal-data';
import { Structure } from '../../network';
import { ageOn, YOUNGEST_PARTICIPANT_AGE } from '../rules/age';
import { ageBandOf, MAXIMUM_AGE, type AgeBand } from '../rules/age-band';
import { CancellationReason, cancelAll, lockReferralsOf, OPEN_REFERRAL_STATUSES, requireVisibleParticipant, saveReferrals } from '../../referrals';
import { eraseDebriefComments } from '../../debriefs';
import { ForbiddenError, NotFoundError, ServiceError } from '../../common/errors';
import { onceForKey } from '../../db/idempotency';
import { checkPostalCode, communeCode, findCommune, postalCode } from '../../territories';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, localDate, parseInput, phoneNumber, z } from '../../common/validate';

/**
 * Personal data fields. In an update, a field left out (undefined) stays as it is and an explicit null clears it;
 * names and the RQTH flag cannot be cleared. Blank text counts as null.
 */
const CANNOT_CLEAR = 'cannot be cleared: give a value or leave the field out';

const blankAsNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const clearable = <S extends z.ZodTypeAny>(schema: S) => z.preprocess(blankAsNull, schema.nullish());
const boundedText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

/** A field that may be left out but not cleared: null is refused with a message saying so. */
const notClearable = <S extends z.ZodTypeAny>(schema: S) =>
  schema
    .nullish()
    .superRefine((v, ctx) => {
      if (v === null) ctx.addIssue({ code: 'custom', message: CANNOT_CLEAR });
    })
    .transform((v): z.output<S> | undefined => v ?? undefined);

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

const birthDate = localDate.refine((day) => {
  const age = ageOn(day, new Date());
  return age >= YOUNGEST_PARTICIPANT_AGE && age <= MAXIMUM_AGE;
}, `must give an age between ${YOUNGEST_PARTICIPANT_AGE} and ${MAXIMUM_AGE} today`);

const personalFields = {
  firstName: notClearable(name),
  lastName: notClearable(name),
  birthDate: clearable(birthDate),
  email: clearable(z.string().trim().max(254, 'must be at most 254 characters').email('must be a valid email address')),
  phone: clearable(phoneNumber),
  address: clearable(boundedText(500)),
  postalCode: clearable(postalCode),
  communeCode: clearable(communeCode),
  notes: clearable(boundedText(5000)),
  rqth: notClearable(z.boolean()),
};

type PersonalFields = { [K in keyof typeof personalFields]?: z.output<(typeof personalFields)[K]> };

const RegisterInput = z.object({ ...personalFields, firstName: name, lastName: name, idempotencyKey });
const UpdateInput = z.object({ participantId: z.number().int().positive(), ...personalFields });
const ParticipantIdInput = z.object({ participantId: z.number().int().positive() });

export type RegisterParticipantInput = z.input<typeof RegisterInput>;
export type UpdateParticipantInput = z.input<typeof UpdateInput>;

/** Age band for statistics, from the birth date as it stands today (null when unknown). */
function ageBand(birth: string | null | undefined): AgeBand | null {
  return birth ? ageBandOf(ageOn(birth, new Date())) : null;
}

/** Département of residence (statistics) from the commune; a postal code given with it must be the commune's. */
async function departementOfResidence(tx: EntityManager, residence: { communeCode?: string | null; postalCode?: string | null }): Promise<string | null> {
  if (!residence.communeCode) return null;
  const commune = await findCommune(tx, residence.communeCode, 'input.communeCode');
  checkPostalCode(commune, residence.postalCode, 'input.postalCode');
  return commune.departement.code;
}

/**
 * Structure staff register a person: their structure becomes the referent structure and they the referent
 * counsellor. The age band and the département, kept after erasure, are computed here. The same idempotency key
 * replayed returns the first participant.
 */
export function registerParticipant(em: EntityManager, viewer: Viewer, raw: RegisterParticipantInput): Promise<number> {
  const input = parseInput(RegisterInput, raw);
  // A network admin follows nobody: a participant always has a referent structure, the one that registered them.
  if (isNetworkAdmin(viewer)) throw new ForbiddenError('participants are registered by the staff of the structure that will follow them');
  const structureId = actingStructureId(viewer, null, 'register participants');
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'registerParticipant', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
      const participant = tx.create(Participant, {
        referentStructure: tx.getReference(Structure, structureId),
        referentAccount: tx.getReference(Account, viewer.accountId),
        ageBand: ageBand(input.birthDate),
        departementCode: await departementOfResidence(tx, input),
      });
      tx.create(ParticipantPersonalData, {
        participant,
        firstName: input.firstName,
        lastName: input.lastName,
        birthDate: input.birthDate ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        address: input.address ?? null,
        postalCode: input.postalCode ?? null,
        communeCode: input.communeCode ?? null,
        notes: input.notes ?? null,
        rqth: input.rqth ?? false,
      });
      await tx.flush();
      return participant.id;
    }),
  );
}

/** The participant, or NOT_FOUND naming input.participantId. */
async function findParticipant(tx: EntityManager, participantId: number, lock = false): Promise<Participant> {
  const participant = await tx.findOne(Participant, participantId, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
  if (!participant) throw new NotFoundError('input.participantId', 'participant');
  return participant;
}

/**
 * An erased participant keeps an anonymous row: updating or erasing it again contradicts its state, hence
 * INVALID_TRANSITION (not NOT_FOUND: the referent still sees the row).
 */
function requireNotErased(participant: Participant, what: string): void {
  if (participant.erasedAt) {
    throw new ServiceError('INVALID_TRANSITION', `input.participantId was erased on ${participant.erasedAt.toISOString()}: there is no personal data left to ${what}`, 'input.participantId');
  }
}

/**
 * The referent structure's staff (or a network admin) update personal data: fields left out stay, null clears.
 * Age band and département follow the new birth date and commune.
 */
export async function updateParticipant(em: EntityManager, viewer: Viewer, raw: UpdateParticipantInput): Promise<number> {
  const { participantId, ...fields } = parseInput(UpdateInput, raw);
  await requireVisibleParticipant(em, viewer, participantId);
  const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as PersonalFields;
  return inTransaction(em, async (tx) => {
    const participant = await findParticipant(tx, participantId, true);
    requireStructureMember(viewer, participant.referentStructure.id, 'update this participant');
    requireNotErased(participant, 'update');
    const data = await tx.findOneOrFail(ParticipantPersonalData, { participant });
    Object.assign(data, changes);
    if ('communeCode' in changes || 'postalCode' in changes) participant.departementCode = await departementOfResidence(tx, data);
    if ('birthDate' in changes) participant.ageBand = ageBand(data.birthDate);
    participant.lastActivityAt = new Date();
    await tx.flush();
    return participant.id;
  });
}

/**
 * GDPR erasure by the referent structure's staff (or a network admin): the personal data row is deleted; the
 * participant row stays, anonymous, with its age band, département and referrals, for the statistics. Referrals
 * still under way are cancelled (a held seat goes to the waiting list).
 */
export async function eraseParticipant(em: EntityManager, viewer: Viewer, raw: z.input<typeof ParticipantIdInput>): Promise<number> {
  const input = parseInput(ParticipantIdInput, raw);
  await requireVisibleParticipant(em, viewer, input.participantId);
  return inTransaction(em, async (tx) => {
    requireStructureMember(viewer, (await findParticipant(tx, input.participantId)).referentStructure.id, 'erase this participant');
    // Referrals first, then the participant: the lock order of the referral use cases (see lockReferralsOf).
    await lockReferralsOf(tx, { participantId: input.participantId }, OPEN_REFERRAL_STATUSES);
    const participant = await findParticipant(tx, input.participantId, true);
    // A referral made while we waited for the participant lock (referParticipant holds it FOR SHARE) is open too.
    const referrals = await lockReferralsOf(tx, { participantId: input.participantId }, OPEN_REFERRAL_STATUSES);
    requireNotErased(participant, 'erase');
    await cancelAll(tx, referrals, viewer, CancellationReason.WITHDRAWN, 'participant data erased');
    await erasePersonalData(tx, [participant]);
    await saveReferrals(tx);
    return participant.id;
  });
}

/**
 * The erasure itself, shared by eraseParticipant and the retention job (retention.ts): nothing that names or
 * describes the person is left, and the person can no longer sign in —
 * - the personal data rows are deleted;
 * - the free texts of their referrals (motive, outcome note, refusal detail, and the log lines that carry them)
 *   are erased, codes kept; so are the comments of their debriefs (interests and wishes kept);
 *   and the notes of their follow-ups are erased, codes (and follow-up situations) kept;
 * - their accounts are disabled, their email and name replaced, their tokens revoked (the database trigger tells
 *   every instance, which forgets the cached viewers and closes the sockets of those tokens: app.ts) and their
 *   stored offer subscriptions deleted;
 * and the participants are marked erased. Their rows stay, anonymous, with age band, département and referrals,
 * for the statistics. The caller holds the participants' row locks, has dealt with their open referrals, and
 * flushes.
 */
export async function erasePersonalData(tx: EntityManager, participants: readonly Participant[]): Promise<void> {
  if (participants.length === 0) return;
  const ids = participants.map((p) => p.id);
  // Log lines still pending (the cancellations of open referrals) are written first, so their notes are erased too.
  await tx.flush();
  await tx.nativeDelete(ParticipantPersonalData, { participant: { $in: ids } });
  await eraseReferralFreeTexts(tx, ids);
  await eraseDebriefComments(tx, ids, ERASED_REQUEST);
  await forgetRequestFingerprints(tx, ids);
  await closeAccounts(tx, ids);
  const now = new Date();
  for (const participant of participants) participant.erasedAt = now;
}

/**
 * Free texts of the participants' referrals, where commands/referrals.ts writes them: the motive (also the reason
 * of the creation line), the outcome note (reason of the COMPLETED line), the refusal detail (REFUSED line: its
 * code stays) and cancellation notes (CANCELLED line: its code stays). Other log lines hold codes or the system's
 * words. The same classification shapes what each reader sees (src/referrals/rules/referral-access.ts). And the
 * comments of the immersions' evaluations.
 */
async function eraseReferralFreeTexts(tx: EntityManager, participantIds: readonly number[]): Promise<void> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const these = participantIds.map(() => '?').join(', ');
  await conn.execute(
    `update referral_transition t set reason = case
       when t.from_status is null or t.to_status = 'COMPLETED' then null
       when t.to_status = 'REFUSED' then r.refusal_reason
       when t.to_status = 'CANCELLED' then r.cancellation_reason
       else t.reason end
     from referral r where r.id = t.referral_id and r.participant_id in (${these})`,
    [...participantIds],
    'run',
    ctx,
  );
  await conn.execute(`update referral set motive = null, outcome_note = null, refusal_detail = null where participant_id in (${these})`, [...participantIds], 'run', ctx);
  // Follow-up notes (src/referrals/use-cases/follow-ups.ts); situations, lengths and durable employment stay for the
  // indicators. Raw SQL, as above: participants does not import referrals' entities at run time.
  await conn.execute(
    `update referral_follow_up set note = null where note is not null and referral_id in (select id from referral where participant_id in (${these}))`,
    [...participantIds],
    'run',
    ctx,
  );
  // The tutor's comment of an immersion's evaluation (src/evaluations); its levels and satisfactions stay for
  // statistics. Raw SQL, as above: evaluations import referrals, which import participants (no run-time cycle).
  await conn.execute(
    `update immersion_evaluation e set comment = null from referral r where r.id = e.referral_id and r.participant_id in (${these}) and e.comment is not null`,
    [...participantIds],
    'run',
    ctx,
  );
}

/**
 * The idempotency keys of the requests that registered the participants, referred them or recorded their follow-ups
 * keep a SHA-256 of their input: names, birth date, contact, motive, follow-up note — guessable values, so the hash could confirm who the person was. It
 * is replaced by a mark that matches no request: a replay of the same key then answers CONFLICT (it never creates
 * the person or the referral again), as a key reused with another input does.
 */
async function forgetRequestFingerprints(tx: EntityManager, participantIds: readonly number[]): Promise<void> {
  const these = participantIds.map(() => '?').join(', ');
  await tx.getConnection().execute(
    `update idempotency_key set request_hash = '${ERASED_REQUEST}'
     where (operation = 'registerParticipant' and result_id in (${these}))
        or (operation in ('referParticipant', 'recordFollowUp') and result_id in (select id from referral where participant_id in (${these})))`,
    [...participantIds, ...participantIds],
    'run',
    tx.getTransactionContext(),
  );
}

/** Not a hex digest: no request's fingerprint can equal it. */
const ERASED_REQUEST = 'erased';

/** The participants' own accounts (the mobile app's): closed for good, nothing left that names the person. */
async function closeAccounts(tx: EntityManager, participantIds: readonly number[]): Promise<void> {
  const accounts = await tx.find(Account, { participant: { $in: [...participantIds] } });
  if (accounts.length === 0) return;
  const now = new Date();
  for (const account of accounts) {
    account.disabledAt ??= now;
    // Unique and not null: a placeholder that names no one (.invalid never resolves, RFC 2606).
    account.email = `erased-${account.id}@erased.invalid`;
    account.displayName = 'Erased participant';
  }
  await tx.flush();
  const accountIds = accounts.map((a) => a.id);
  for (const accountId of accountIds) await revokeTokens(tx, { accountId });
  // A token's label is free text its owner chose; stored subscriptions are the person's own searches.
  await tx.nativeUpdate(ApiToken, { account: { $in: accountIds } }, { label: null });
  await tx.nativeDelete(OfferSubscription, { account: { $in: accountIds } });
}
