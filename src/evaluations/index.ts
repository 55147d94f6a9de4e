// The public surface of evaluations: what other capabilities may import from it (dependency-cruiser checks it).
export { EvaluationLevel } from './rules/evaluation-level';
export { ImmersionEvaluation } from './entities/immersion-evaluation';
// The passeport prints the evaluations shared with the participant: the same rule as Referral.evaluation.
export { evaluationReadable } from './rules/evaluation-rules';
