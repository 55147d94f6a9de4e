import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType, type GraphQLSchema } from 'graphql';
import { buildRelaisSchema } from './schema';

/**
 * Partners integrate from the schema alone (issue 15): every type, field, argument, input field and enum value says
 * what it is. Lists the undocumented ones by schema coordinate (`Type.field(arg:)`); the only exceptions are what
 * the specification defines (built-in scalars, introspection types, the root types' names, built-in directives).
 */
function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const blank = (text: string | null | undefined): boolean => text === undefined || text === null || text.trim() === '';
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!roots.includes(type as never) && blank(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) if (blank(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
    }
  }
  for (const directive of schema.getDirectives()) {
    if (['include', 'skip', 'deprecated', 'specifiedBy', 'oneOf'].includes(directive.name)) continue;
    if (blank(directive.description)) missing.push(`@${directive.name}`);
    for (const arg of directive.args) if (blank(arg.description)) missing.push(`@${directive.name}(${arg.name}:)`);
  }
  return missing;
}

it('describes every type, field, argument, input field and enum value of the schema', async () => {
  expect(undocumented(await buildRelaisSchema())).toEqual([]);
});

it('names each undocumented part by its coordinate', () => {
  const schema = buildSchema(`
    type Query { "Described." thing(id: ID): Thing, other: Int }
    "Described." type Thing { name: String }
    input ThingInput { name: String }
    "Described." enum Colour { "Described." RED, BLUE }
  `);
  expect(undocumented(schema)).toEqual(['Query.thing(id:)', 'Query.other', 'Thing.name', 'ThingInput', 'ThingInput.name', 'Colour.BLUE']);
});
