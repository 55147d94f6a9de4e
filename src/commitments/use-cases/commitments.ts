import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Commitment } from '../entities/commitment';
import { Company, CompanyMembership, Structure, StructureKind } from '../../network';
import { CommitmentAxis } from '../rules/commitment-axis';
import { CommitmentMeasure } from '../rules/commitment-measure';
import { CommitmentStatus } from '../rules/commitment-status';
import { MEASURED_BY_HUB } from '../rules/commitment-progress';
import { canMoveCommitment } from '../rules/commitment-transitions';
import { todayInFrance, yearsAfter } from '../../common/local-date';
import { BadInputError, ForbiddenError, InvalidTransitionError, NotFoundError, ServiceError } from '../../common/errors';
import { commitmentStatusOf } from '../queries/commitments';
import { isNetworkAdmin, type Viewer, actingCompanyId, requireCompanyMember, requireStructureMember } from '../../access';
import { onceForKey } from '../../db/idempotency';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, localDate, optionalText, parseInput, text, z } from '../../common/validate';

const { PROPOSED, SIGNED, FULFILLED, WITHDRAWN } = CommitmentStatus;

/** Largest target or declared progress: room for euros purchased, far below the 32-bit column limit. */
export const MAX_COMMITMENT_COUNT = 1_000_000_000;
/** A PAQTE convention runs for a few years at most: a longer period pledges nothing anyone can follow. */
export const MAX_COMMITMENT_YEARS = 5;
export const MAX_PUBLIC_PARTNERS = 5;

const id = z.number().int().positive();
const count = (min: number) => z.number().int().min(min, `must be at least ${min}`).max(MAX_COMMITMENT_COUNT, `must be at most ${MAX_COMMITMENT_COUNT}`);

// ——— helpers ———

/** Loads a commitment locked for update: concurrent moves of one commitment happen one after the other. */
async function lockCommitment(tx: EntityManager, commitmentId: number): Promise<Commitment> {
  const commitment = await tx.findOne(Commitment, commitmentId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!commitment) throw new NotFoundError('input.commitmentId', 'commitment');
  return commitment;
}

/**
 * Applies a move of the state machine from the status the commitment reads as (derived from measured progress and
 * the calendar), not the stored one: a mutation must agree with what its client sees.
 */
async function move(tx: EntityManager, commitment: Commitment, to: CommitmentStatus): Promise<void> {
  moveFrom(commitment, await commitmentStatusOf(tx, commitment.id), to);
}

function moveFrom(commitment: Commitment, from: CommitmentStatus, to: CommitmentStatus): void {
  if (!canMoveCommitment(from, to)) throw new InvalidTransitionError('this commitment', from, to, 'input.commitmentId');
  commitment.status = to;
}

/** The parties who follow a commitment: the company, or the staff of its animator (and network admins). */
function requireParty(viewer: Viewer, commitment: Commitment, what: string): void {
  const animatorId = commitment.animator?.id;
  if (animatorId !== undefined && viewer.structureId === animatorId) requireStructureMember(viewer, animatorId, what);
  else requireCompanyMember(viewer, commitment.company.id, what);
}

// ——— use cases ———

const ProposeInput = z
  .object({
    companyId: id.nullish(),
    animatorId: id.nullish(),
    axis: z.nativeEnum(CommitmentAxis),
    pledge: text(2000),
    measure: z.nativeEnum(CommitmentMeasure),
    target: count(1),
    periodStart: localDate,
    periodEnd: localDate,
    idempotencyKey,
  })
  .superRefine((i, ctx) => {
    const today = todayInFrance();
    const latestEnd = yearsAfter(i.periodStart, MAX_COMMITMENT_YEARS);
    if (i.periodEnd < i.periodStart) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'must be on or after input.periodStart' });
    else if (i.periodEnd > latestEnd) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: `must be at most ${MAX_COMMITMENT_YEARS} years after input.periodStart (${latestEnd})` });
    // A period already over pledges nothing: it would read as LAPSED as soon as it is signed.
    else if (i.periodEnd < today) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: `must be today (${today}) or later` });
  });

