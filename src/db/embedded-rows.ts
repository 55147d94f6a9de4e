import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { COMPANY_COLUMNS, type CompanyRow } from '../network/queries/companies';
import { METIER_COLUMNS, type MetierRow } from '../metiers/queries/metiers';
import { STRUCTURE_COLUMNS, type StructureRow } from '../network/queries/structures';

/**
 * Public rows a list can carry in its own statement, as JSON sub-selects, when the client asked for them (the
 * GraphQL layer looks ahead at the selection): the organiser, host company or métiers of 50 sessions then cost no
 * statement of their own. Only public tables are embedded (structures, companies, ROME): no
 * visibility rule applies to them, so an embedded row is exactly what its loader would give.
 */
export interface SessionEmbeddedRows {
  organiserRow?: StructureRow | null;
  hostCompanyRow?: CompanyRow | null;
  hostStructureRow?: StructureRow | null;
  metierRows?: MetierRow[];
}

/** The same for immersion offers. */
export interface OfferEmbeddedRows {
  companyRow?: CompanyRow | null;
  metierRow?: MetierRow | null;
}

/** `json_build_object('id', st.id, ...)` of a select map: the row as its loader reads it. */
function jsonObject(columns: Record<string, string>, extra = ''): string {
  return `json_build_object(${Object.entries(columns).map(([key, column]) => `'${key}', ${column}`).join(', ')}${extra})`;
}

/** A company's number of commitments, as `Company.commitmentsCount` counts them (all statuses). */
const COMMITMENTS_COUNT = `, 'commitmentsCount', (select count(*)::int from commitment k where k.company_id = c.id)`;

/** The structure `st.id = <foreignKey>`, as JSON (lists select each sub-select under its name in SessionEmbeddedRows or OfferEmbeddedRows). */
export function structureSubselect(em: EntityManager, foreignKey: string): Knex.Raw {
  return em.getKnex().raw(`(select ${jsonObject(STRUCTURE_COLUMNS)} from structure st where st.id = ${foreignKey})`);
}

/** The company `c.id = <foreignKey>`, with its commitments count, as JSON. */
export function companySubselect(em: EntityManager, foreignKey: string): Knex.Raw {
  return em.getKnex().raw(`(select ${jsonObject(COMPANY_COLUMNS, COMMITMENTS_COUNT)} from company c where c.id = ${foreignKey})`);
}

/** The ROME fiche `m.code = <foreignKey>`, as JSON. */
export function metierSubselect(em: EntityManager, foreignKey: string): Knex.Raw {
  return em.getKnex().raw(`(select ${jsonObject(METIER_COLUMNS)} from metier m where m.code = ${foreignKey})`);
}

/** The ROME fiches of session `<sessionId>`, by code as the `metiersBySession` loader orders them, as a JSON array. */
export function sessionMetiersSubselect(em: EntityManager, sessionId: string): Knex.Raw {
  return em.getKnex().raw(
    `(select coalesce(json_agg(${jsonObject(METIER_COLUMNS)} order by m.code), '[]'::json)
      from session_metier sm join metier m on m.code = sm.metier_code where sm.session_id = ${sessionId})`,
  );
}
