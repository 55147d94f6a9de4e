import 'reflect-metadata';
import { isObjectType, parse, type GraphQLSchema } from 'graphql';
import { RELAIS_PORTAL_LIST_QUERY } from '../../bench/workloads/portal-list';
import { RELAIS_NEAR_SEARCH_QUERY } from '../../bench/workloads/near-search';
import { CATALOGUE_FIELDS, isCatalogueDocument } from './public-operations';
import { buildRelaisSchema } from './schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildRelaisSchema();
});

describe('isCatalogueDocument', () => {
  it('names only fields that exist', () => {
    for (const coordinate of CATALOGUE_FIELDS) {
      const [typeName, fieldName] = coordinate.split('.') as [string, string];
      const type = schema.getType(typeName);
      expect(isObjectType(type) ? typeName : `${typeName} is not an object type`).toBe(typeName);
      if (fieldName !== '*' && isObjectType(type)) expect(Object.keys(type.getFields())).toContain(fieldName);
    }
  });

  it("admits the portals' hot reads (W1, W2) and the ROME reference", () => {
    expect(isCatalogueDocument(schema, parse(RELAIS_PORTAL_LIST_QUERY))).toBe(true);
    expect(isCatalogueDocument(schema, parse(RELAIS_NEAR_SEARCH_QUERY))).toBe(true);
    expect(isCatalogueDocument(schema, parse('{ metiers(first: 2) { totalCount edges { node { code label } } } }'))).toBe(true);
    expect(isCatalogueDocument(schema, parse('query Q { sessions { edges { node { ...S } } } } fragment S on Session { title hostCompany { name } }'))).toBe(true);
  });

  it('refuses personal data, viewer-specific or clock-dependent fields, any other field, and mutations', () => {
    for (const text of [
      '{ participants { edges { node { id personalData { firstName } } } } }',
      '{ sessions { edges { node { id } } } viewer { role } }',
      '{ sessions { edges { node { hostDeclineReason } } } }',
      '{ sessions { edges { node { counsellorAccountIds } } } }',
      '{ sessions { edges { node { underMinimum } } } }',
      '{ sessions(filter: { underMinimum: false }) { edges { node { id } } } }',
      '{ sessions { edges { node { organiser { email phone } } } } }',
      '{ sessions { edges { node { programme { id } } } } }',
      '{ immersionOffers { edges { node { company { memberships { id } } } } } }',
      '{ metier(code: "F1701") { sessions { id } } }',
      'query Q { sessions { edges { node { ...S } } } } fragment S on Session { referrals: counsellorAccountIds }',
      '{ node(id: "x") { id } }',
      'mutation { cancelSession(input: { sessionId: "x" }) { session { id } } }',
    ]) {
      expect([text, isCatalogueDocument(schema, parse(text))]).toEqual([text, false]);
    }
  });
});
