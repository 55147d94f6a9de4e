import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';

/** Where the example operations live (README, schema/examples). */
export const EXAMPLES = path.resolve(__dirname, '../../schema/examples');

/** The example files holding GraphQL operations. */
export const exampleDocuments = (): string[] => readdirSync(EXAMPLES).filter((f) => f.endsWith('.graphql'));

/** The operations of an example file (a file may hold several: record, then share). */
export function exampleOperations(file: string): OperationDefinitionNode[] {
  return parse(readFileSync(path.join(EXAMPLES, file), 'utf8')).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

/** One named operation of an example file, alone, as a request sends it (clients send one operation per request). */
export function exampleOperation(file: string, name: string): string {
  const operation = exampleOperations(file).find((o) => o.name?.value === name);
  if (!operation) throw new Error(`schema/examples/${file} has no operation ${name}`);
  return print({ kind: Kind.DOCUMENT, definitions: [operation] });
}
