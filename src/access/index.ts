// The public surface of access: what other capabilities may import from it (dependency-cruiser checks it).
export { actingCompanyId, actingStructureId, requireCompanyMember, requireStructureMember } from './rules/authorize';
export { actsForOrganisation } from './rules/roles';
export { isNetworkAdmin, type Viewer } from './rules/viewer';
export { Account } from './entities/account';
export { ApiToken } from './entities/api-token';
export { PersonalDataAccess, personalDataView } from './personal-data-access';
export { restrictOffers, restrictParticipants, restrictReferrals, restrictSessions } from './queries/visibility';
export { AccountType } from './graphql/account.types';
export { revokeTokens } from './use-cases/api-tokens';
export { AuditOperation, participantSubject, recordAudit } from './use-cases/record-audit';
export { requireVisibleOffer, requireVisibleParticipant, requireVisibleReferral, requireVisibleSession } from './use-cases/target-visibility';
export { notePersonalDataRead } from './graphql/audit-recording';
