import {
  coerceInputValue,
  GraphQLError,
  isInputType,
  Kind,
  typeFromAST,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/**
 * Clients name variables as they like (`$i`, `$codes`); `extensions.field` names the argument path, the same
 * whether the value came as a literal or a variable (`input.motive`, `filter.romeCodes`). These map a path in the
 * variables to the path of the argument where the operation gives that variable.
 */

/**
 * Where each variable is first given to an argument, in the operation then its fragments: `$i` in `input: $i` →
 * `input`; `$codes` in `filter: { romeCodes: $codes }` → `filter.romeCodes`; `$a` in `ids: [$a]` → `ids[0]`.
 */
export function variableArguments(document: DocumentNode, operation: OperationDefinitionNode): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (value: ValueNode, path: string): void => {
    if (value.kind === Kind.VARIABLE) {
      if (!found.has(value.name.value)) found.set(value.name.value, path);
    } else if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) walk(field.value, `${path}.${field.name.value}`);
    } else if (value.kind === Kind.LIST) {
      value.values.forEach((item, i) => walk(item, `${path}[${i}]`));
    }
  };
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const definition of [operation, ...fragments]) {
    visit(definition, { Argument: (node) => walk(node.value, node.name.value) });
  }
  return found;
}

const VARIABLE_NAME = /^[_A-Za-z][_0-9A-Za-z]*/;

/**
 * `path` in the variables (`i.motive`, `codes[3]`) as an argument path (`input.motive`, `filter.romeCodes[3]`);
 * unchanged when the variable is given to no argument.
 */
export function argumentPath(usages: ReadonlyMap<string, string>, path: string): string {
  const name = VARIABLE_NAME.exec(path)?.[0];
  const argument = name === undefined ? undefined : usages.get(name);
  return argument === undefined ? path : argument + path.slice(name!.length);
}

/** A path in a value as graphql-js gives it (`['motive']`, `[3]`), printed after a variable name. */
function printPath(path: readonly (string | number)[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
}

const VARIABLE_ERROR = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/;
const FIELD_PROBLEM = /^Field "([_A-Za-z][_0-9A-Za-z]*)" (?:of required type .* was not provided|is not defined by type)/;

/**
 * Gives each error of graphql-js's variable coercion (`Variable "$i" got invalid value ... at "i.startsAt"`)
 * `extensions.field`: the argument path of the value at fault (`input.startsAt`). graphql-js says where only in
 * its message: the variable is coerced again to learn the path of each of its problems, in the same order.
 */
export function withArgumentFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  errors: readonly GraphQLError[],
): GraphQLError[] {
  const usages = variableArguments(document, operation);
  const problemsOf = new Map<string, string[]>();
  const problems = (name: string): string[] => {
    let paths = problemsOf.get(name);
    if (!paths) {
      paths = [];
      const definition = operation.variableDefinitions?.find((d) => d.variable.name.value === name);
      const type = definition && typeFromAST(schema, definition.type);
      if (type && isInputType(type) && variables[name] != null) {
        const found = paths;
        coerceInputValue(variables[name], type, (path, _value, problem) => {
          // a missing or unknown field of an input object: graphql-js points at the object, name the field
          const field = FIELD_PROBLEM.exec(problem.message)?.[1];
          found.push(name + printPath(field === undefined ? path : [...path, field]));
        });
      }
      problemsOf.set(name, paths);
    }
    return paths;
  };
  return errors.map((error) => {
    const name = VARIABLE_ERROR.exec(error.message)?.[1];
    if (name === undefined) return error;
    // the next problem of this variable, or the variable itself (missing, null where required)
    const path = (error.message.includes(' got invalid value ') ? problems(name).shift() : undefined) ?? name;
    return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, field: argumentPath(usages, path) } });
  });
}
