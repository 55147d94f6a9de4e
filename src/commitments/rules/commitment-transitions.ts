import { CommitmentStatus } from './commitment-status';

const { PROPOSED, SIGNED, FULFILLED, LAPSED, WITHDRAWN } = CommitmentStatus;

/** The moves a commitment may make (docs/domain.md, "Commitments"); anything else is an INVALID_TRANSITION. */
export const NEXT_COMMITMENT_STATUSES: Readonly<Record<CommitmentStatus, readonly CommitmentStatus[]>> = {
  [PROPOSED]: [SIGNED, WITHDRAWN],
  [SIGNED]: [FULFILLED, LAPSED, WITHDRAWN],
  [FULFILLED]: [],
  [LAPSED]: [],
  [WITHDRAWN]: [],
};

export function canMoveCommitment(from: CommitmentStatus, to: CommitmentStatus): boolean {
  return NEXT_COMMITMENT_STATUSES[from].includes(to);
}
