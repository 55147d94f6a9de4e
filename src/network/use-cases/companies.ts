import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Company } from '../entities/company';
import { CompanyMembership } from '../entities/company-membership';
import { Structure } from '../entities/structure';
import { joinedOnProblem } from '../rules/membership-dates';
import { AccountRole, isNetworkAdmin, type Viewer } from '../../access';
import { todayInFrance } from '../../common/local-date';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors';
import { onceForKey } from '../../db/idempotency';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, localDate, parseInput, z } from '../../common/validate';
import { resolveLocation } from '../../territories';
import { checkNafCode, checkSiretFree, CompanyFields, companyFields, DuplicateSiretError, insertCompany } from './company-fields';
import { ensureMembership, findClub } from './club-members';
import { isClubAdmin, requireNetworkEditor } from './network-rights';

const id = z.number().int().positive();

const CreateInput = CompanyFields.extend({
  clubId: id.nullish(),
  joinedOn: localDate.nullish(),
  idempotencyKey,
}).superRefine((i, ctx) => {
  const problem = i.joinedOn ? joinedOnProblem(i.joinedOn, todayInFrance()) : null;
  if (problem) ctx.addIssue({ code: 'custom', path: ['joinedOn'], message: problem });
});

export type CreateCompanyInput = z.input<typeof CreateInput>;

/**
 * A network admin or a CRÉPI's admin registers a company: SIRET checked (Luhn), NAF code checked against the
 * imported nomenclature, one company per SIRET (a second one: CONFLICT naming the company that has it). With a
 * club (a CRÉPI's admin: its own, by default), the company joins it on `joinedOn` (default today) in the same
 * transaction. The same idempotency key replayed returns the first company.
 */
export function createCompany(em: EntityManager, viewer: Viewer, raw: CreateCompanyInput): Promise<number> {
  const input = parseInput(CreateInput, raw);
  requireNetworkEditor(viewer, [AccountRole.STRUCTURE_ADMIN], 'create companies');
  // A CRÉPI's admin registers its club's new members: the company joins its club.
  const clubId = isNetworkAdmin(viewer) ? input.clubId ?? null : input.clubId ?? viewer.structureId;
  return inTransaction(
    em,
    async (tx) => {
      // Rights first, so that a replayed key answers only to who may still create companies.
      let club: Structure | null = null;
      if (isNetworkAdmin(viewer)) club = clubId === null ? null : await findClub(tx, clubId);
      else {
        club = clubId === null ? null : await tx.findOne(Structure, clubId);
        if (club === null || !isClubAdmin(viewer, club)) {
          throw new ForbiddenError('only a network admin or the admin of a CRÉPI (for its own club) may create companies', input.clubId != null ? 'input.clubId' : undefined);
        }
      }
      return onceForKey(tx, viewer, 'createCompany', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
        await checkSiretFree(tx, input.siret, null, 'input.siret');
        const company = await insertCompany(tx, input);
        if (club) await ensureMembership(tx, company, club, input.joinedOn ?? todayInFrance());
        return company.id;
      });
    },
    'input.siret',
  ).catch((error: unknown) => namingTheHolder(em, error, input.siret));
}

/**
 * A registration that lost a race for its SIRET to a concurrent one meets the unique index, not checkSiretFree:
 * its CONFLICT names the company that won, as a sequential second attempt's does.
 */
async function namingTheHolder(em: EntityManager, error: unknown, siret: string): Promise<never> {
  if (error instanceof ConflictError && !(error instanceof DuplicateSiretError) && error.field === 'input.siret') {
    const holder = await em.fork().findOne(Company, { siret }, { fields: ['id'] });
    if (holder) throw new DuplicateSiretError(holder.id, siret, 'input.siret');
  }
  throw error;
}

const UpdateInput = z.object({
  companyId: id,
  ...CompanyFields.partial().shape,
  // Required fields may be left out, not cleared.
  siret: companyFields.siret.optional(),
  name: companyFields.name.optional(),
});

export type UpdateCompanyInput = z.input<typeof UpdateInput>;

/** The viewer may update `company`: a network admin, its own admin, or the admin of a CRÉPI it is a member of. */
async function requireCompanyEditor(tx: EntityManager, viewer: Viewer, company: Company): Promise<void> {
  if (isNetworkAdmin(viewer)) return;
  if (viewer.role === AccountRole.COMPANY_ADMIN && viewer.companyId === company.id) return;
  if (viewer.role === AccountRole.STRUCTURE_ADMIN && viewer.structureId !== null) {
    const membership = await tx.findOne(CompanyMembership, { company, structure: viewer.structureId }, { populate: ['structure'] });
    if (membership && isClubAdmin(viewer, membership.structure)) return;
  }
  throw new ForbiddenError('only a network admin, the company’s admin or the admin of its CRÉPI may update this company', 'input.companyId');
}

/**
 * Updates a company's details: fields left out stay as they are, nullable ones given as null are cleared. The
 * location is taken as a whole: given any of address, postal code or commune, it is set from those given. A new
 * SIRET or NAF code is checked as at creation.
 */
export function updateCompany(em: EntityManager, viewer: Viewer, raw: UpdateCompanyInput): Promise<number> {
  const input = parseInput(UpdateInput, raw);
  requireNetworkEditor(viewer, [AccountRole.STRUCTURE_ADMIN, AccountRole.COMPANY_ADMIN], 'update companies');
  return inTransaction(
    em,
    async (tx) => {
      const company = await tx.findOne(Company, input.companyId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!company) throw new NotFoundError('input.companyId', 'company');
      await requireCompanyEditor(tx, viewer, company);
      if (input.siret !== undefined && input.siret !== company.siret) {
        await checkSiretFree(tx, input.siret, company.id, 'input.siret');
        company.siret = input.siret;
      }
      if (input.nafCode !== undefined && input.nafCode !== company.nafCode) {
        if (input.nafCode !== null) await checkNafCode(tx, input.nafCode, 'input.nafCode');
        company.nafCode = input.nafCode;
      }
      if (input.name !== undefined) company.name = input.name;
      if (input.sizeBand !== undefined) company.sizeBand = input.sizeBand;
      if (input.website !== undefined) company.website = input.website;
      if (input.description !== undefined) company.description = input.description;
      if (input.address !== undefined || input.postalCode !== undefined || input.communeCode !== undefined) {
        Object.assign(company, await resolveLocation(tx, input, null));
      }
      await tx.flush();
      return company.id;
    },
    'input.siret',
  );
}
