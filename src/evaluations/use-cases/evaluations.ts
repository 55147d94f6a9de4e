import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, actsForOrganisation, isNetworkAdmin, requireCompanyMember, type Viewer } from '../../access';
import { CompetenceRelevance } from '../../metiers';
import { ImmersionOffer } from '../../offers';
import { emitReferralUpdated, Referral, ReferralChange, ReferralStatus, referralsByIds } from '../../referrals';
import { ImmersionEvaluation } from '../entities/immersion-evaluation';
import { EvaluationLevel, SATISFACTION_MAX, SATISFACTION_MIN } from '../rules/evaluation-level';
import { competenceGridProblem, inCoreOrder } from '../rules/evaluation-rules';
import { evaluationsByIds } from '../queries/evaluations';
import { BadInputError, ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../../common/errors';
import { inTransaction } from '../../db/transaction';
import { optionalText, parseInput, z } from '../../common/validate';

const id = z.number().int().positive();
const level = z.nativeEnum(EvaluationLevel);
const satisfaction = z.number().int().min(SATISFACTION_MIN, `must be at least ${SATISFACTION_MIN}`).max(SATISFACTION_MAX, `must be at most ${SATISFACTION_MAX}`);

/** Above the largest core list of the ROME 4.0 v460 (20 compétences): a longer list cannot be a grid. */
export const MAX_GRID_COMPETENCES = 50;

const RecordInput = z
  .object({
    referralId: id,
    competences: z
      .array(z.object({ code: id, level }))
      .max(MAX_GRID_COMPETENCES, `must hold at most ${MAX_GRID_COMPETENCES} compétences`),
    punctuality: level,
    teamwork: level,
    instructions: level,
    companySatisfaction: satisfaction,
    participantSatisfaction: satisfaction,
    comment: optionalText(2000),
  });

export type RecordEvaluationInput = z.input<typeof RecordInput>;

/** Statuses of a referral to an offer whose immersion took place: ATTENDED, then COMPLETED by the prescriber. */
const EVALUABLE_STATUSES: readonly ReferralStatus[] = [ReferralStatus.ATTENDED, ReferralStatus.COMPLETED];

/** The core compétences of a métier, in the order Metier.competences lists them (label, then code). */
async function coreCompetences(tx: EntityManager, metierCode: string): Promise<number[]> {
  const rows = await tx.getConnection().execute<{ code: number }[]>(
    `select c.code from metier_competence mc join rome_competence c on c.code = mc.competence_code
     where mc.metier_code = ? and mc.relevance = ? order by c.label, c.code`,
    [metierCode, CompetenceRelevance.CORE],
    'all',
    tx.getTransactionContext(),
  );
  return rows.map((r) => r.code);
}

/**
 * The tutor (the offering company's admins and staff, or a network admin) records the evaluation grid of an immersion
 * that took place (a referral to an offer, ATTENDED or COMPLETED): a level for every core compétence of the offer's
 * métier, the three attitudes, both satisfactions and an optional comment. One grid per referral: called again, it
 * replaces the grid until the prescriber shares it with the participant; after that it is frozen (CONFLICT), so
 * that the participant never reads a grid that changes under them. Returns the evaluation's id.
 */
export async function recordImmersionEvaluation(em: EntityManager, viewer: Viewer, raw: RecordEvaluationInput): Promise<number> {
  const input = parseInput(RecordInput, raw);
  // A write on a referral the viewer may not read answers NOT_FOUND, as a read would.
  if ((await referralsByIds(em, viewer, [input.referralId])).length === 0) throw new NotFoundError('input.referralId', 'referral');
  return inTransaction(em, async (tx) => {
    const referral = await tx.findOne(Referral, input.referralId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!referral) throw new NotFoundError('input.referralId', 'referral');
    if (!referral.immersionOffer) throw new InvalidTransitionError('a referral to a session', referral.status, 'EVALUATED (only immersions are evaluated)', 'input.referralId');
    const offer = await tx.findOneOrFail(ImmersionOffer, referral.immersionOffer.id);
    requireCompanyMember(viewer, offer.company.id, 'evaluate this immersion');
    if (!EVALUABLE_STATUSES.includes(referral.status)) {
      throw new InvalidTransitionError('this referral', referral.status, 'EVALUATED (the immersion must have been attended)', 'input.referralId');
    }
    const core = await coreCompetences(tx, offer.metier.code);
    const problem = competenceGridProblem(input.competences, core);
    if (problem) throw new BadInputError(problem.index === null ? 'input.competences' : `input.competences[${problem.index}].code`, problem.message);

    const grid = {
      metier: offer.metier,
      competences: inCoreOrder(input.competences, core),
      punctuality: input.punctuality,
      teamwork: input.teamwork,
      instructions: input.instructions,
      companySatisfaction: input.companySatisfaction,
      participantSatisfaction: input.participantSatisfaction,
      comment: input.comment,
      recordedBy: tx.getReference(Account, viewer.accountId),
    };
    let evaluation = await tx.findOne(ImmersionEvaluation, { referral }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (evaluation?.sharedAt) throw new ConflictError('this evaluation was shared with the participant: it can no longer change', 'input.referralId');
    if (evaluation) tx.assign(evaluation, grid);
    else evaluation = tx.create(ImmersionEvaluation, { referral, ...grid });
    await tx.flush();
    await emitReferralUpdated(tx, [referral.id], ReferralChange.EVALUATION_RECORDED, { hiddenFromParticipant: true });
    return evaluation.id;
  }, 'input.referralId');
}

const ShareInput = z.object({ evaluationId: id });

/**
 * The prescriber (staff of the prescribing structure, or a network admin) shares an evaluation with the participant,
 * who reads it from then on. Sharing a shared evaluation again changes nothing.
 */
export async function shareImmersionEvaluation(em: EntityManager, viewer: Viewer, raw: z.input<typeof ShareInput>): Promise<number> {
  const input = parseInput(ShareInput, raw);
  if ((await evaluationsByIds(em, viewer, [input.evaluationId])).length === 0) throw new NotFoundError('input.evaluationId', 'evaluation');
  return inTransaction(em, async (tx) => {
    const evaluation = await tx.findOne(ImmersionEvaluation, input.evaluationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!evaluation) throw new NotFoundError('input.evaluationId', 'evaluation');
    const referral = await tx.findOneOrFail(Referral, evaluation.referral.id);
    const isPrescriber = isNetworkAdmin(viewer)
      || (actsForOrganisation(viewer.role) && viewer.companyId === null && viewer.structureId === referral.prescriberStructure.id);
    if (!isPrescriber) throw new ForbiddenError('only the prescriber shares an evaluation with the participant', 'input.evaluationId');
    if (evaluation.sharedAt) return evaluation.id;
    evaluation.sharedAt = new Date();
    evaluation.sharedBy = tx.getReference(Account, viewer.accountId);
    await tx.flush();
    await emitReferralUpdated(tx, [referral.id], ReferralChange.EVALUATION_SHARED);
    return evaluation.id;
  });
}
