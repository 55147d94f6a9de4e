import { createHash } from 'node:crypto';
import { Kind, parse, print, separateOperations, type DocumentNode } from 'graphql';

/** Hex SHA-256 of a document's text: what Apollo's APQ protocol calls `sha256Hash`. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One operation of a file, as a token's safelist holds it. */
export interface OperationDocument {
  operationName: string;
  /** The operation and the fragments it uses, printed by graphql-js: the canonical text of the operation. */
  document: string;
  sha256Hash: string;
}

/**
 * The operations of a `.graphql` file, each on its own with the fragments it uses (graphql-js `separateOperations`),
 * printed. Every operation must be named: the name is what an operator lists and a client selects.
 * Throws a GraphQLError (syntax) or an Error (an anonymous operation, no operation at all).
 */
export function splitOperations(source: string): OperationDocument[] {
  const document = parse(source);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length === 0) throw new Error('the file holds no operation');
  if (operations.some((o) => !o.name)) throw new Error('every operation must be named (an anonymous operation cannot be told apart in a list)');
  return Object.entries(separateOperations(document)).map(([operationName, separated]) => {
    const text = print(separated);
    return { operationName, document: text, sha256Hash: sha256Hex(text) };
  });
}

/** Canonical hashes already computed, per document node (Apollo Server and graphql-ws share validated ASTs). */
const canonicalHashes = new WeakMap<DocumentNode, Map<string, string>>();

/**
 * The hash of the operation a request runs, in the canonical form `splitOperations` registers: the operation
 * `operationName` selects (the only one when null) with the fragments it uses, printed. Whitespace, comments and
 * other operations of the request's document do not change it, so a client may send its own text of a registered
 * operation. Null when the document does not select one operation.
 */
export function canonicalOperationHash(document: DocumentNode, operationName: string | null | undefined): string | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return null;
  const key = operation.name?.value ?? '';
  let known = canonicalHashes.get(document);
  const found = known?.get(key);
  if (found) return found;
  const separated = separateOperations(document)[key];
  if (!separated) return null;
  const hash = sha256Hex(print(separated));
  if (!known) canonicalHashes.set(document, (known = new Map()));
  known.set(key, hash);
  return hash;
}
