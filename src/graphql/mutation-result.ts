import type DataLoader from 'dataloader';

/**
 * What a mutation answers: the written object read back through the request's loader (fresh: the cached value, if
 * any, predates the write), so it looks exactly as a query would show it to this viewer.
 */
export async function reloaded<K, V>(loader: DataLoader<K, V | null>, key: K): Promise<V> {
  const value = await loader.clear(key).load(key);
  if (value === null) throw new Error(`the written object ${String(key)} is not visible to its writer`);
  return value;
}

/** The description of every mutation's one `input` argument (the house rule: one input, errors naming its field). */
export const INPUT_ARG = {
  description: 'The operation\'s fields; an invalid one is answered BAD_USER_INPUT with `extensions.field` naming it (`input.<field>`).',
} as const;
