import { getNamedType, isObjectType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * Fields whose answer is the same for every valid token: the ROME reference (métiers, appellations, compétences,
 * domaines), published by France Travail as open data. `Type.*` admits every field of the type but those of
 * VIEWER_DEPENDENT. Everything else (sessions, offers, structures, companies...) depends on who asks (drafts of
 * one's own structure, personal data, counts of one's referrals), so its answers are never shared.
 */
export const PUBLIC_FIELDS = new Set([
  'Query.metier',
  'Query.metiers',
  'Metier.*',
  'MetierConnection.*',
  'MetierEdge.*',
  'PageInfo.*',
  'Appellation.*',
  'MetierCompetence.*',
  'Competence.*',
  'DomaineProfessionnel.*',
  'GrandDomaine.*',
]);

/** Fields of a public type that lead to viewer-dependent data. */
export const VIEWER_DEPENDENT = new Set(['Metier.sessions']);

/** Answers that are the same for any caller: introspection and `__typename` (the schema is the same for all). */
const isMeta = (fieldName: string) => fieldName.startsWith('__');

/**
 * Whether every field a document selects is public reference data (PUBLIC_FIELDS): its answer may then be stored by
 * shared HTTP caches (`Cache-Control: public`), since any token gets the same. A conservative walk: any field
 * outside the list, in any operation or fragment of the document, makes it not public.
 */
export function isPublicDocument(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let isPublic = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const name = node.name.value;
        if (isMeta(name)) return;
        const parentName = parent && isObjectType(getNamedType(parent)) ? parent.name : null;
        const coordinate = `${parentName}.${name}`;
        if (parentName === null || VIEWER_DEPENDENT.has(coordinate) || !(PUBLIC_FIELDS.has(coordinate) || PUBLIC_FIELDS.has(`${parentName}.*`))) {
          isPublic = false;
        }
      },
    }),
  );
  return isPublic;
}
