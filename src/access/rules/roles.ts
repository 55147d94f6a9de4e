import { AccountRole } from './account-role';

/** People who act for a structure (counsellors, animators, its admins). */
export const STRUCTURE_ROLES: ReadonlySet<AccountRole> = new Set([AccountRole.STRUCTURE_ADMIN, AccountRole.STRUCTURE_STAFF]);

/** People who act for a company. */
export const COMPANY_ROLES: ReadonlySet<AccountRole> = new Set([AccountRole.COMPANY_ADMIN, AccountRole.COMPANY_STAFF]);

/**
 * Whether an account acts for its structure or company as a person would: read-only integrations (portals) do not,
 * and so never see people nor write.
 */
export function actsForOrganisation(role: AccountRole): boolean {
  return STRUCTURE_ROLES.has(role) || COMPANY_ROLES.has(role);
}
