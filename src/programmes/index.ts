// The public surface of programmes: what other capabilities may import from it (dependency-cruiser checks it).
export { ProgrammeKind } from './rules/programme-kind';
export { offerLinkProblem, sessionLinkProblem } from './rules/programme-rules';
export { Programme } from './entities/programme';
export { findProgrammeForLink } from './use-cases/programmes';
