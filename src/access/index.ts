// The public surface of access: what other capabilities may import from it (dependency-cruiser checks it).
export { actingCompanyId, actingStructureId, requireCompanyMember, requireStructureMember } from './rules/authorize';
export { actsForOrganisation } from './rules/roles';
export { isNetworkAdmin, type Viewer } from './rules/viewer';
export { visibilityClass } from './rules/visibility-class';
export { AccountRole } from './rules/account-role';
export { Account } from './entities/account';
export { ApiToken } from './entities/api-token';
export { accessOfRelation, PersonalDataAccess, personalDataView } from './personal-data-access';
export { AccountType } from './graphql/account.types';
export { revokeTokens } from './use-cases/api-tokens';
export { AuditOperation, participantSubject, recordAudit } from './use-cases/record-audit';
export { notePersonalDataRead } from './graphql/audit-recording';
export { recordPersonalDataReads } from './graphql/audit-recording';
