import type { EntityManager } from '@mikro-orm/postgresql';
import { Company } from '../entities/company';
import { BadInputError, ServiceError } from '../../common/errors';
import { todayInFrance } from '../../common/local-date';
import { parseInput, localDate, z } from '../../common/validate';
import { recordAudit } from '../../access';
import { joinedOnProblem } from '../rules/membership-dates';
import { CompanyFields, insertCompany } from './company-fields';
import { ensureMembership, findClub } from './club-members';

/** One line of a member list: its line number in the file and its values by column (CSV header names). */
export interface MemberLine {
  line: number;
  values: Readonly<Record<string, string>>;
}

/** A line that was not imported, and why. */
export interface RejectedLine {
  line: number;
  reason: string;
}

export interface MemberImportReport {
  clubId: number;
  clubName: string;
  /** Companies created, and made members. */
  created: number;
  /** Companies already registered (same SIRET) that became members. */
  joined: number;
  /** Companies already members: nothing written. */
  alreadyMembers: number;
  rejected: RejectedLine[];
  /** Whether the accepted lines were written: false in `allOrNothing` mode with a rejected line. */
  written: boolean;
}

/** The CSV columns, as header names, and the createCompany field each fills. */
export const MEMBER_COLUMNS = {
  siret: 'siret',
  name: 'name',
  naf_code: 'nafCode',
  size_band: 'sizeBand',
  website: 'website',
  description: 'description',
  address: 'address',
  postal_code: 'postalCode',
  commune_code: 'communeCode',
  joined_on: 'joinedOn',
} as const;

const LineInput = CompanyFields.extend({ joinedOn: localDate.nullish() }).superRefine((i, ctx) => {
  const problem = i.joinedOn ? joinedOnProblem(i.joinedOn, todayInFrance()) : null;
  if (problem) ctx.addIssue({ code: 'custom', path: ['joinedOn'], message: problem });
});

/** Column name for an `input.field` named by an error, so that a rejected line says which cell is wrong. */
function columnOf(message: string): string {
  return Object.entries(MEMBER_COLUMNS).reduce((text, [column, field]) => text.replace(new RegExp(`^input\\.${field}\\b`), column), message);
}

/** The line's values as createCompany's input: empty cells are absent. */
function inputOf(values: Readonly<Record<string, string>>): Record<string, string> {
  const input: Record<string, string> = {};
  for (const [column, field] of Object.entries(MEMBER_COLUMNS)) {
    const value = values[column]?.trim();
    if (value) input[field] = value;
  }
  return input;
}

/**
 * Imports the member companies of a CRÉPI club, line by line, with createCompany's rules (company-fields.ts):
 * a SIRET already registered is that company, made a member if it is not one (nothing is duplicated, so a file
 * imported twice changes nothing the second time); a new SIRET is a new company, made a member from `joined_on`
 * (default today). Bad lines are rejected with their line number and reason, as are lines repeating a SIRET of an
 * earlier line. The accepted lines are written in one transaction (with `allOrNothing`, none if any line is
 * rejected), with one audit entry per company written.
 */
export async function importClubMembers(em: EntityManager, clubId: number, lines: readonly MemberLine[], options: { allOrNothing?: boolean; unreadable?: readonly RejectedLine[] } = {}): Promise<MemberImportReport> {
  const rejected: RejectedLine[] = [...(options.unreadable ?? [])];
  let counts = { clubId, clubName: '', created: 0, joined: 0, alreadyMembers: 0 };
  try {
    await em.fork().transactional(async (tx) => {
      const club = await findClub(tx, clubId, '--club');
      counts = { ...counts, clubName: club.name };
      const seen = new Map<string, number>();
      const written: number[] = [];
      for (const { line, values } of lines) {
        try {
          const input = parseInput(LineInput, inputOf(values));
          const earlier = seen.get(input.siret);
          if (earlier !== undefined) throw new BadInputError('input.siret', `${input.siret} repeats line ${earlier}`);
          const joinedOn = input.joinedOn ?? todayInFrance();
          const existing = await tx.findOne(Company, { siret: input.siret });
          if (existing) {
            seen.set(input.siret, line);
            if (await ensureMembership(tx, existing, club, joinedOn)) {
              counts.joined += 1;
              written.push(existing.id);
            } else counts.alreadyMembers += 1;
            continue;
          }
          const company = await insertCompany(tx, input);
          await ensureMembership(tx, company, club, joinedOn);
          // Only an accepted line makes a later one with its SIRET a repeat: after a rejected one, the next may be right.
          seen.set(input.siret, line);
          counts.created += 1;
          written.push(company.id);
        } catch (error) {
          // Rules answer with a ServiceError before writing anything of the line; anything else aborts the import.
          if (!(error instanceof ServiceError)) throw error;
          rejected.push({ line, reason: columnOf(error.message) });
        }
      }
      if (options.allOrNothing && rejected.length > 0) throw new RollBack();
      await recordAudit(tx, null, 'cli:import-companies', written.map((id) => ({ participantId: null, target: { type: 'Company', key: String(id) } })));
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    rejected.sort((a, b) => a.line - b.line);
    return { ...counts, rejected, written: false };
  }
  rejected.sort((a, b) => a.line - b.line);
  return { ...counts, rejected, written: true };
}

/** Thrown to roll the import back (allOrNothing with a rejected line). */
class RollBack extends Error {}
