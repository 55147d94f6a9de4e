/**
 * The JSON of results shared by many receivers (a subscription event's result, multiplexed: events/graphql/multiplex.ts),
 * written once: sending it to each subscriber's socket (server/graphql-ws-socket.ts) costs a string concatenation
 * instead of serialising the same result again. Keyed by the result object, which nobody modifies once executed.
 */
const serialised = new WeakMap<object, string>();

/** Marks `result` as shared: its JSON is computed the first time it is sent, then reused. */
export function shareSerialisation(result: object): void {
  if (!serialised.has(result)) serialised.set(result, '');
}

/** `JSON.stringify(value)`, written once for a shared result. */
export function jsonOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const known = serialised.get(value);
  if (known === undefined) return JSON.stringify(value);
  if (known !== '') return known;
  const json = JSON.stringify(value);
  serialised.set(value, json);
  return json;
}
