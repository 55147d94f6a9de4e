import { AccountRole } from './account-role';

/** Who is asking: the authenticated account, as every use case sees it. Authorization is decided from this. */
export interface Viewer {
  accountId: number;
  tokenId: number;
  email: string;
  displayName: string;
  role: AccountRole;
  structureId: number | null;
  companyId: number | null;
  participantId: number | null;
}

export function isNetworkAdmin(viewer: Viewer): boolean {
  return viewer.role === AccountRole.NETWORK_ADMIN;
}
