import type { Knex } from '@mikro-orm/postgresql';
import { ROME_CODE_FORM, ROME_DOMAINE_FORM, ROME_GRAND_DOMAINE_FORM } from '../../common/codes';
import { BadInputError } from '../../common/errors';

/**
 * ROME codes as portals send them: fiches (`F1701`), domaines professionnels (`F17`) or grands domaines (`F`).
 * Returns the SQL condition matching a métier code column against any of them.
 */
export function romeCodeCondition(column: string, codes: readonly string[], field: string): { sql: string; bindings: string[] } {
  const fiches: string[] = [];
  const domaines: string[] = [];
  const grands: string[] = [];
  for (const raw of codes) {
    const code = raw.trim().toUpperCase();
    // well formed but unknown (`F9999`, `Z9999`): matches nothing
    if (ROME_CODE_FORM.test(code)) fiches.push(code);
    else if (ROME_DOMAINE_FORM.test(code)) domaines.push(code);
    else if (ROME_GRAND_DOMAINE_FORM.test(code)) grands.push(code);
    else throw new BadInputError(field, `contains "${raw}", which is not a ROME code (F1701), domaine (F17) or grand domaine (F)`);
  }
  const parts: string[] = [];
  const bindings: string[] = [];
  const add = (sql: string, values: string[]) => {
    if (values.length === 0) return;
    parts.push(`${sql} in (${values.map(() => '?').join(', ')})`);
    bindings.push(...values);
  };
  add(column, fiches);
  add(`left(${column}, 3)`, domaines);
  add(`left(${column}, 1)`, grands);
  return { sql: parts.length ? `(${parts.join(' or ')})` : 'false', bindings };
}

/** Restricts `q` to rows having a métier (through `pivot`.metier_code) matching the codes. */
export function whereHasRomeCode(q: Knex.QueryBuilder, codes: readonly string[], field: string, pivot: { table: string; fk: string; parent: string }): void {
  const condition = romeCodeCondition('rc.metier_code', codes, field);
  q.whereExists((e) =>
    e.select(1).from(`${pivot.table} as rc`).whereRaw(`rc.${pivot.fk} = ${pivot.parent}`).andWhereRaw(condition.sql, condition.bindings),
  );
}
