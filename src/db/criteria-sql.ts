import type { Knex } from '@mikro-orm/postgresql';
import { criteriaOn, eventProperties, type Criteria } from '../common/criteria';

/**
 * Adds to a list query the condition of each `list` criterion given in `values` (src/common/criteria.ts); `columns`
 * maps entity properties to `alias.column` (see entityColumns).
 */
export function applyCriteria(q: Knex.QueryBuilder, criteria: Criteria, columns: Record<string, string>, filter: object): void {
  const values = filter as Record<string, unknown>;
  for (const [name, criterion] of criteriaOn(criteria, 'list')) {
    const value = values[name];
    if (value == null) continue;
    const column = columns[criterion.property];
    if (!column) throw new Error(`criterion ${name}: no column for property ${criterion.property}`);
    if (criterion.kind === 'boolean') q.where(column, value as boolean);
    else if ((value as unknown[]).length) q.whereIn(column, value as string[]);
  }
}

/**
 * `alias.column as "property", ...` of the properties the `event` criteria read: what an event's payload carries so
 * that subscriptions can match it (eventProperties), selected from the entity's columns (see entityColumns).
 */
export function criteriaPayloadSql(criteria: Criteria, columns: Record<string, string>): string {
  return eventProperties(criteria)
    .map((property) => {
      const column = columns[property];
      if (!column) throw new Error(`event criterion: no column for property ${property}`);
      return `${column} as "${property}"`;
    })
    .join(', ');
}
