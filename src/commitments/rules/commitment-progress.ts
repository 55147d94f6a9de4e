import { CommitmentMeasure } from './commitment-measure';

/** Measures the hub counts itself; the others are declared by the company. */
export const MEASURED_BY_HUB: ReadonlySet<CommitmentMeasure> = new Set([CommitmentMeasure.SESSIONS_HOSTED, CommitmentMeasure.IMMERSIONS_OFFERED]);

export interface CommitmentProgress {
  achieved: number;
  target: number;
  /** achieved / target, capped at 1. */
  ratio: number;
}

export function progressOf(achieved: number, target: number): CommitmentProgress {
  return { achieved, target, ratio: target > 0 ? Math.min(1, achieved / target) : 0 };
}
