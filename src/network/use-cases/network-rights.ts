import { AccountRole, isNetworkAdmin, type Viewer } from '../../access';
import { ForbiddenError } from '../../common/errors';
import type { Structure } from '../entities/structure';
import { StructureKind } from '../rules/structure-kind';

/**
 * Who may change the network (README, "Who may see and do what"): network admins everything; a CRÉPI's admin its
 * club's members (add, remove, create, update them); a company's admin its own company (update it, invite its staff);
 * a structure's admin its own structure's public details. Staff, participants and integrations: nothing here.
 */

/** The viewer is the admin of `club`, a CRÉPI. */
export function isClubAdmin(viewer: Viewer, club: Pick<Structure, 'id' | 'kind'>): boolean {
  return viewer.role === AccountRole.STRUCTURE_ADMIN && viewer.structureId === club.id && club.kind === StructureKind.CREPI;
}

/** Network admins, or the admin of `club`, may change its members. */
export function requireClubAdmin(viewer: Viewer, club: Pick<Structure, 'id' | 'kind'>, what: string, field = 'input.clubId'): void {
  if (isNetworkAdmin(viewer) || isClubAdmin(viewer, club)) return;
  throw new ForbiddenError(`only a network admin or the admin of this club may ${what}`, viewer.role === AccountRole.STRUCTURE_ADMIN ? field : undefined);
}

/** Refused before anything is read: roles that never change the network. */
export function requireNetworkEditor(viewer: Viewer, roles: readonly AccountRole[], what: string): void {
  if (isNetworkAdmin(viewer) || roles.includes(viewer.role)) return;
  throw new ForbiddenError(`you may not ${what}`);
}
