import { CommitmentStatus } from './commitment-status';
import { canMoveCommitment, NEXT_COMMITMENT_STATUSES } from './commitment-transitions';

const { PROPOSED, SIGNED, FULFILLED, LAPSED, WITHDRAWN } = CommitmentStatus;
const ALL = Object.values(CommitmentStatus);
const ALLOWED = new Set([`${PROPOSED}>${SIGNED}`, `${PROPOSED}>${WITHDRAWN}`, `${SIGNED}>${FULFILLED}`, `${SIGNED}>${LAPSED}`, `${SIGNED}>${WITHDRAWN}`]);

describe('the commitment state machine', () => {
  it('has a row for every status', () => {
    expect(Object.keys(NEXT_COMMITMENT_STATUSES).sort()).toEqual([...ALL].sort());
  });

  it.each(ALL.flatMap((from) => ALL.map((to) => [from, to] as const)))('%s → %s is allowed only if listed', (from, to) => {
    expect(canMoveCommitment(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });

  it('fulfils or lapses only a signed commitment', () => {
    expect(canMoveCommitment(PROPOSED, FULFILLED)).toBe(false);
    expect(canMoveCommitment(PROPOSED, LAPSED)).toBe(false);
  });

  it('withdraws a proposed or signed commitment, not one that is over', () => {
    expect(ALL.filter((s) => canMoveCommitment(s, WITHDRAWN)).sort()).toEqual([PROPOSED, SIGNED].sort());
  });
});
