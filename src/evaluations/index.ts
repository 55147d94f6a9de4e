// The public surface of evaluations: what other capabilities may import from it (dependency-cruiser checks it).
export { EvaluationLevel } from './rules/evaluation-level';
export { ImmersionEvaluation } from './entities/immersion-evaluation';
