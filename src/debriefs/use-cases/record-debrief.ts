import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, actsForOrganisation, isNetworkAdmin, type Viewer } from '../../access';
import { requireMetiers, romeCode } from '../../metiers';
import { Company, Structure } from '../../network';
import { Participant } from '../../participants';
import { emitReferralUpdated, Referral, ReferralChange, requireVisibleReferral } from '../../referrals';
import { Session } from '../../sessions';
import { BadInputError, ForbiddenError, NotFoundError, ServiceError } from '../../common/errors';
import { idempotencyKey, optionalText, parseInput, z } from '../../common/validate';
import { onceForKey } from '../../db/idempotency';
import { inTransaction } from '../../db/transaction';
import { Debrief } from '../entities/debrief';
import { DebriefInterest } from '../entities/debrief-interest';
import { DEBRIEF_WINDOW_DAYS, DEBRIEFABLE_STATUSES, debriefWindowClosesAt, interestProblem, isDebriefWindowOpen } from '../rules/debrief-rules';
import { DebriefSide } from '../rules/debrief-side';
import { DebriefWish } from '../rules/debrief-wish';
import { MetierInterest } from '../rules/metier-interest';

/** A session shows at most 10 métiers (sessions' rule): one interest each. */
const MAX_INTERESTS = 10;

export const DebriefInterestInput = z.object({
  metierCode: romeCode.describe('ROME fiche of one of the session\'s métiers (F1701).'),
  interest: z.nativeEnum(MetierInterest).describe('The interest the participant showed in it.'),
});

export const RecordDebriefInput = z.object({
  referralId: z.number().int().positive().describe('Global id of the referral of a participant who attended the session (ATTENDED, or COMPLETED since).'),
  side: z
    .nativeEnum(DebriefSide)
    .nullish()
    .describe('Which side writes: required for network admins; others write for their own side (the organising structure\'s staff ORGANISER, the host company\'s HOST) and may leave it out.'),
  interests: z
    .array(DebriefInterestInput)
    .max(MAX_INTERESTS, `must hold at most ${MAX_INTERESTS} interests`)
    .describe('One interest for each métier of the session, no more, no less.'),
  wishes: z
    .array(z.nativeEnum(DebriefWish))
    .max(Object.keys(DebriefWish).length, 'must name each wish at most once')
    .refine((w) => new Set(w).size === w.length, 'must name each wish at most once')
    .describe('What the participant wishes to do next (a set: each at most once; empty: nothing yet).'),
  comment: optionalText(2000).describe('A comment on the participant, up to 2,000 characters (personal data: read by those who read this debrief, each read audited; erased with the participant).'),
  sharedWithParticipant: z.boolean().describe('Whether the participant reads this debrief (in the mobile app).'),
  idempotencyKey: idempotencyKey.describe('Replaying the same key changes nothing (not even a debrief rewritten since) and returns the debrief the first call wrote, as it is now; the same key with another input is a CONFLICT.'),
});

export type RecordDebriefInput = z.input<typeof RecordDebriefInput>;

/**
 * The organiser's animator or the host company debriefs a participant who attended a session: interest per métier
 * shown, wishes to go further, a comment. One debrief per side and referral: a second call of the same side
 * replaces it (an upsert — the author corrects its debrief within the window without first finding out whether
 * one exists, and two animators of one structure write one debrief, not two), keeping its creation time. The
 * parties are told through REFERRAL_UPDATED (change DEBRIEF_RECORDED). Returns the debrief's id.
 */
export async function recordDebrief(em: EntityManager, viewer: Viewer, raw: RecordDebriefInput): Promise<number> {
  const input = parseInput(RecordDebriefInput, raw);
  await requireVisibleReferral(em, viewer, input.referralId);
  return inTransaction(
    em,
    (tx) => onceForKey(tx, viewer, 'recordDebrief', input.idempotencyKey, { ...input, idempotencyKey: undefined }, () => writeDebrief(tx, viewer, input)),
    'input.referralId',
  );
}

