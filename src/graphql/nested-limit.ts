import { BadInputError } from '../common/errors';

/** Default and bound of the `first` argument of nested lists (per parent). */
export const DEFAULT_NESTED_LIMIT = 10;

export function nestedLimit(first: number, maxPageSize: number): number {
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) throw new BadInputError('first', `must be between 1 and ${maxPageSize}`);
  return first;
}
