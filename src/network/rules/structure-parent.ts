/**
 * Antennas: a structure may name the structure it is an antenna of. The chain of parents must end: a structure can
 * be neither its own parent nor the parent of one of its ancestors.
 *
 * `ancestorsOfParent` is the proposed parent followed by its own parents, nearest first, as stored.
 * Returns what is wrong, or null.
 */
export function parentProblem(structureId: number | null, parentId: number, ancestorsOfParent: readonly number[]): string | null {
  if (structureId === null) return null;
  if (parentId === structureId) return 'cannot be the structure itself';
  if (ancestorsOfParent.includes(structureId)) return 'is an antenna of this structure (directly or not): parents cannot form a cycle';
  return null;
}

