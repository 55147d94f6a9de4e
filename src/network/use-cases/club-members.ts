import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Company } from '../entities/company';
import { CompanyMembership } from '../entities/company-membership';
import { PastCompanyMembership } from '../entities/past-company-membership';
import { Structure } from '../entities/structure';
import { joinedOnProblem, leftOnProblem } from '../rules/membership-dates';
import { StructureKind } from '../rules/structure-kind';
import { AccountRole, type Viewer } from '../../access';
import { todayInFrance } from '../../common/local-date';
import { BadInputError, ConflictError, NotFoundError } from '../../common/errors';
import { onceForKey } from '../../db/idempotency';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, localDate, parseInput, z } from '../../common/validate';
import { requireClubAdmin, requireNetworkEditor } from './network-rights';

const id = z.number().int().positive();

/** A club: a CRÉPI of the network, or NOT_FOUND / BAD_USER_INPUT naming `field`. Locked when asked (membership changes). */
export async function findClub(tx: EntityManager, clubId: number, field = 'input.clubId'): Promise<Structure> {
  const club = await tx.findOne(Structure, clubId);
  if (!club) throw new NotFoundError(field, 'structure');
  if (club.kind !== StructureKind.CREPI) throw new BadInputError(field, `is a ${club.kind} structure: only a CRÉPI has member companies`);
  return club;
}

async function findCompany(tx: EntityManager, companyId: number, lock = false): Promise<Company> {
  const company = await tx.findOne(Company, companyId, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!company) throw new NotFoundError('input.companyId', 'company');
  return company;
}

/** The current membership of `company` in `club`, if any. */
export function currentMembership(tx: EntityManager, company: Company, club: Structure): Promise<CompanyMembership | null> {
  return tx.findOne(CompanyMembership, { company, structure: club });
}

/**
 * Makes `company` a member of `club` from `joinedOn`, unless it already is (then nothing changes): the CSV import
 * is idempotent on this. Returns whether a membership was created. Flushes.
 */
export async function ensureMembership(tx: EntityManager, company: Company, club: Structure, joinedOn: string, hostingAgreement = false): Promise<boolean> {
  if (company.id !== undefined && (await currentMembership(tx, company, club))) return false;
  tx.create(CompanyMembership, { company, structure: club, since: joinedOn, hostingAgreement });
  await tx.flush();
  return true;
}

const MembershipInput = z.object({ companyId: id, clubId: id });

const AddInput = MembershipInput.extend({
  joinedOn: localDate.nullish(),
  hostingAgreement: z.boolean().nullish(),
  idempotencyKey,
}).superRefine((i, ctx) => {
  const problem = i.joinedOn ? joinedOnProblem(i.joinedOn, todayInFrance()) : null;
  if (problem) ctx.addIssue({ code: 'custom', path: ['joinedOn'], message: problem });
});

export type AddClubMemberInput = z.input<typeof AddInput>;

/**
 * A network admin or the club's admin adds a company to a CRÉPI club, from `joinedOn` (default today), with or
 * without a standing hosting agreement. A company already a member: CONFLICT. Returns the company's id; the same
 * idempotency key replayed returns it again and adds nothing.
 */
export function addClubMember(em: EntityManager, viewer: Viewer, raw: AddClubMemberInput): Promise<number> {
  const input = parseInput(AddInput, raw);
  requireNetworkEditor(viewer, [AccountRole.STRUCTURE_ADMIN], 'add members to a club');
  return inTransaction(
    em,
    async (tx) => {
      // Rights first, so that a replayed key answers only to who may still add members.
      const club = await findClub(tx, input.clubId);
      requireClubAdmin(viewer, club, 'add members to it');
      return onceForKey(tx, viewer, 'addClubMember', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
        // Locked: two requests adding the same company meet here, the second sees the first's membership.
        const company = await findCompany(tx, input.companyId, true);
        const existing = await currentMembership(tx, company, club);
        if (existing) throw new ConflictError(`${company.name} is already a member of ${club.name}${existing.since ? ` since ${existing.since}` : ''}`, 'input.companyId');
        await ensureMembership(tx, company, club, input.joinedOn ?? todayInFrance(), input.hostingAgreement ?? false);
        return company.id;
      });
    },
    'input.companyId',
  );
}

const RemoveInput = MembershipInput.extend({ leftOn: localDate.nullish(), idempotencyKey });

export type RemoveClubMemberInput = z.input<typeof RemoveInput>;

/**
 * A network admin or the club's admin records that a company left a CRÉPI club on `leftOn` (default today, on or
 * after the day it joined): the membership moves to the past memberships with both dates, and its standing hosting
 * agreement ends with it. Returns the id of the past membership; the same idempotency key replayed (a retry after a
 * lost answer) returns it again instead of answering that the company is no longer a member.
 */
export function removeClubMember(em: EntityManager, viewer: Viewer, raw: RemoveClubMemberInput): Promise<number> {
  const input = parseInput(RemoveInput, raw);
  requireNetworkEditor(viewer, [AccountRole.STRUCTURE_ADMIN], 'remove members from a club');
  return inTransaction(em, async (tx) => {
    // Rights first, so that a replayed key answers only to who may still remove members.
    const club = await findClub(tx, input.clubId);
    requireClubAdmin(viewer, club, 'remove members from it');
    return onceForKey(tx, viewer, 'removeClubMember', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
      const company = await findCompany(tx, input.companyId, true);
      const membership = await currentMembership(tx, company, club);
      if (!membership) throw new BadInputError('input.companyId', `is not a member of ${club.name}`);
      const joinedOn = membership.since ?? null;
      const leftOn = input.leftOn ?? todayInFrance();
      const problem = leftOnProblem(joinedOn, leftOn, todayInFrance());
      if (problem) throw new BadInputError('input.leftOn', problem);
      const past = tx.create(PastCompanyMembership, { company, structure: club, joinedOn, leftOn });
      tx.remove(membership);
      await tx.flush();
      return past.id;
    });
  });
}
