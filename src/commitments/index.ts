// The public surface of commitments: what other capabilities may import from it (dependency-cruiser checks it).
export { type CommitmentRow } from './queries/commitments';
export { CommitmentType } from './graphql/commitment.types';