export type ProposeCommitmentInput = z.input<typeof ProposeInput>;

interface Proposers {
  companyId: number;
  animatorId: number | null;
  /** The CRÉPI proposes in the company's name: the company must be one of its members. */
  byAnimator: boolean;
}

/**
 * Who may propose, and for whom: the company itself (naming a CRÉPI to animate it, or by default its own), a CRÉPI's
 * staff for a member company (the CRÉPI animates it), or a network admin naming the company (and the CRÉPI, or by
 * default the company's).
 */
function proposers(viewer: Viewer, input: z.output<typeof ProposeInput>): Proposers {
  if (isNetworkAdmin(viewer) || viewer.companyId !== null) {
    const companyId = actingCompanyId(viewer, input.companyId, 'propose commitments');
    return { companyId, animatorId: input.animatorId ?? null, byAnimator: false };
  }
  if (viewer.structureId === null) throw new ForbiddenError('only a company or its CRÉPI may propose commitments');
  requireStructureMember(viewer, viewer.structureId, 'propose commitments');
  if (input.animatorId != null && input.animatorId !== viewer.structureId) throw new ForbiddenError('a CRÉPI proposes commitments that it animates itself', 'input.animatorId');
  if (input.companyId == null) throw new ForbiddenError('a CRÉPI must name the company whose commitment it proposes', 'input.companyId');
  return { companyId: input.companyId, animatorId: viewer.structureId, byAnimator: true };
}

/** The animating structure: a CRÉPI (the one the viewer works for, when it proposes). */
async function findAnimator(tx: EntityManager, animatorId: number, byAnimator: boolean): Promise<Structure> {
  const structure = await tx.findOne(Structure, animatorId);
  if (byAnimator) {
    if (structure?.kind !== StructureKind.CREPI) throw new ForbiddenError('only the staff of a CRÉPI may propose commitments for a company');
    return structure;
  }
  if (!structure) throw new NotFoundError('input.animatorId', 'structure');
  if (structure.kind !== StructureKind.CREPI) throw new BadInputError('input.animatorId', `is a ${structure.kind} structure: only a CRÉPI animates PAQTE commitments`);
  return structure;
}

/**
 * The animator of a commitment nobody named one for: the company's club, when it is a member of exactly one CRÉPI.
 * A commitment without an animator could never be signed (only a CRÉPI signs the convention), so none is created.
 */
async function clubOf(tx: EntityManager, company: Company): Promise<Structure> {
  const memberships = await tx.find(CompanyMembership, { company, structure: { kind: StructureKind.CREPI } }, { populate: ['structure'] });
  if (memberships.length === 1) return memberships[0]!.structure;
  const problem = memberships.length === 0
    ? `is a member of no CRÉPI`
    : `is a member of several CRÉPI (${memberships.map((m) => m.structure.name).sort().join(', ')})`;
  throw new BadInputError('input.animatorId', `is required: ${company.name} ${problem}; name the CRÉPI that animates the commitment and signs its convention`);
}

/**
 * A company, its CRÉPI or a network admin proposes a commitment (PROPOSED), animated by the CRÉPI named, or else by
 * the company's CRÉPI. The same idempotency key replayed returns the first commitment.
 */
export function proposeCommitment(em: EntityManager, viewer: Viewer, raw: ProposeCommitmentInput): Promise<number> {
  const input = parseInput(ProposeInput, raw);
  const who = proposers(viewer, input);
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'proposeCommitment', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
      const named = who.animatorId === null ? null : await findAnimator(tx, who.animatorId, who.byAnimator);
      const company = await tx.findOne(Company, who.companyId);
      if (!company) throw new NotFoundError('input.companyId', 'company');
      const animator = named ?? (await clubOf(tx, company));
      // A CRÉPI speaks only for its members; a company naming a CRÉPI needs no membership: the CRÉPI signs or not.
      if (who.byAnimator && (await tx.count(CompanyMembership, { company, structure: animator })) === 0) {
        throw new ForbiddenError('the company is not a member of your CRÉPI: it may propose the commitment itself', 'input.companyId');
      }
      const commitment = tx.create(Commitment, {
        company,
        animator,
        axis: input.axis,
        pledge: input.pledge,
        measure: input.measure,
        target: input.target,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        status: PROPOSED,
      });
      await tx.flush();
      return commitment.id;
    }),
  );
}

