import { AccountRole } from '../domain/enums/account-role';
import type { Account } from '../domain/entities/account';

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

export function viewerOf(account: Account, tokenId: number): Viewer {
  return {
    accountId: account.id,
    tokenId,
    email: account.email,
    displayName: account.displayName,
    role: account.role,
    structureId: account.structure?.id ?? null,
    companyId: account.company?.id ?? null,
    participantId: account.participant?.id ?? null,
  };
}

export function isNetworkAdmin(viewer: Viewer): boolean {
  return viewer.role === AccountRole.NETWORK_ADMIN;
}
