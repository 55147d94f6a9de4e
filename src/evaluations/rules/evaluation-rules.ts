import { EvaluationLevel, type CompetenceLevel } from './evaluation-level';

/**
 * Who reads an evaluation, given how the reader reads its referral (referrals' ReferralView, passed as a string so
 * that this rule stays plain): FULL (network admins, the prescribing and the referent structures) and HOST (for a
 * referral to an offer, the offering company: the tutor who wrote it) read it all; the participant only once the
 * prescriber shared it. Portals read no referral, hence no evaluation.
 */
export function evaluationReadable(view: 'FULL' | 'HOST' | 'PARTICIPANT', sharedAt: string | Date | null): boolean {
  return view !== 'PARTICIPANT' || sharedAt !== null;
}

/** A problem with the compétences of a grid, naming the item at fault (`index` in the input list), or null. */
export interface GridProblem {
  index: number | null;
  message: string;
}

/**
 * The grid lists each core compétence of the métier once, and only those: a code outside the core list, a code given
 * twice, or a core compétence left out (NOT_OBSERVED is how a tutor says "no occasion") is refused.
 */
export function competenceGridProblem(given: readonly CompetenceLevel[], core: readonly number[]): GridProblem | null {
  const coreSet = new Set(core);
  const seen = new Set<number>();
  for (const [index, item] of given.entries()) {
    if (!coreSet.has(item.code)) return { index, message: `${item.code} is not a core compétence of the immersion's métier` };
    if (seen.has(item.code)) return { index, message: `${item.code} is given twice` };
    seen.add(item.code);
  }
  const missing = core.filter((code) => !seen.has(code));
  if (missing.length > 0) return { index: null, message: `must give a level (NOT_OBSERVED when not observed) for every core compétence of the métier; missing: ${missing.join(', ')}` };
  return null;
}

/** The grid in the métier's order (the order of `core`), whatever order the tutor sent. */
export function inCoreOrder(given: readonly CompetenceLevel[], core: readonly number[]): CompetenceLevel[] {
  const levels = new Map(given.map((item) => [item.code, item.level]));
  return core.map((code) => ({ code, level: levels.get(code) ?? EvaluationLevel.NOT_OBSERVED }));
}
