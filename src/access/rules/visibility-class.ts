import { actsForOrganisation } from './roles';
import { isNetworkAdmin, type Viewer } from './viewer';

/**
 * What of a viewer the catalogue it may read depends on: two viewers of the same class read the same sessions,
 * immersion offers, companies, structures and métiers, with the same fields. Read from the rules that decide it
 * (sessions/queries/visibility.ts, offers/queries/visibility.ts, `mayReadHostDeclineReason`): a network admin reads
 * everything; the people of a structure or company (actsForOrganisation) also read the drafts of their own
 * structure or company; everyone else (partner portals, participants) reads only what is published, whatever
 * structure or company their account is attached to. The role stays in the class even where the rules treat roles
 * alike (a structure's staff and admin), so that a rule distinguishing them later cannot make two classes share an
 * answer. The response cache (server/response-cache.ts) keys answers by it; it never holds fields that depend on
 * more than this (personal data, one's referrals: graphql/public-operations.ts).
 */
export function visibilityClass(viewer: Viewer): string {
  if (isNetworkAdmin(viewer)) return viewer.role;
  if (actsForOrganisation(viewer.role)) return `${viewer.role}:s${viewer.structureId ?? '-'}:c${viewer.companyId ?? '-'}`;
  return viewer.role;
}
