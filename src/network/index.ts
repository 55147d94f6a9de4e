// The public surface of network: what other capabilities may import from it (dependency-cruiser checks it).
export { StructureKind, HOST_KINDS, structureHostProblem } from './rules/structure-kind';
export { Company } from './entities/company';
export { CompanyMembership } from './entities/company-membership';
export { Structure } from './entities/structure';
export { type CompanyRow } from './queries/companies';
export { type StructureRow } from './queries/structures';
export { COMPANY_FIELD_KEYS, CommitmentProgressType, CompanyType } from './graphql/company.types';
export { STRUCTURE_FIELD_KEYS, StructureType } from './graphql/structure.types';
