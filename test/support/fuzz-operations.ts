import fc from 'fast-check';
import {
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { OPERATION_LIMITS } from '../../src/graphql/limits';
import type { OperationKind } from './hostile';

/**
 * Operations generated from the schema by introspection (test/fuzz.test.ts): any root field, a selection of its
 * scalar fields and a few nested objects, arguments as variables or literals, with values of the right shape but
 * hostile (bounds, SQL and LIKE metacharacters, ids of another type, tampered cursors, impossible dates...), values
 * of the wrong shape, and operations that break the limits of src/graphql/limits.ts.
 */


/** What the database holds, gathered before the fuzz, so that generated ids and cursors sometimes hit real rows. */
export interface FuzzWorld {
  /** Real global ids by Node type (Session, Participant...). */
  ids: Record<string, string[]>;
  /** Real cursors from every list, some from `near` orderings: reused on the wrong list they are hostile. */
  cursors: string[];
  /** Event cursors (subscriptions' `after`). */
  eventCursors: string[];
  /** Real ids of api tokens (plain numbers) that the fuzz may revoke: the demo tokens are left out. */
  tokenIds: string[];
  /** Keys never to forge into ids (the demo accounts, their participant): the fuzz would disable its own roles. */
  protectedKeys: Record<string, number[]>;
}

export interface GeneratedOperation {
  kind: OperationKind;
  field: string;
  /** valid: right shapes, hostile values; invalid: wrong shapes somewhere; limits: breaks a bound of limits.ts. */
  mode: 'valid' | 'invalid' | 'limits';
  query: string;
  variables: Record<string, unknown>;
}

/**
 * One draw after another from fast-check's random source (reproducible from the seed). Uniform, unlike fast-check's
 * biased integers, and cheap: an operation takes hundreds of draws.
 */
class Draw {
  constructor(private readonly random: fc.Random) {}
  int(min: number, max: number): number {
    return this.random.nextInt(min, max);
  }
  chance(p: number): boolean {
    return this.int(0, 999) < p * 1000;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  arb<T>(arbitrary: fc.Arbitrary<T>): T {
    return arbitrary.generate(this.random, undefined).value;
  }
  /** `min` to `max` distinct items of `items`, in a random order. */
  subset<T>(items: readonly T[], min: number, max: number): T[] {
    const pool = [...items];
    const count = this.int(Math.min(min, pool.length), Math.min(max, pool.length));
    for (let i = 0; i < count; i++) {
      const j = this.int(i, pool.length - 1);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, count);
  }
}

/** Arbitraries built once (building some, graphemes above all, costs more than drawing from them). */
const ARB = {
  text: fc.string({ maxLength: 30 }),
  shortText: fc.string({ maxLength: 10 }),
  // fast-check's 'grapheme' unit takes seconds to build: a few hard graphemes instead.
  graphemes: fc.string({ unit: fc.constantFrom('é', 'e\u0301', 'ß', 'İ', 'ǅ', '😀', '👨‍👩‍👧‍👦', '🇫🇷', '\u202E', '\u200b', '\ufeff', 'ﬁ', 'Å', '\u0000', '\u001f', '\u2028', '中', 'a', ' '), maxLength: 20 }),
  binary: fc.string({ unit: 'binary', maxLength: 20 }),
  ascii: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
  base64: fc.base64String({ maxLength: 24 }),
  integer: fc.integer(),
  double: fc.double({ noNaN: true, noDefaultInfinity: true }),
  date: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
};

/** An arbitrary built by imperative draws (no shrinking: failures are grouped and printed whole instead). */
class DrawnArbitrary<T> extends fc.Arbitrary<T> {
  constructor(private readonly build: (d: Draw) => T) {
    super();
  }
  generate(random: fc.Random): fc.Value<T> {
    return new fc.Value(this.build(new Draw(random)), undefined);
  }
  canShrinkWithoutContext(_value: unknown): _value is T {
    return false;
  }
  shrink(): fc.Stream<fc.Value<T>> {
    return fc.Stream.nil();
  }
}

const NODE_TYPES = ['Structure', 'Company', 'Session', 'ImmersionOffer', 'Participant', 'Referral', 'Commitment', 'Metier', 'Appellation', 'Commune', 'Account'];
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** The Node type an ID argument or input field names (`sessionId`, `participants`, `hostCompanyId`...). */
function idTypeOf(name: string): string | null {
  const n = name.toLowerCase();
  const table: [RegExp, string][] = [
    [/^(session|sessions)(id)?$/, 'Session'],
    [/^(immersionoffer|immersionoffers)(id)?$/, 'ImmersionOffer'],
    [/^participants?(id)?$/, 'Participant'],
    [/^referrals?(id)?$/, 'Referral'],
    [/^commitments?(id)?$/, 'Commitment'],
    [/^(companies|company|hostcompanyid|hostcompanies)(id)?$/, 'Company'],
    [/^(organisers?|animators?|structures?|referentstructures|prescriberstructures|memberof)(id)?$/, 'Structure'],
    [/^accounts?(id)?$/, 'Account'],
  ];
  for (const [pattern, type] of table) if (pattern.test(n)) return type;
  return null;
}

const SQL_AND_LIKE = ["'", "''", "'; drop table session; --", "' or '1'='1", '%', '_', '%%', '\\', '\\%', '%_%', '*', '?', ';', '--', '/*', 'E\'\\x00\''];
const EDGE_STRINGS = [
  '', ' ', '  \t\n', 'NaN', 'Infinity', '-Infinity', '-0', '1e309', 'null', 'undefined', 'true', '{}', '[]', '[1]', '{"a":1}', '__proto__', 'constructor',
  'toString', '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '../../etc/passwd', 'é', 'e\u0301', '\u202Eabc', 'ß', 'İ', 'ǅ', '😀', '👨‍👩‍👧‍👦', '\ud800', '\udfff',
  '\u00a0', '\u200b', '\ufeff', '\r\n', 'a'.repeat(255), 'Maçon', 'MAÇON', 'maçon', 'coffreur bancheur', 'F1701', 'Z9999', '33', '2A', '93066',
];

/** Strings of the right type, hostile by content. */
function hostileString(d: Draw): string {
  switch (d.int(0, 9)) {
    case 0:
    case 1:
      return d.pick(SQL_AND_LIKE);
    case 2:
    case 3:
      return d.pick(EDGE_STRINGS);
    case 4:
      return d.arb(ARB.text);
    case 5:
      return d.arb(ARB.graphemes);
    case 6:
      return d.arb(ARB.binary);
    case 7:
      return d.pick(['x', 'é', '😀', '%']).repeat(d.pick([1_000, 5_000, 20_000]));
    case 8:
      return d.pick(SQL_AND_LIKE) + d.arb(ARB.shortText) + d.pick(SQL_AND_LIKE);
    default:
      return d.arb(ARB.ascii);
  }
}

const ROME_CODES = ['F1701', 'F17', 'F', 'N4103', 'M1607', 'K2204', 'Z9999', 'Z99', 'Z', 'f1701', 'F170', 'F17011', 'FF', '1701', 'F-1701', ' F1701', 'F1701 ', '%', '_', 'F%', 'F_'];
const DEPARTEMENTS = ['33', '93', '75', '2A', '2B', '971', '976', '00', '20', '96', '999', '3', '033', 'AB', '%'];
const COMMUNES = ['33243', '93066', '75056', '75101', '2A004', '97101', '00000', '99999', '3324', '332430', 'ABCDE', '33 243', '%'];
const POSTAL = ['33500', '93200', '75001', '20000', '00000', '99999', '3350', '335000', 'ABCDE'];
const NAF = ['43.99C', '4399C', '43.99', 'F', '99.99Z', '00.00A', '%'];
const EMAILS = ['a@b.example.org', 'sophie.martin@crepi-idf.example.org', 'admin@relais.example.org', 'A@B.EXAMPLE.ORG', 'no-at-sign', '@', 'a@', '@b', 'a@b', '"a b"@example.org', `${'a'.repeat(300)}@example.org`];
const PHONES = ['06 12 34 56 78', '+33 6 12 34 56 78', '+', '0', '1'.repeat(25), 'abc', '06-12-34-56-78'];

/** Global ids that are hostile: of another type, forged, malformed. */
function hostileId(d: Draw, world: FuzzWorld, type: string | null): string {
  const forgedKey = (t: string): number => {
    const key = d.pick([0, -1, 1, 2, 3, 5, 8, 13, 21, 42, 100, 2_147_483_647, 2_147_483_648, 99_999_999_999]);
    // Never forge the demo accounts' (or their participant's) ids: disabling them would silence a role.
    return world.protectedKeys[t]?.includes(key) ? key + 100_000 : key;
  };
  const anyType = d.pick(NODE_TYPES);
  switch (d.int(0, 9)) {
    case 0:
    case 1: {
      const pool = world.ids[type ?? anyType] ?? [];
      return pool.length ? d.pick(pool) : b64(`${type ?? anyType}:1`);
    }
    case 2: {
      // A real id of another type.
      const pool = world.ids[anyType] ?? [];
      return pool.length ? d.pick(pool) : b64(`${anyType}:1`);
    }
    case 3:
      return b64(`${type ?? anyType}:${forgedKey(type ?? anyType)}`);
    case 4:
      return b64(`${d.pick([type ?? anyType, anyType, 'Nope', '__proto__', 'constructor', 'ApiToken', ''])}:${d.pick(['1.5', '1e3', ' 1', '0x10', 'abc', '', '-0', '01', "1'; drop table session; --", 'f1701', 'F1701', '../1', '1:2'])}`);
    case 5:
      return d.pick(['', ' ', '!!!', '1', '-1', '0', 'null', '=', '====', 'U2Vzc2lvbjox====', 'x'.repeat(300), 'U2Vzc2lvbjox'.repeat(30)]);
    case 6:
      return Buffer.from(`${type ?? anyType}:1`).toString('base64'); // standard base64, padding
    case 7:
      return d.arb(ARB.base64);
    default:
      return hostileString(d);
  }
}

/** Cursors of other lists, of other orderings, tampered, or garbage. */
function hostileCursor(d: Draw, world: FuzzWorld): string {
  const tampered: unknown[][] = [
    [], [1], [null], [null, null], ['x', 1], [1, 'x'], [1.5, 2], [1e308, 1], [-1, -1], [{}, 1], [[1], 2], [true, 1], ['0000-01-01T00:00:00.000Z', 1],
    ['9999-12-31T23:59:59.999Z', 1], ['not a date', 1], ['2026-02-30T00:00:00Z', 1], ['', 1], ["'; drop table session; --", 1], ['%', '%'],
    [0, 0, 0], ['a', 'b', 'c', 'd'], [NaN, 1], [2_147_483_648, 99_999_999_999], ['0001-01-01', '1'], [-1e308, 'x'], ['\ud800', 1],
  ];
  switch (d.int(0, 7)) {
    case 0:
    case 1:
    case 2:
      return world.cursors.length ? d.pick(world.cursors) : b64('[1]');
    case 3:
    case 4:
      return b64(JSON.stringify(d.pick(tampered)));
    case 5: {
      // A real cursor with one value changed.
      let real: unknown = [1];
      try {
        real = JSON.parse(Buffer.from(world.cursors.length ? d.pick(world.cursors) : '', 'base64url').toString('utf8'));
      } catch {
        // not JSON: tampered as a one-value list
      }
      if (!Array.isArray(real) || real.length === 0) real = [real];
      (real as unknown[])[d.int(0, (real as unknown[]).length - 1)] = d.pick<unknown>(['x', -1, null, 1e300, '0000-01-01T00:00:00Z', [], {}, true]);
      return b64(JSON.stringify(real));
    }
    case 6:
      return world.eventCursors.length ? d.pick(world.eventCursors) : b64('event:1');
    default:
      return d.pick(['', 'x', '====', b64('event:-1'), b64('event:99999999999999999'), b64(`event:${'9'.repeat(20)}`), b64('{"a":1}'), b64('null'), hostileString(d)]);
  }
}

function hostileInt(d: Draw, name: string): number {
  if (name === 'first' && d.chance(0.5)) return d.pick([0, 1, 2, 5, 20, 100]);
  if (d.chance(0.15)) return d.chance(0.5) ? d.int(-1_000, 1_000) : d.arb(ARB.integer);
  return d.pick([0, -1, 1, 2, 7, 16, 99, 100, 101, 1000, 2_147_483_647, -2_147_483_648]);
}

function hostileFloat(d: Draw, name: string): number {
  const n = name.toLowerCase();
  if (n.includes('latitude')) return d.pick([0, 44.9153, 48.9362, 90, -90, 90.0000001, -91, 180, 1e308, -1e308, 5e-324]);
  if (n.includes('longitude')) return d.pick([0, -0.2439, 2.3574, 180, -180, 180.0000001, -181, 360, 1e308, -1e308]);
  if (n.includes('radius')) return d.pick([0, -1, 0.001, 1, 10, 50, 200, 20_000, 40_000, 1e6, 1e308, 5e-324]);
  return d.chance(0.2) ? d.arb(ARB.double) : d.pick([0, -1, 0.5, 1e308, -1e308, 5e-324]);
}

function hostileDateTime(d: Draw): string | number {
  if (d.chance(0.15)) return d.arb(ARB.date).toISOString();
  if (d.chance(0.15)) return new Date(Date.now() + d.int(-400, 800) * 86_400_000).toISOString();
  return d.pick<string | number>([
    '0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2999-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '1970-01-01T00:00:00Z',
    '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01T00:00:00+14:00', '2026-01-01T00:00:00-23:59',
    '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00', '', 'now', 'NaN', 0, -1, 8.64e15, 1e20,
  ]);
}

function hostileLocalDate(d: Draw): string {
  if (d.chance(0.15)) return d.arb(ARB.date).toISOString().slice(0, 10);
  if (d.chance(0.15)) return new Date(Date.now() + d.int(-40_000, 1_000) * 86_400_000).toISOString().slice(0, 10);
  return d.pick([
    '0000-01-01', '0001-01-01', '9999-12-31', '2999-01-01', '1900-01-01', '2024-02-29', '2023-02-29', '2026-00-10', '2026-01-32', '2026-1-1',
    '20260101', '', 'today', '+275760-09-13',
  ]);
}

/** A value of the right GraphQL shape for a leaf, hostile by content; `name` is the argument or input field. */
function leafValue(d: Draw, world: FuzzWorld, type: GraphQLNamedType, name: string): unknown {
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return d.chance(0.95) ? d.pick(values) : d.pick(['NOPE', values[0]!.toLowerCase(), '']);
  }
  const n = name.toLowerCase();
  switch (type.name) {
    case 'ID':
      if (n === 'tokenid') return d.chance(0.5) && world.tokenIds.length ? d.pick(world.tokenIds) : d.pick(['0', '-1', '1.5', '99999999999', 'abc', '', b64('ApiToken:1')]);
      return hostileId(d, world, idTypeOf(name));
    case 'Int':
      return hostileInt(d, name);
    case 'Float':
      return hostileFloat(d, name);
    case 'Boolean':
      return d.chance(0.5);
    case 'DateTime':
      return hostileDateTime(d);
    case 'LocalDate':
      return hostileLocalDate(d);
    default:
      break;
  }
  if (n === 'after') return hostileCursor(d, world);
  if (d.chance(0.3)) return hostileString(d);
  if (/rome|metier|^code$/.test(n)) return d.pick(ROME_CODES);
  if (n.includes('departement')) return d.pick(DEPARTEMENTS);
  if (n.includes('commune')) return d.pick(COMMUNES);
  if (n.includes('postal')) return d.pick(POSTAL);
  if (n.includes('naf')) return d.pick(NAF);
  if (n.includes('email')) return d.pick(EMAILS);
  if (n.includes('phone')) return d.pick(PHONES);
  if (n === 'offerkinds') return d.pick(['SESSION', 'IMMERSION', 'session', 'NOPE']);
  return hostileString(d);
}

const DAY = 86_400_000;
const dayAfter = (days: number) => new Date(Date.now() + days * DAY);

/**
 * A plausible value for a leaf (a real id of the right type, a near date, a known code, a small count): most leaves
 * of a `valid` operation get one, so that its one or two hostile values reach the rules and the database instead of
 * the first check.
 */
function plausibleLeaf(d: Draw, world: FuzzWorld, type: GraphQLNamedType, name: string): unknown {
  const n = name.toLowerCase();
  if (isEnumType(type)) return d.pick(type.getValues().map((v) => v.name));
  const later = /end|until|before|^to$/.test(n);
  switch (type.name) {
    case 'ID': {
      if (n === 'tokenid') return world.tokenIds.length ? d.pick(world.tokenIds) : '1';
      const pool = world.ids[idTypeOf(name) ?? d.pick(NODE_TYPES)] ?? [];
      return pool.length ? d.pick(pool) : b64('Session:1');
    }
    case 'Int':
      if (n === 'first') return d.int(1, 20);
      if (n.includes('age')) return d.int(16, 18);
      if (n.includes('days')) return d.int(1, 30);
      if (n.includes('appellation')) return d.int(10_000, 40_000);
      return d.int(0, 12);
    case 'Float':
      return n.includes('latitude') ? 44.9 + d.int(-50, 50) / 100 : n.includes('longitude') ? -0.24 + d.int(-50, 50) / 100 : d.int(1, 100);
    case 'Boolean':
      return d.chance(0.5);
    case 'DateTime':
      return dayAfter(d.int(later ? 8 : 1, later ? 60 : 7) + d.int(0, 23) / 24).toISOString();
    case 'LocalDate':
      if (n.includes('birth')) return `19${d.int(60, 99)}-0${d.int(1, 9)}-1${d.int(0, 9)}`;
      return dayAfter(later ? d.int(30, 300) : d.int(0, 20)).toISOString().slice(0, 10);
    default:
      break;
  }
  if (n === 'after') return world.cursors.length ? d.pick(world.cursors) : null;
  if (/romecodes|metiercodes/.test(n)) return d.pick(['F1701', 'F17', 'F', 'N4103', 'M1607']);
  if (/metier|^code$/.test(n)) return d.pick(['F1701', 'N4103', 'M1607', 'K2204']);
  if (n.includes('departement')) return d.pick(['33', '93', '75']);
  if (n.includes('commune')) return d.pick(['33243', '93066', '75056']);
  if (n.includes('postal')) return d.pick(['33500', '93200']);
  if (n.includes('naf')) return d.pick(['43.99C', '41.20A']);
  if (n.includes('email')) return `fuzz-${d.int(0, 1e9)}@example.org`;
  if (n.includes('phone')) return '06 12 34 56 78';
  if (n.includes('idempotency')) return `fuzz-${d.int(0, 1e9)}`;
  if (n === 'offerkinds') return d.pick(['SESSION', 'IMMERSION']);
  if (n === 'search') return d.pick(['maçon', 'coffreur bancheur', 'Libourne', 'CRÉPI']);
  return d.pick(['Découvrir le métier', 'Visite de chantier', 'Marie', 'Dupont', 'Un texte ordinaire.']);
}

/** A value of the wrong shape for `type`. */
function wrongShape(d: Draw, type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  const options: unknown[] = [{}, [], [[1]], { unknownField: 1 }, true, 1.5, 1e40, 'x', -1, [null]];
  if (isNonNullType(type)) options.push(null, null, null);
  if (isInputObjectType(named)) options.push('not an object', 42, [{}]);
  if (isLeafType(named) && named.name !== 'String' && named.name !== 'ID') options.push('12', 'true', '');
  if (named.name === 'String' || named.name === 'ID') options.push(12, false, { id: 1 });
  return d.pick(options);
}

/**
 * A value for `type`: right shapes (hostile content) in `valid` mode, and in `invalid` mode sometimes the wrong
 * shape, a missing required field, an unknown field, null for non-null.
 */
function inputValue(d: Draw, world: FuzzWorld, type: GraphQLInputType, name: string, invalid: boolean, depth = 0): unknown {
  if (invalid && d.chance(0.2)) return wrongShape(d, type);
  if (!isNonNullType(type) && d.chance(0.08)) return null;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const length = d.chance(0.02) ? d.pick([50, 101, 1001]) : d.int(0, 4);
    const item = inner.ofType as GraphQLInputType;
    if (length > 4) {
      // Many items, each short: the list's length is what is probed (the body limit has its own cases).
      let one = inputValue(d, world, item, name, false, depth + 1);
      if (JSON.stringify(one ?? null).length > 40) one = typeof one === 'string' ? one.slice(0, 10) : 1;
      return Array.from({ length }, () => one);
    }
    return Array.from({ length }, () => inputValue(d, world, item, name, invalid, depth + 1));
  }
  if (isInputObjectType(inner)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      if (required ? invalid && d.chance(0.1) : !d.chance(0.5)) continue;
      value[field.name] = inputValue(d, world, field.type, field.name, invalid, depth + 1);
    }
    if (invalid && d.chance(0.15)) value[d.pick(['unknown', 'id', '__proto__', 'constructor', 'extra'])] = d.pick<unknown>([1, 'x', null, {}]);
    return value;
  }
  const leaf = getNamedType(inner);
  return d.chance(invalid ? 0.5 : 0.7) ? plausibleLeaf(d, world, leaf, name) : leafValue(d, world, leaf, name);
}