const CommitmentIdInput = z.object({ commitmentId: id });

const SignInput = CommitmentIdInput.extend({
  publicPartners: z
    .array(text(200))
    .min(1, 'must name at least one public partner (préfecture, agglomération)')
    .max(MAX_PUBLIC_PARTNERS, `must name at most ${MAX_PUBLIC_PARTNERS} public partners`)
    .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, 'must not name a partner twice'),
  conventionSignedOn: localDate.refine((day) => day <= todayInFrance(), () => ({ message: `must not be in the future (today is ${todayInFrance()})` })),
});

/**
 * The animator signs the tripartite convention (company, CRÉPI, public partners): PROPOSED → SIGNED. A commitment
 * without an animator has nobody to sign it.
 */
export function signCommitment(em: EntityManager, viewer: Viewer, raw: z.input<typeof SignInput>): Promise<number> {
  const input = parseInput(SignInput, raw);
  return inTransaction(em, async (tx) => {
    const commitment = await lockCommitment(tx, input.commitmentId);
    if (!commitment.animator) throw new BadInputError('input.commitmentId', 'is a commitment without an animator: only a CRÉPI-animated convention is signed');
    requireStructureMember(viewer, commitment.animator.id, 'sign this commitment');
    await move(tx, commitment, SIGNED);
    if (commitment.periodEnd < todayInFrance()) throw new BadInputError('input.commitmentId', `is a commitment whose period ended on ${commitment.periodEnd}`);
    Object.assign(commitment, { signedAt: new Date(), publicPartners: input.publicPartners, conventionSignedOn: input.conventionSignedOn });
    await tx.flush();
    return commitment.id;
  });
}

const ProgressInput = CommitmentIdInput.extend({ declaredProgress: count(0) });

/**
 * The company (or its animator) declares progress the hub cannot see, on a SIGNED commitment; reaching the target
 * fulfils it.
 */
export function recordCommitmentProgress(em: EntityManager, viewer: Viewer, raw: z.input<typeof ProgressInput>): Promise<number> {
  const input = parseInput(ProgressInput, raw);
  return inTransaction(em, async (tx) => {
    const commitment = await lockCommitment(tx, input.commitmentId);
    requireParty(viewer, commitment, 'record progress on this commitment');
    if (MEASURED_BY_HUB.has(commitment.measure)) {
      throw new BadInputError('input.commitmentId', `is a ${commitment.measure} commitment, which is measured by the hub: its progress is not declared`);
    }
    const status = await commitmentStatusOf(tx, commitment.id);
    if (status !== SIGNED) throw new ServiceError('INVALID_TRANSITION', `this commitment is ${status}: progress is recorded only on a SIGNED commitment`, 'input.commitmentId');
    commitment.declaredProgress = input.declaredProgress;
    if (input.declaredProgress >= commitment.target) moveFrom(commitment, status, FULFILLED);
    await tx.flush();
    return commitment.id;
  });
}

const WithdrawInput = CommitmentIdInput.extend({ reason: optionalText(2000) });

/** The company or its animator withdraws a PROPOSED or SIGNED commitment. */
export function withdrawCommitment(em: EntityManager, viewer: Viewer, raw: z.input<typeof WithdrawInput>): Promise<number> {
  const input = parseInput(WithdrawInput, raw);
  return inTransaction(em, async (tx) => {
    const commitment = await lockCommitment(tx, input.commitmentId);
    requireParty(viewer, commitment, 'withdraw this commitment');
    await move(tx, commitment, WITHDRAWN);
    await tx.flush();
    return commitment.id;
  });
}
