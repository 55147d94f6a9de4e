import { Field, Float, Int } from 'type-graphql';
import type { GraphQLScalarType } from 'graphql';
import { z } from '../common/validate';

/**
 * GraphQL input fields derived from a use case's zod schema, so that a mutation's input is declared once: the schema
 * validates, and its shape and `.describe()` texts give the input type. A field is nullable in GraphQL when the
 * schema accepts null or undefined (`nullish`, `optional`, `default`). Scalars follow the schema (string → String,
 * integer → Int, number → Float, boolean → Boolean, `nativeEnum` → the registered enum); `types` says the rest
 * (LocalDate, ID).
 */

type TypeValue = GraphQLScalarType | typeof String | typeof Boolean | object;
type FieldType = TypeValue | [TypeValue];

interface Unwrapped {
  schema: z.ZodTypeAny;
  nullable: boolean;
  description: string | undefined;
}

/** Strips optional, nullable, default and effects (refinements, transforms) off a field schema. */
function unwrap(field: z.ZodTypeAny): Unwrapped {
  let schema = field;
  let nullable = false;
  let description = field.description;
  for (;;) {
    description ??= schema.description;
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
      nullable = true;
      schema = schema._def.innerType as z.ZodTypeAny;
    } else if (schema instanceof z.ZodEffects) {
      schema = schema._def.schema as z.ZodTypeAny;
    } else if (schema instanceof z.ZodPipeline) {
      schema = schema._def.in as z.ZodTypeAny;
    } else {
      return { schema, nullable, description };
    }
  }
}

function scalarOf(name: string, schema: z.ZodTypeAny): TypeValue {
  if (schema instanceof z.ZodString) return String;
  if (schema instanceof z.ZodBoolean) return Boolean;
  if (schema instanceof z.ZodNumber) return schema.isInt ? Int : Float;
  if (schema instanceof z.ZodNativeEnum) return schema._def.values as object;
  throw new Error(`zod input field ${name}: no GraphQL type for ${schema.constructor.name}; give it in \`types\``);
}

function typeOf(name: string, schema: z.ZodTypeAny): FieldType {
  if (schema instanceof z.ZodArray) return [scalarOf(name, unwrap(schema._def.type as z.ZodTypeAny).schema)];
  return scalarOf(name, schema);
}

/** The object schema under a refined one (`z.object(...).superRefine(...)`). */
function objectOf(schema: z.ZodTypeAny): z.AnyZodObject {
  const inner = unwrap(schema).schema;
  if (!(inner instanceof z.ZodObject)) throw new Error('zod input: an object schema is expected');
  return inner;
}

export interface ZodInputOptions {
  /** Fields the class declares itself or inherits (the address fields of AddressInput...). */
  skip?: readonly string[];
  /** GraphQL types the schema cannot say: `{ availableFrom: LocalDate, companyId: ID }` (lists: `[ID]`). */
  types?: Readonly<Record<string, FieldType>>;
}

/** Declares on an input class one field per key of the zod object `schema` (see the file's comment). */
export function addZodFields(target: abstract new () => object, schema: z.ZodTypeAny, options: ZodInputOptions = {}): void {
  for (const [name, field] of Object.entries(objectOf(schema).shape as Record<string, z.ZodTypeAny>)) {
    if (options.skip?.includes(name)) continue;
    const { schema: inner, nullable, description } = unwrap(field);
    const type = options.types?.[name] ?? typeOf(name, inner);
    Field(() => type, { nullable, description })(target.prototype, name);
  }
}
