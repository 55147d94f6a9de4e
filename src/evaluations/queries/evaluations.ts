import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import { referralsByIds } from '../../referrals';
import { rowsByKeys } from '../../db/list-query';
import { sql } from '../../db/sql';
import type { CompetenceLevel, EvaluationLevel } from '../rules/evaluation-level';
import { evaluationReadable } from '../rules/evaluation-rules';

/** An evaluation grid as the read queries return it. */
export interface EvaluationRow {
  id: number;
  referralId: number;
  /** The participant evaluated (for the audit of the comment). */
  participantId: number;
  metierCode: string;
  competences: CompetenceLevel[];
  punctuality: EvaluationLevel;
  teamwork: EvaluationLevel;
  instructions: EvaluationLevel;
  companySatisfaction: number;
  participantSatisfaction: number;
  /** Null when none, and after erasure. */
  comment: string | null;
  sharedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = {
  id: 'e.id', referralId: 'e.referral_id', participantId: 'r.participant_id', metierCode: 'e.metier_code', competences: 'e.competences',
  punctuality: 'e.punctuality', teamwork: 'e.teamwork', instructions: 'e.instructions', companySatisfaction: 'e.company_satisfaction',
  participantSatisfaction: 'e.participant_satisfaction', comment: 'e.comment', sharedAt: 'e.shared_at', createdAt: 'e.created_at', updatedAt: 'e.updated_at',
};

const base = (em: EntityManager) => sql(em)('immersion_evaluation as e').join('referral as r', 'r.id', 'e.referral_id').select(COLUMNS);

/**
 * The evaluation of each referral among `referralIds`, whoever reads it: the caller read the referrals through their
 * rules and applies evaluationReadable with the view it read them in (Referral.evaluation).
 */
export function evaluationsByReferrals(em: EntityManager, referralIds: readonly number[]): Promise<EvaluationRow[]> {
  return rowsByKeys(em, base(em), 'e.referral_id', referralIds);
}

/**
 * The evaluations among `ids` the viewer may read (node(id), mutation payloads): those of referrals it may read, as
 * evaluationReadable lets it (the participant: once shared). Two statements whatever the number of ids.
 */
export async function evaluationsByIds(em: EntityManager, viewer: Viewer, ids: readonly number[]): Promise<EvaluationRow[]> {
  const found = await rowsByKeys<EvaluationRow>(em, base(em), 'e.id', ids);
  if (found.length === 0) return [];
  const views = new Map((await referralsByIds(em, viewer, found.map((e) => e.referralId))).map((r) => [r.id, r.view]));
  return found.filter((e) => {
    const view = views.get(e.referralId);
    return view !== undefined && evaluationReadable(view, e.sharedAt);
  });
}
