import type { EntityManager } from '@mikro-orm/postgresql';
import { CompetenceRelevance, type CompetenceNature } from '../rules/competence-relevance';
import { groupBy, rowsByKeys } from '../../db/list-query';
import { sql } from '../../db/sql';

/** A ROME compétence as a fiche lists it. */
export interface MetierCompetenceRow {
  metierCode: string;
  code: number;
  nature: CompetenceNature;
  label: string;
  category: string;
  subCategory: string | null;
  relevance: CompetenceRelevance;
}

/** A ROME compétence by its OGR code. */
export type CompetenceRow = Omit<MetierCompetenceRow, 'metierCode' | 'relevance'>;

const COLUMNS = { code: 'c.code', nature: 'c.nature', label: 'c.label', category: 'c.category', subCategory: 'c.sub_category' };

/**
 * The compétences of each fiche (the core ones only when `coreOnly`), core first, then by label: one statement for
 * every fiche asked. Largest fiche of the v460 files: 84 compétences, 20 core.
 */
export async function competencesByMetiers(em: EntityManager, codes: readonly string[], coreOnly: boolean): Promise<Map<string, MetierCompetenceRow[]>> {
  const q = sql(em)('metier_competence as mc')
    .join('rome_competence as c', 'c.code', 'mc.competence_code')
    .select(COLUMNS)
    .select({ metierCode: 'mc.metier_code', relevance: 'mc.relevance' })
    .orderByRaw(`mc.relevance = '${CompetenceRelevance.CORE}' desc, c.label, c.code`);
  if (coreOnly) q.where('mc.relevance', CompetenceRelevance.CORE);
  return groupBy(await rowsByKeys<MetierCompetenceRow>(em, q, 'mc.metier_code', codes), (r) => r.metierCode);
}

export function competencesByCodes(em: EntityManager, codes: readonly number[]): Promise<CompetenceRow[]> {
  return rowsByKeys(em, sql(em)('rome_competence as c').select(COLUMNS), 'c.code', codes);
}
