import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { COMPANY_COLUMNS, type CompanyRow } from '../network/queries/companies';
import { METIER_COLUMNS, type MetierRow } from '../metiers/queries/metiers';
import { STRUCTURE_COLUMNS, type StructureRow } from '../network/queries/structures';

/**
 * Public rows a list can carry in its own statement, as JSON sub-selects, when the client asked for them (the
 * GraphQL layer looks ahead at the selection): the organiser, host company or métiers of 50 sessions then cost no
 * statement of their own. Only public tables are embedded (structures, companies, ROME): no
 * visibility rule applies to them, so an embedded row holds what its loader would give, but only the keys the
 * selection reads (`RowKeys`: building every column of each row as JSON cost the W1 page about a third of its
 * database time, bench/RESULTS.md 2026-12-03).
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

/**
 * Which keys of a row to embed: every one its loader reads ('all'), or those listed (the GraphQL layer lists what the
 * fields asked read: look-ahead.ts `embeddedRowKeys`). A key the table does not have is refused, not left out.
 */
export type RowKeys<Row> = 'all' | readonly (keyof Row & string)[];

/** `json_build_object('id', st.id, ...)` of the `keys` of a select map (and of the computed columns `extra`). */
function jsonObject(columns: Record<string, string>, keys: 'all' | readonly string[], extra: Record<string, string> = {}): string {
  const all = { ...columns, ...extra };
  const picked = keys === 'all' ? Object.keys(all) : Object.keys(all).filter((key) => keys.includes(key));
  if (keys !== 'all') {
    const unknown = keys.filter((key) => !Object.hasOwn(all, key));
    if (unknown.length) throw new Error(`embedded row: no column ${unknown.join(', ')}`);
  }
  // json_build_object() of nothing is '{}': an embedded row always has at least its key, which the callers ask.
  return `json_build_object(${picked.map((key) => `'${key}', ${all[key]}`).join(', ')})`;
}

/** A company's number of commitments, as `Company.commitmentsCount` counts them (all statuses). */
const COMPANY_COMPUTED = { commitmentsCount: '(select count(*)::int from commitment k where k.company_id = c.id)' };

/** The structure `st.id = <foreignKey>`, as JSON (lists select each sub-select under its name in SessionEmbeddedRows or OfferEmbeddedRows). */
export function structureSubselect(em: EntityManager, foreignKey: string, keys: RowKeys<StructureRow> = 'all'): Knex.Raw {
  return em.getKnex().raw(`(select ${jsonObject(STRUCTURE_COLUMNS, keys)} from structure st where st.id = ${foreignKey})`);
}

/** The company `c.id = <foreignKey>`, with its commitments count (when it is one of `keys`), as JSON. */
export function companySubselect(em: EntityManager, foreignKey: string, keys: RowKeys<CompanyRow> = 'all'): Knex.Raw {
  return em.getKnex().raw(`(select ${jsonObject(COMPANY_COLUMNS, keys, COMPANY_COMPUTED)} from company c where c.id = ${foreignKey})`);
}

/** The ROME fiche `m.code = <foreignKey>`, as JSON. */
export function metierSubselect(em: EntityManager, foreignKey: string, keys: RowKeys<MetierRow> = 'all'): Knex.Raw {
  return em.getKnex().raw(`(select ${jsonObject(METIER_COLUMNS, keys)} from metier m where m.code = ${foreignKey})`);
}

/** The ROME fiches of session `<sessionId>`, by code as the `metiersBySession` loader orders them, as a JSON array. */
export function sessionMetiersSubselect(em: EntityManager, sessionId: string, keys: RowKeys<MetierRow> = 'all'): Knex.Raw {
  return em.getKnex().raw(
    `(select coalesce(json_agg(${jsonObject(METIER_COLUMNS, keys)} order by m.code), '[]'::json)
      from session_metier sm join metier m on m.code = sm.metier_code where sm.session_id = ${sessionId})`,
  );
}
