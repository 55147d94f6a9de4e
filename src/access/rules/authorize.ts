import { COMPANY_ROLES, STRUCTURE_ROLES } from './roles';
import { ForbiddenError } from '../../common/errors';
import { isNetworkAdmin, type Viewer } from './viewer';


/**
 * Write rules shared by the use cases (the baseline; the security work refines them). Read-only integrations and
 * participants never write through these paths.
 */

/** The viewer acts for `structureId` (its staff or admin), or is a network admin. */
export function requireStructureMember(viewer: Viewer, structureId: number, what: string): void {
  if (isNetworkAdmin(viewer)) return;
  if (STRUCTURE_ROLES.has(viewer.role) && viewer.structureId === structureId) return;
  throw new ForbiddenError(`only the staff of the structure concerned may ${what}`);
}

/** The viewer acts for `companyId` (its staff or admin), or is a network admin. */
export function requireCompanyMember(viewer: Viewer, companyId: number, what: string): void {
  if (isNetworkAdmin(viewer)) return;
  if (COMPANY_ROLES.has(viewer.role) && viewer.companyId === companyId) return;
  throw new ForbiddenError(`only the company concerned may ${what}`);
}

/** The structure the viewer acts for (structure staff), or a structure a network admin names. */
export function actingStructureId(viewer: Viewer, named: number | null | undefined, what: string): number {
  if (isNetworkAdmin(viewer)) {
    if (named == null) throw new ForbiddenError(`a network admin must name the structure to ${what}`, 'input.structureId');
    return named;
  }
  if (!STRUCTURE_ROLES.has(viewer.role) || viewer.structureId === null) throw new ForbiddenError(`only structure staff may ${what}`);
  if (named != null && named !== viewer.structureId) throw new ForbiddenError(`you may ${what} only for your own structure`);
  return viewer.structureId;
}

/** The company the viewer acts for (company staff), or a company a network admin names. */
export function actingCompanyId(viewer: Viewer, named: number | null | undefined, what: string): number {
  if (isNetworkAdmin(viewer)) {
    if (named == null) throw new ForbiddenError(`a network admin must name the company to ${what}`, 'input.companyId');
    return named;
  }
  if (!COMPANY_ROLES.has(viewer.role) || viewer.companyId === null) throw new ForbiddenError(`only company staff may ${what}`);
  if (named != null && named !== viewer.companyId) throw new ForbiddenError(`you may ${what} only for your own company`);
  return viewer.companyId;
}
