import { BadInputError } from '../common/errors';

/** Types that implement Node, and the kind of key each one has. */
export const NODE_TYPES = {
  Structure: 'int',
  Company: 'int',
  Session: 'int',
  ImmersionOffer: 'int',
  Participant: 'int',
  Referral: 'int',
  Commitment: 'int',
  Metier: 'code',
  Appellation: 'int',
  Commune: 'code',
  Account: 'int',
  Programme: 'int',
  SessionSeries: 'int',
  MultiSiteEvent: 'int',
  ImmersionEvaluation: 'int',
} as const;

export type NodeTypeName = keyof typeof NODE_TYPES;

/** Opaque Relay id: base64url of "Type:key". Clients must not parse it. */
export function toGlobalId(type: NodeTypeName, key: number | string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export interface DecodedId {
  type: NodeTypeName;
  key: number | string;
}

/** Decodes any global id; `field` names the argument for the error message. */
export function fromGlobalId(id: string, field: string): DecodedId {
  const decoded = id.length <= 200 ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const separator = decoded.indexOf(':');
  const type = decoded.slice(0, separator) as NodeTypeName;
  const raw = decoded.slice(separator + 1);
  if (separator > 0 && Object.hasOwn(NODE_TYPES, type)) {
    if (NODE_TYPES[type] === 'code' && /^[A-Z0-9]{1,10}$/.test(raw)) return { type, key: raw };
    if (NODE_TYPES[type] === 'int' && /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= 2_147_483_647) return { type, key: Number(raw) };
  }
  throw new BadInputError(field, 'is not a valid id');
}

/** Decodes an id that must be of `type`. */
export function idOf(type: NodeTypeName, id: string, field: string): number {
  const decoded = fromGlobalId(id, field);
  if (decoded.type !== type || typeof decoded.key !== 'number') throw new BadInputError(field, `is not the id of a ${type}`);
  return decoded.key;
}

/** Decodes a list of ids of one type (filters). */
export function idsOf(type: NodeTypeName, ids: readonly string[] | null | undefined, field: string): number[] | null {
  return ids ? ids.map((id) => idOf(type, id, field)) : null;
}
