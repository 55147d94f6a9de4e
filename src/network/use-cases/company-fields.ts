import type { EntityManager } from '@mikro-orm/postgresql';
import { Company } from '../entities/company';
import { CompanySizeBand } from '../rules/company-size-band';
import { isValidSiret } from '../rules/siret';
import { NAF_CODE, normaliseNafCode } from '../../common/codes';
import { BadInputError, ConflictError } from '../../common/errors';
import { optionalText, text, z } from '../../common/validate';
import { locationInput, resolveLocation } from '../../territories';

/**
 * What a company is, as createCompany, updateCompany and the CSV import (import-companies) take it: one rule for
 * the three. SIRETs are written with or without spaces (`732 829 320 00074`) and stored as 14 digits.
 */
export const siret = z
  .string()
  .transform((v) => v.replace(/\s/g, ''))
  .refine(isValidSiret, 'must be a SIRET: 14 digits passing the Luhn check');

/** A NAF rév. 2 subclass as SIRENE (`4399C`) or the hub (`43.99C`) writes it, stored dotted; checked in the table by checkNafCode. */
export const nafCode = z
  .string()
  .transform(normaliseNafCode)
  .refine((v) => NAF_CODE.test(v), 'must be a NAF rév. 2 code such as 43.99C');

function isWebAddress(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

const website = optionalText(500).refine((v) => v === null || isWebAddress(v), 'must be a web address (https://...)');

export const companyFields = {
  siret,
  name: text(200),
  nafCode: nafCode.nullish(),
  sizeBand: z.nativeEnum(CompanySizeBand).nullish(),
  website,
  description: optionalText(5000),
  ...locationInput,
};

export const CompanyFields = z.object(companyFields);
export type CompanyFieldsInput = z.input<typeof CompanyFields>;
export type CompanyFieldsOutput = z.output<typeof CompanyFields>;

/**
 * A NAF code must be a subclass of the imported nomenclature (`npm run cli -- import-naf`). Without the
 * nomenclature no code can be checked, and none is accepted: the client is told what to run.
 */
export async function checkNafCode(tx: EntityManager, code: string, field: string): Promise<void> {
  const [row] = await tx.getConnection().execute<{ known: boolean; imported: boolean }[]>(
    `select exists (select 1 from naf_activity where code = ? and level = 'SUBCLASS') as known,
            exists (select 1 from naf_activity where level = 'SUBCLASS') as imported`,
    [code],
    'all',
    tx.getTransactionContext(),
  );
  if (row?.known) return;
  if (!row?.imported) throw new BadInputError(field, 'cannot be checked: the NAF nomenclature is not imported (npm run cli -- import-naf)');
  throw new BadInputError(field, `is not a subclass of the NAF rév. 2 nomenclature: ${code}`);
}

/** A second company with a SIRET already registered: CONFLICT, naming the company that has it. */
export class DuplicateSiretError extends ConflictError {
  constructor(
    readonly existingCompanyId: number,
    readonly siretValue: string,
    field: string,
  ) {
    super(`a company with SIRET ${siretValue} already exists (company ${existingCompanyId})`, field);
  }
}

/** One company per SIRET: the company holding `siretValue`, other than `exceptId`, is a conflict. */
export async function checkSiretFree(tx: EntityManager, siretValue: string, exceptId: number | null, field: string): Promise<void> {
  const existing = await tx.findOne(Company, { siret: siretValue }, { fields: ['id'] });
  if (existing && existing.id !== exceptId) throw new DuplicateSiretError(existing.id, siretValue, field);
}

/**
 * A new company from validated fields, its NAF code checked against the nomenclature, flushed: createCompany and
 * the member import (which has looked its SIRET up already) write companies so.
 */
export async function insertCompany(tx: EntityManager, input: CompanyFieldsOutput): Promise<Company> {
  if (input.nafCode) await checkNafCode(tx, input.nafCode, 'input.nafCode');
  const company = tx.create(Company, {
    siret: input.siret,
    name: input.name,
    nafCode: input.nafCode ?? null,
    sizeBand: input.sizeBand ?? null,
    website: input.website,
    description: input.description,
    ...(await resolveLocation(tx, input, null)),
  });
  await tx.flush();
  return company;
}
