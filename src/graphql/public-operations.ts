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
  return selectsOnly(schema, document, [PUBLIC_FIELDS]);
}

/**
 * Whether every field `document` selects, in any operation or fragment, is in one of `lists` (by its coordinate, or
 * its type's `Type.*`) and not VIEWER_DEPENDENT, and no input object field it writes is one `refusesInputField` names.
 * A conservative walk: a field whose parent type is not an object type fails it too.
 */
function selectsOnly(schema: GraphQLSchema, document: DocumentNode, lists: Set<string>[], refusesInputField?: (name: string) => boolean): boolean {
  const typeInfo = new TypeInfo(schema);
  let only = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const name = node.name.value;
        if (isMeta(name)) return;
        const parentName = parent && isObjectType(getNamedType(parent)) ? parent.name : null;
        const coordinate = `${parentName}.${name}`;
        const listed = lists.some((set) => set.has(coordinate) || set.has(`${parentName}.*`));
        if (parentName === null || VIEWER_DEPENDENT.has(coordinate) || !listed) only = false;
      },
      ObjectField(node) {
        if (refusesInputField?.(node.name.value)) only = false;
      },
    }),
  );
  return only;
}

/**
 * Fields of the public lists partner portals read (sessions, immersion offers, with their organisers, hosts,
 * companies, métiers and places), beside PUBLIC_FIELDS: their answers depend only on the query, its variables and the
 * viewer's visibility class (access/rules/visibility-class.ts), and read only the tables whose every change bumps the
 * catalogue version (Migration20261203091200CatalogueVersion). The response cache (server/response-cache.ts) may hold
 * answers made of these alone. Left out on purpose: anything with personal data or a viewer's own records, fields
 * shown to some viewers of a class only (`Session.hostDeclineReason`, `counsellorAccountIds`), fields computed from
 * the clock (`Session.underMinimum`), contact details (`Structure.email`, `phone`), and relations not audited for this
 * (programmes, series, multi-site events, memberships, commitments themselves).
 */
export const CATALOGUE_FIELDS = new Set([
  'Query.sessions',
  'Query.immersionOffers',
  'SessionConnection.*',
  'SessionEdge.*',
  'ImmersionOfferConnection.*',
  'ImmersionOfferEdge.*',
  ...[
    'id', 'kind', 'title', 'description', 'status', 'startsAt', 'endsAt', 'capacity', 'seatsTaken', 'seatsLeft', 'minimumAge', 'minimumSize',
    'publishedAt', 'hostConfirmation', 'address', 'postalCode', 'latitude', 'longitude', 'distanceKm', 'commune', 'departement', 'organiser',
    'hostCompany', 'hostStructure', 'metiers',
  ].map((field) => `Session.${field}`),
  ...[
    'id', 'title', 'description', 'objective', 'status', 'availableFrom', 'availableUntil', 'maxPresenceDays', 'minimumAge', 'positions',
    'publishedAt', 'address', 'postalCode', 'latitude', 'longitude', 'distanceKm', 'commune', 'departement', 'company', 'metier', 'appellation',
  ].map((field) => `ImmersionOffer.${field}`),
  ...[
    'id', 'name', 'siret', 'nafCode', 'nafLabel', 'sizeBand', 'website', 'description', 'address', 'postalCode', 'latitude', 'longitude',
    'commune', 'departement', 'commitmentsCount',
  ].map((field) => `Company.${field}`),
  ...['id', 'name', 'kind', 'siret', 'website', 'description', 'address', 'postalCode', 'latitude', 'longitude', 'commune', 'departement', 'canPrescribe'].map(
    (field) => `Structure.${field}`,
  ),
  'Commune.*',
  'Departement.*',
  'Region.*',
]);

/**
 * Whether a document is a query made only of PUBLIC_FIELDS and CATALOGUE_FIELDS (VIEWER_DEPENDENT excluded), in all
 * its operations and fragments: its answer for a given viewer depends on the variables, the viewer's visibility class
 * and the catalogue's content, and on nothing else. A conservative walk, as isPublicDocument's.
 */
export function isCatalogueDocument(schema: GraphQLSchema, document: DocumentNode): boolean {
  const queriesOnly = document.definitions.every((d) => d.kind !== 'OperationDefinition' || d.operation === 'query');
  // underMinimum: the only clock-dependent filter of the lists (sessions starting within 48 hours under their minimum).
  return queriesOnly && selectsOnly(schema, document, [PUBLIC_FIELDS, CATALOGUE_FIELDS], (name) => name === 'underMinimum');
}
