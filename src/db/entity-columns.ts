import { ReferenceKind, type EntityClass, type EntityMetadata, type OptionalProps } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Timestamp } from './sql';

/**
 * Read rows and select maps derived from the entity, so that a new column is declared once (on the entity).
 *
 * A row has every persisted scalar property of the entity under its own name, and every many-to-one under its name
 * followed by the referenced key (`company` → `companyId`, `metier` → `metierCode`): list queries select plain rows,
 * not entities, and resolvers read the foreign key to load the related row through a DataLoader.
 */

/** A property value as a plain row carries it: timestamps stay text (see Timestamp), absent is null. */
type RowValue<V> = [Exclude<V, undefined>] extends [Date] ? Timestamp : Exclude<V, undefined> | (undefined extends V ? null : never);

/** Property names whose values are scalars (relations, collections and methods excluded). */
type ScalarKeys<E> = {
  [K in keyof E]-?: K extends string ? (NonNullable<E[K]> extends Date | string | number | boolean | bigint ? K : never) : never;
}[keyof E];

/**
 * The scalar columns of an entity as a row, less `Omitted`. Many-to-one keys are not derived by the type (their
 * names depend on the referenced key): declare them beside (`& { companyId: number }`); `entityColumns` selects them.
 */
export type EntityRow<E, Omitted extends string = never> = { [K in Exclude<ScalarKeys<E>, Omitted | typeof OptionalProps>]: RowValue<E[K]> };

const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

function selectMap(meta: EntityMetadata, alias: string, omit: readonly string[]): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const prop of meta.props) {
    if (omit.includes(prop.name) || prop.persist === false || prop.formula) continue;
    if (prop.kind === ReferenceKind.SCALAR) {
      columns[prop.name] = `${alias}.${prop.fieldNames[0]}`;
    } else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      // Single-column keys only: every relation of this schema references one column.
      columns[`${prop.name}${capitalised(prop.referencedPKs[0]!)}`] = `${alias}.${prop.fieldNames[0]}`;
    }
  }
  return columns;
}

const cache = new Map<string, Record<string, string>>();

/**
 * `{ property: 'alias.column' }` for the persisted columns of `entity` (see EntityRow), from the ORM's metadata.
 * Computed once per entity, alias and omitted list.
 */
export function entityColumns(em: EntityManager, entity: EntityClass<object>, alias: string, omit: readonly string[] = []): Record<string, string> {
  const key = `${entity.name}|${alias}|${omit.join(',')}`;
  let columns = cache.get(key);
  if (!columns) {
    columns = selectMap(em.getMetadata().get(entity.name), alias, omit);
    cache.set(key, columns);
  }
  return columns;
}
