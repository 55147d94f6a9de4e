import { isInterfaceType, isObjectType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type FieldResolverMetadata = ReturnType<typeof getMetadataStorage>['fieldResolvers'][number];
type ParamMetadata = NonNullable<FieldResolverMetadata['params']>[number];
type ResolverClass = new () => Record<string, (...params: unknown[]) => unknown>;

/** Declared root types whose values type-graphql passes as they are. */
const UNCONVERTED = new Set<unknown>([Object, String, Number, Boolean]);

type ParamReader = (root: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

/** How a parameter's value is taken from graphql-js's (root, args, context, info): only the kinds called directly. */
function paramReader(param: ParamMetadata): ParamReader | null {
  switch (param.kind) {
    case 'root': {
      // A declared class would make type-graphql build an instance of it from the root (convertToType): left to it.
      // Object (an interface's type at run time) and the primitives keep the value as it is.
      if (param.getType !== undefined && !UNCONVERTED.has(param.getType())) return null;
      const key = param.propertyName;
      return key === undefined ? (root) => root : (root) => (root as Record<string, unknown>)[key];
    }
    case 'context': {
      const key = param.propertyName;
      return key === undefined ? (_root, context) => context : (_root, context) => (context as Record<string, unknown>)[key];
    }
    case 'info':
      return (_root, _context, info) => info;
    default:
      return null; // arguments (converted to class instances, validated), custom decorators
  }
}

/**
 * A direct call of the field resolver's method, when it takes only `@Root`, `@Ctx` and `@Info` and has no middleware
 * or authorization; null otherwise.
 */
function directCall(metadata: FieldResolverMetadata, instances: Map<Function, InstanceType<ResolverClass>>): GraphQLFieldResolver<unknown, unknown> | null {
  if (metadata.kind !== 'external' || metadata.middlewares?.length || metadata.roles !== undefined) return null;
  const readers = [...(metadata.params ?? [])].sort((a, b) => a.index - b.index).map(paramReader);
  if (readers.some((reader) => reader === null)) return null;
  const read = readers as ParamReader[];
  let instance = instances.get(metadata.target);
  if (!instance) instances.set(metadata.target, (instance = new (metadata.target as ResolverClass)()));
  const target = instance;
  const method = target[metadata.methodName]!;
  // One and two parameters (nearly every field resolver here) without an array of arguments per call.
  const [first, second] = read;
  if (read.length === 1) return (root, _args, context, info) => method.call(target, first!(root, context, info));
  if (read.length === 2) return (root, _args, context, info) => method.call(target, first!(root, context, info), second!(root, context, info));
  return (root, _args, context, info) => method.apply(target, read.map((r) => r(root, context, info)));
}

/**
 * type-graphql calls every `@FieldResolver` through one general handler: per call it builds the resolver data, asks
 * its container for the instance, runs the middleware chain, sorts and maps the parameter metadata and converts the
 * root, all for a method that here, mostly, takes the row and the context. A page of sessions calls several per
 * row. The schema's field gets a direct call of the same method with the same values instead, for field resolvers
 * of `resolvers` that take only `@Root` (without a class to convert to), `@Ctx` and `@Info`, with no middleware
 * and no `@Authorized` (the hub has neither); any other keeps type-graphql's handler. A field two field resolvers
 * could answer (one declared on an interface, one on a type implementing it) keeps type-graphql's choice. Returns how
 * many fields were changed. Run right after `buildSchema`, before anything wraps the resolvers.
 */
export function callFieldResolversDirectly(schema: GraphQLSchema, resolvers: readonly Function[]): number {
  const storage = getMetadataStorage();
  const typeNameOf = new Map<Function, string>([...storage.objectTypes, ...storage.interfaceTypes].map((t) => [t.target, t.name]));
  const objectClassOf = new Map(storage.objectTypes.map((t) => [t.name, t]));
  /** The classes whose declared fields an object type has: its own, its ancestors', its interfaces'. */
  const declaringClasses = (typeName: string): Function[] => {
    const metadata = objectClassOf.get(typeName);
    if (!metadata) return [];
    const classes: Function[] = [...(metadata.interfaceClasses ?? [])];
    for (let c: Function | null = metadata.target; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) classes.push(c);
    return classes;
  };
  // type-graphql gives a field the resolver declared for the class that declared the field: one declared again by a
  // type over its interface's is left alone.
  const declaredOnlyBy = (typeName: string, fieldName: string, owner: Function) => {
    const classes = declaringClasses(typeName);
    return storage.fields.every((f) => f.schemaName !== fieldName || !classes.includes(f.target) || f.target === owner);
  };
  // Every field resolver that may apply to each (object type, field): a field with more than one, or one whose field
  // another class declares, is left to type-graphql.
  const candidates = new Map<string, { object: GraphQLObjectType; fieldName: string; found: FieldResolverMetadata[] }>();
  const leftAlone = new Set<string>();
  for (const metadata of storage.fieldResolvers) {
    const owner = metadata.getObjectType?.();
    if (!resolvers.includes(metadata.target) || owner === undefined) continue;
    const ownerName = typeNameOf.get(owner);
    const type = ownerName === undefined ? undefined : schema.getType(ownerName);
    const objects = isObjectType(type) ? [type] : isInterfaceType(type) ? schema.getImplementations(type).objects : [];
    for (const object of objects) {
      const key = `${object.name}.${metadata.schemaName}`;
      if (!declaredOnlyBy(object.name, metadata.schemaName, owner)) leftAlone.add(key);
      const candidate = candidates.get(key) ?? { object, fieldName: metadata.schemaName, found: [] };
      candidates.set(key, { ...candidate, found: [...candidate.found, metadata] });
    }
  }
  const instances = new Map<Function, InstanceType<ResolverClass>>();
  let changed = 0;
  for (const [key, { object, fieldName, found }] of candidates) {
    if (found.length !== 1 || leftAlone.has(key)) continue;
    const field = object.getFields()[fieldName];
    const direct = field && directCall(found[0]!, instances);
    if (!field || !direct) continue;
    field.resolve = direct;
    changed += 1;
  }
  return changed;
}
