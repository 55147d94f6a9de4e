import 'reflect-metadata';
import { isObjectType, parse, type GraphQLSchema } from 'graphql';
import { canonicalOperationHash, sha256Hex, splitOperations } from './persisted-operations';
import { isPublicDocument, PUBLIC_FIELDS, VIEWER_DEPENDENT } from './public-operations';
import { buildRelaisSchema } from './schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildRelaisSchema();
});

const FILE = `
  query A($first: Int!) { metiers(first: $first) { edges { node { ...Bits } } } }
  # a comment
  query B { viewer { role } }
  fragment Bits on Metier { code label }
  fragment Unused on Metier { code }
`;

describe('splitOperations', () => {
  it('gives each named operation with the fragments it uses, printed and hashed', () => {
    const [a, b] = splitOperations(FILE);
    expect(a!.operationName).toBe('A');
    expect(a!.document).toContain('fragment Bits on Metier');
    expect(a!.document).not.toContain('Unused');
    expect(a!.sha256Hash).toBe(sha256Hex(a!.document));
    expect(b!.document).toBe('query B {\n  viewer {\n    role\n  }\n}');
  });

  it('refuses anonymous operations and files without any', () => {
    expect(() => splitOperations('{ viewer { role } }')).toThrow(/must be named/);
    expect(() => splitOperations('fragment F on Metier { code }')).toThrow(/no operation/);
    expect(() => splitOperations('query {')).toThrow();
  });
});

describe('canonicalOperationHash', () => {
  it('is the registered hash whatever the whitespace, comments and other operations of the document', () => {
    const [a, b] = splitOperations(FILE);
    expect(canonicalOperationHash(parse('query B{viewer{role}}'), null)).toBe(b!.sha256Hash);
    expect(canonicalOperationHash(parse(FILE), 'A')).toBe(a!.sha256Hash);
    expect(canonicalOperationHash(parse(FILE), 'B')).toBe(b!.sha256Hash);
    expect(canonicalOperationHash(parse('query B { viewer { role email } }'), null)).not.toBe(b!.sha256Hash);
  });

  it('is null when no operation is selected', () => {
    expect(canonicalOperationHash(parse(FILE), null)).toBeNull();
    expect(canonicalOperationHash(parse(FILE), 'C')).toBeNull();
  });
});

describe('isPublicDocument', () => {
  it('names only fields that exist', () => {
    for (const coordinate of [...PUBLIC_FIELDS, ...VIEWER_DEPENDENT]) {
      const [typeName, fieldName] = coordinate.split('.') as [string, string];
      const type = schema.getType(typeName);
      expect(isObjectType(type) ? typeName : `${typeName} is not an object type`).toBe(typeName);
      if (fieldName !== '*' && isObjectType(type)) expect(Object.keys(type.getFields())).toContain(fieldName);
    }
  });

  it('admits the ROME reference only', () => {
    expect(isPublicDocument(schema, parse('{ metiers(first: 2) { totalCount edges { node { code label appellations { label metier { code } } domaine { grandDomaine { label } } } } } }'))).toBe(true);
    expect(isPublicDocument(schema, parse('{ metier(code: "F1701") { __typename competences { label } } }'))).toBe(true);
    expect(isPublicDocument(schema, parse('{ metier(code: "F1701") { sessions { id } } }'))).toBe(false);
    expect(isPublicDocument(schema, parse('query Q { metiers { edges { node { ...F } } } } fragment F on Metier { sessions { id } }'))).toBe(false);
    expect(isPublicDocument(schema, parse('{ viewer { role } }'))).toBe(false);
    expect(isPublicDocument(schema, parse('{ metiers { totalCount } viewer { role } }'))).toBe(false);
    expect(isPublicDocument(schema, parse('{ node(id: "x") { id } }'))).toBe(false);
  });
});