async function writeDebrief(tx: EntityManager, viewer: Viewer, input: z.output<typeof RecordDebriefInput>): Promise<number> {
  const found = await tx.findOne(Referral, input.referralId);
  if (!found) throw new NotFoundError('input.referralId', 'referral');
  // The participant FOR SHARE, then the referral FOR UPDATE: the order of an erasure (participant, then its
  // referrals' free texts), so that the two serialise without a deadlock and no comment outlives an erasure.
  const participant = await tx.findOneOrFail(Participant, found.participant.id, { lockMode: LockMode.PESSIMISTIC_READ });
  const referral = await tx.findOneOrFail(Referral, input.referralId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!referral.session) throw new BadInputError('input.referralId', 'is a referral to an immersion offer: debriefs are written for sessions');
  const session = await tx.findOneOrFail(Session, referral.session.id);
  const side = sideOf(viewer, session, input.side ?? null);
  if (!DEBRIEFABLE_STATUSES.includes(referral.status)) {
    throw new ServiceError('INVALID_TRANSITION', `only a participant who attended is debriefed: this referral is ${referral.status}, not ${DEBRIEFABLE_STATUSES.join(' or ')}`, 'input.referralId');
  }
  if (!isDebriefWindowOpen(session.endsAt, new Date())) {
    throw new BadInputError('input.referralId', `is for a session that ended more than ${DEBRIEF_WINDOW_DAYS} days ago: its debriefs closed on ${debriefWindowClosesAt(session.endsAt).toISOString()}`);
  }
  const shown = (await tx.getConnection().execute<{ code: string }[]>(
    'select metier_code as code from session_metier where session_id = ? order by metier_code',
    [session.id],
    'all',
    tx.getTransactionContext(),
  )).map((r) => r.code);
  const codes = input.interests.map((i) => i.metierCode);
  const problem = interestProblem(codes, shown);
  if (problem) throw new BadInputError(`input.interests.${problem[0]}.metierCode`, problem[1]);
  const missing = shown.filter((code) => !codes.includes(code));
  if (missing.length > 0) throw new BadInputError('input.interests', `must give an interest for each métier of the session: missing ${missing.join(', ')}`);
  // An erased person is described no more (their other free texts are gone): codes may still be recorded.
  if (participant.erasedAt && input.comment !== null) throw new BadInputError('input.comment', 'must be left out: this participant\'s personal data were erased');

  let debrief = await tx.findOne(Debrief, { referral, side });
  if (debrief) {
    await tx.nativeDelete(DebriefInterest, { debrief });
  } else {
    debrief = tx.create(Debrief, { referral, side, sharedWithParticipant: input.sharedWithParticipant });
  }
  Object.assign(debrief, {
    // The host's debrief is its company's, or its structure's when a structure hosts (an MFR, an SIAE).
    authorStructure: side === DebriefSide.ORGANISER ? tx.getReference(Structure, session.organiser.id)
      : session.hostStructure ? tx.getReference(Structure, session.hostStructure.id) : null,
    authorCompany: side === DebriefSide.HOST && session.hostCompany ? tx.getReference(Company, session.hostCompany.id) : null,
    authorAccount: tx.getReference(Account, viewer.accountId),
    wishes: [...input.wishes].sort(),
    comment: input.comment,
    sharedWithParticipant: input.sharedWithParticipant,
    updatedAt: new Date(),
  });
  const metiers = await requireMetiers(tx, codes, 'input.interests');
  input.interests.forEach(({ interest }, i) => tx.create(DebriefInterest, { debrief, metier: metiers[i]!, interest }));
  participant.lastActivityAt = new Date();
  await tx.flush();
  await emitReferralUpdated(tx, [referral.id], ReferralChange.DEBRIEF_RECORDED);
  return debrief.id;
}

/**
 * The side the viewer writes for: the staff of the organising structure the organiser's, the host company's or host
 * structure's staff the host's; a network admin names it. Anyone else who sees the referral (its prescriber, the participant) may not.
 */
function sideOf(viewer: Viewer, session: Session, named: DebriefSide | null): DebriefSide {
  let side: DebriefSide;
  if (isNetworkAdmin(viewer)) {
    if (named === null) throw new BadInputError('input.side', 'is required for a network admin: say whose debrief this is');
    side = named;
  } else if (actsForOrganisation(viewer.role) && viewer.structureId !== null && viewer.structureId === session.organiser.id) {
    side = DebriefSide.ORGANISER;
  } else if (actsForOrganisation(viewer.role) && viewer.companyId !== null && viewer.companyId === session.hostCompany?.id) {
    side = DebriefSide.HOST;
  } else if (actsForOrganisation(viewer.role) && viewer.structureId !== null && viewer.structureId === session.hostStructure?.id) {
    side = DebriefSide.HOST;
  } else {
    throw new ForbiddenError('only the organiser of the session or its host (company or structure) may debrief its participants');
  }
  if (named !== null && named !== side) throw new ForbiddenError(`you write the ${side} debrief, not the ${named} one`, 'input.side');
  if (side === DebriefSide.HOST && !session.hostCompany && !session.hostStructure) throw new BadInputError('input.side', 'is HOST, but the session has no host');
  return side;
}
