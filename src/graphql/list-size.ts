import { Extensions } from 'type-graphql';

/**
 * How many items the cost estimate counts for a list field that has no `first` nor `ids` argument
 * (src/graphql/limits.ts). Every such list of objects declares it: a test walks the schema and fails on a list
 * without one, so a new unpaginated list cannot slip under the cost limit at 1 per list, which is how
 * `appellations { metier { appellations ... } } }` once cost 4 and returned thousands of objects.
 */
export const LIST_ITEMS = 'listItems';

/**
 * Declares the most items a list field returns, with where that bound comes from (a rule that caps it, or the
 * connection whose `first` already counts them, for `edges`).
 */
export function ListItems(most: number): MethodDecorator & PropertyDecorator {
  if (!Number.isInteger(most) || most < 1) throw new Error(`ListItems: ${most} is not a positive integer`);
  return Extensions({ [LIST_ITEMS]: most });
}

/** The declared bound of a field, if any. */
export function declaredListItems(extensions: Readonly<Record<string, unknown>> | null | undefined): number | null {
  const most = extensions?.[LIST_ITEMS];
  return typeof most === 'number' ? most : null;
}