/** `value` written as a GraphQL literal of `type` (enums bare, the rest as JSON-like syntax). */
function literal(value: unknown, type: GraphQLInputType | null): string {
  const named = type ? getNamedType(type) : null;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    const inner = type && isListType(isNonNullType(type) ? type.ofType : type) ? ((isNonNullType(type) ? type.ofType : type) as { ofType: GraphQLInputType }).ofType : null;
    return `[${value.map((v) => literal(v, inner)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = named && isInputObjectType(named) ? named.getFields() : {};
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type ?? null)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') {
    if (named && isEnumType(named) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) && !['true', 'false', 'null'].includes(value)) return value;
    return JSON.stringify(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return String(value);
}

interface TypeShape {
  leaves: GraphQLField<unknown, unknown>[];
  objects: GraphQLField<unknown, unknown>[];
  /** The same, without the fields that have a required argument. */
  plainLeaves: GraphQLField<unknown, unknown>[];
  plainObjects: GraphQLField<unknown, unknown>[];
}
/** Computed once a type: graphql-js type predicates are slow outside production (its `instanceOf` checks). */
const shapes = new WeakMap<GraphQLObjectType, TypeShape>();
function shapeOf(type: GraphQLObjectType): TypeShape {
  let shape = shapes.get(type);
  if (!shape) {
    const fields = Object.values(type.getFields());
    const plain = (f: GraphQLField<unknown, unknown>) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined);
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
    const objects = fields.filter((f) => !isLeafType(getNamedType(f.type)));
    shape = { leaves, objects, plainLeaves: leaves.filter(plain), plainObjects: objects.filter(plain) };
    shapes.set(type, shape);
  }
  return shape;
}

/** Builds one operation's text: variables and their definitions, aliases. */
class OperationBuilder {
  readonly variables: Record<string, unknown> = {};
  readonly definitions: string[] = [];
  private aliasCount = 0;
  /** The `first` of nested pages; unset: small ones (0 to 3). */
  nestedFirst: number | undefined;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly d: Draw,
    private readonly world: FuzzWorld,
    readonly invalid: boolean,
  ) {}

  /** `(a: $v0, b: "literal")` for `args`: required ones always (mostly), optional ones sometimes. */
  args(args: readonly GraphQLArgument[], nested: boolean, forceFirst?: number): string {
    const d = this.d;
    const parts: string[] = [];
    for (const arg of args) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      if (forceFirst !== undefined && arg.name === 'first') {
        parts.push(`first: ${forceFirst}`);
        continue;
      }
      if (required ? this.invalid && d.chance(0.1) : !d.chance(nested ? 0.35 : 0.6)) continue;
      let value: unknown;
      // Nested pages stay small in ordinary operations: the cost limit is what `limits` mode probes.
      if (nested && arg.name === 'first' && this.nestedFirst !== undefined) value = this.nestedFirst;
      else if (nested && arg.name === 'first' && !this.invalid) value = d.int(0, 3);
      else value = inputValue(d, this.world, arg.type, arg.name, this.invalid && (!nested || d.chance(0.3)));
      parts.push(`${arg.name}: ${this.valueText(arg.type, value)}`);
    }
    if (this.invalid && d.chance(0.05)) parts.push(`${d.pick(['unknownArg', 'id', 'first', 'limit'])}: ${d.pick(['1', '"x"', 'null', '{a: 1}'])}`);
    return parts.length ? `(${parts.join(', ')})` : '';
  }

  /** A variable (mostly) or a literal holding `value`. */
  private valueText(type: GraphQLInputType, value: unknown): string {
    const d = this.d;
    if (d.chance(0.3)) return literal(value, type);
    const name = `v${this.definitions.length}`;
    let declared = String(type);
    if (this.invalid && d.chance(0.1)) declared = d.pick(['String', 'Int!', 'ID', '[String!]!', 'Boolean', declared.replace(/!$/, ''), `${declared}!`.replace(/!!$/, '!')]);
    this.definitions.push(`$${name}: ${declared}`);
    // Invalid mode: sometimes the variable of a non-null type is left out.
    if (!(this.invalid && d.chance(0.05))) this.variables[name] = value;
    return `$${name}`;
  }

  alias(): string {
    return this.d.chance(0.05) ? `a${this.aliasCount++}: ` : '';
  }

  /**
   * The selection set of `type`: some scalar fields (always something), and up to `depth` levels of a few object
   * fields; abstract types through `__typename` and inline fragments. Connections mostly select edges and cursors.
   */
  selection(type: GraphQLOutputType, depth: number, chain = false): string {
    const d = this.d;
    const named = getNamedType(type);
    if (isLeafType(named)) return '';
    if (isAbstractType(named)) {
      const possible = this.schema.getPossibleTypes(named);
      const types = d.subset(possible, 0, 2);
      const fragments = types.map((t) => `... on ${t.name} ${this.selection(t, depth, chain)}`);
      const fields = isInterfaceType(named) ? Object.values(named.getFields()).filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name) : [];
      return `{ __typename ${fields.slice(0, 2).join(' ')} ${fragments.join(' ')} }`;
    }
    if (!isObjectType(named)) return '';
    // Fields with required arguments half of the time (then the arguments are generated like the rest).
    const shape = shapeOf(named);
    const [leaves, objects] = d.chance(0.5) ? [shape.leaves, shape.objects] : [shape.plainLeaves, shape.plainObjects];
    const parts: string[] = [];
    if (chain) {
      // One object field a level, as deep as the schema goes (breaks the depth limit when it loops).
      const next = objects.length && depth > 0 ? d.pick(objects) : null;
      if (next) parts.push(`${next.name}${this.args(next.args, true, 1)} ${this.selection(next.type, depth - 1, true)}`);
      else parts.push('__typename');
      return `{ ${parts.join(' ')} }`;
    }
    const isConnection = named.name.endsWith('Connection');
    // Connections mostly select their edges, edges their node: the data is what the fuzz is after.
    const through = isConnection ? named.getFields().edges : named.name.endsWith('Edge') ? named.getFields().node : undefined;
    if (through && d.chance(0.85)) parts.push(`${through.name} ${this.selection(through.type, depth, false)}`);
    for (const f of d.subset(leaves, 1, 5)) {
      parts.push(`${this.alias()}${f.name}${this.args(f.args, true)}`);
    }
    if (depth > 0 && objects.length) {
      const chosen = d.subset(objects, 0, isConnection || named.name.endsWith('Edge') ? 2 : 3);
      for (const f of chosen) {
        if (f === through && parts.some((p) => p.startsWith(`${f.name} `))) continue;
        // `edges` and `node` do not use up the depth: the objects below them do.
        const levels = f.name === 'edges' || f.name === 'node' ? depth : depth - 1;
        parts.push(`${this.alias()}${f.name}${this.args(f.args, true)} ${this.selection(f.type, levels, false)}`);
      }
    }
    if (parts.length === 0) parts.push('__typename');
    if (d.chance(0.03)) parts.push(`__typename @include(if: ${d.chance(0.5)})`);
    return `{ ${parts.join(' ')} }`;
  }
}

/** Generated operations on one root field. */
export function operationArbitrary(schema: GraphQLSchema, world: FuzzWorld, kind: OperationKind, field: GraphQLField<unknown, unknown>): fc.Arbitrary<GeneratedOperation> {
  return new DrawnArbitrary((d) => {
    const roll = d.int(0, 99);
    const mode = roll < 62 ? 'valid' : roll < 88 ? 'invalid' : 'limits';
    const b = new OperationBuilder(schema, d, world, mode === 'invalid');
    let body: string;
    if (mode === 'limits') {
      body = limitBreaker(d, b, field);
    } else {
      const args = b.args(field.args, false);
      body = `${b.alias()}${field.name}${args} ${b.selection(field.type, d.pick([0, 1, 1, 2, 2, 3]))}`;
    }
    const name = d.chance(0.5) ? ` Fuzz${field.name[0]!.toUpperCase()}${field.name.slice(1)}` : '';
    const definitions = b.definitions.length ? `(${b.definitions.join(', ')})` : '';
    const query = `${kind}${name}${definitions} { ${body} }`;
    return { kind, field: field.name, mode, query, variables: b.variables };
  });
}

/** The body of an operation that breaks one bound of limits.ts (or sits right at it). */
function limitBreaker(d: Draw, b: OperationBuilder, field: GraphQLField<unknown, unknown>): string {
  const call = () => `${field.name}${b.args(field.args, false)}`;
  switch (d.int(0, 4)) {
    case 0: {
      // Aliases: at the limit, or over it.
      const count = d.pick([OPERATION_LIMITS.aliases, OPERATION_LIMITS.aliases + 1, 40]);
      const selection = b.selection(field.type, 0);
      return Array.from({ length: count }, (_, i) => `x${i}: ${field.name}${b.args(field.args, false)} ${selection}`).join(' ');
    }
    case 1:
      // Depth: one object a level, as deep as the schema allows.
      return `${call()} ${b.selection(field.type, d.pick([OPERATION_LIMITS.depth - 2, OPERATION_LIMITS.depth + 2, 30]), true)}`;
    case 2: {
      // Directives over the limit.
      const count = d.pick([OPERATION_LIMITS.directives, OPERATION_LIMITS.directives + 1, 60]);
      return `${call()} ${b.selection(field.type, 1).replace(/^\{/, `{ ${Array.from({ length: count }, () => '__typename @include(if: true)').join(' ')}`)}`;
    }
    case 3:
      // Tokens over the parser's limit.
      return `${call()} { ${'__typename '.repeat(d.pick([OPERATION_LIMITS.tokens / 2, OPERATION_LIMITS.tokens + 10]))} }`;
    default: {
      // Cost: nested pages at their largest.
      b.nestedFirst = 100;
      return `${call()} ${b.selection(field.type, 3)}`;
    }
  }
}
