import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { buildRelaisSchema } from '../src/graphql/schema';
import { statementsSoFar } from '../src/db/sql-counter';
import { TOKENS, withSqlCount } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/*
 * Lists embed the related rows asked (organiser, host company, métiers...) with only the keys the fields asked of
 * them read (look-ahead.ts embeddedRowKeys, the *_FIELD_KEYS maps). Every field of those types must answer in a list
 * what it answers through the loaders (`nodes(ids:)`, which embeds nothing), whatever else is asked, however it is
 * asked (aliases, fragments, directives).
 */

let t: TestServer;
let schema: GraphQLSchema;
/** The statements sent, in order (the counter's hook). */
const statements: string[] = [];

beforeAll(async () => {
  schema = await buildRelaisSchema();
  t = await startTestServer({}, undefined, { onQuery: (query) => statementsSoFar() !== undefined && statements.push(query) });
  // The NAF referential is not in the demo: labels for the demo companies' codes, so that `nafLabel` answers.
  await t.orm.em.fork().getConnection().execute(
    `insert into naf_activity (code, label, level) select distinct naf_code, 'Activité ' || naf_code, 'subclass' from company where naf_code is not null on conflict do nothing`,
  );
  // No demo organiser is an antenna: make one, so that `parent` answers.
  await t.orm.em.fork().getConnection().execute(
    `update structure set parent_id = (select min(id) from structure other where other.id <> structure.id) where id = (select min(organiser_id) from session)`,
  );
});
afterAll(async () => {
  await t?.stop();
});

/** `field` alone, with what a composite value needs to be compared (null or not, its id when it has one). */
function selectionOf(type: GraphQLObjectType, field: string): string {
  const named = getNamedType(type.getFields()[field].type);
  if (isLeafType(named)) return field;
  const isNode = isObjectType(named) && named.getInterfaces().some((i) => i.name === 'Node');
  return `${field} { __typename${isNode ? ' id' : ''} }`;
}

function fieldsOf(typeName: string): { type: GraphQLObjectType; names: string[] } {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  // Every argument of these fields has a default: each can be asked bare.
  for (const field of Object.values(type.getFields())) {
    expect(field.args.filter((a) => a.defaultValue === undefined && a.type.toString().endsWith('!'))).toEqual([]);
  }
  return { type, names: Object.keys(type.getFields()) };
}

/** Rows per list: the demo's sessions and offers; fewer with the compétences of each fiche (the cost limit counts up to 120 each). */
const first = (field: string) => (field === 'competences' ? 2 : 25);

/** Whether a value says something: not null, not an empty list. */
const informative = (value: unknown) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);

describe('rows embedded in a list', () => {
  it('answer every field of Structure, Company and Metier as the loaders do, each field asked alone', async () => {
    const client = t.client(TOKENS.admin);
    const structure = fieldsOf('Structure');
    const company = fieldsOf('Company');
    const metier = fieldsOf('Metier');
    /** Fields for which some row of the list had a value (so that a value dropped from the embedded row shows). */
    const seen = new Set<string>();
    const compare = async (list: string, nodeType: string, relations: Record<string, { type: GraphQLObjectType; names: string[] }>, field: (r: string) => string | null) => {
      for (const [relation, fields] of Object.entries(relations)) {
        for (const name of fields.names) {
          const selection = `${relation} { ${selectionOf(fields.type, name)} }`;
          const listed = await client.request<Record<string, { edges: { node: Record<string, unknown> }[] }>>(`{ ${list}(first: ${first(name)}) { edges { node { id ${selection} } } } }`);
          const rows = listed[list].edges.map((e) => e.node);
          expect(rows.length).toBeGreaterThan(0);
          const loaded = await client.request<{ nodes: Record<string, unknown>[] }>(
            `query($ids: [ID!]!) { nodes(ids: $ids) { ... on ${nodeType} { id ${selection} } } }`,
            { ids: rows.map((r) => r.id) },
          );
          expect({ relation, name, rows }).toEqual({ relation, name, rows: loaded.nodes });
          const values = rows.flatMap((r) => {
            const related = r[relation];
            return Array.isArray(related) ? related : [related];
          });
          if (process.env.SHOW_SEEN && !values.some((v) => v !== null && informative((v as Record<string, unknown>)[name]))) console.log(`never given: ${nodeType}.${relation}.${name}`);
          if (values.some((v) => v !== null && informative((v as Record<string, unknown>)[field(name) ?? name]))) seen.add(`${nodeType}.${relation}.${name}`);
        }
      }
    };
    await compare('sessions', 'Session', { organiser: structure, hostCompany: company, hostStructure: structure, metiers: metier }, (n) => n);
    await compare('immersionOffers', 'ImmersionOffer', { company, metier }, (n) => n);
    // The demo data gives most fields a value somewhere: those W1 does not ask among them.
    for (const name of [
      'Session.organiser.kind', 'Session.organiser.siret', 'Session.organiser.parent', 'Session.organiser.canPrescribe', 'Session.organiser.commune',
      'Session.hostCompany.nafCode', 'Session.hostCompany.description', 'Session.hostCompany.siret', 'Session.hostCompany.nafLabel',
      'Session.hostCompany.commitmentsCount', 'Session.hostCompany.sizeBand',
      'Session.metiers.ogrCode', 'Session.metiers.domaine', 'Session.metiers.regulated',
      'ImmersionOffer.company.nafCode', 'ImmersionOffer.company.description', 'ImmersionOffer.metier.ogrCode', 'ImmersionOffer.metier.domaine',
    ]) {
      expect(seen).toContain(name);
    }
    // Most fields: those that stay empty in the demo are compared all the same (null for null).
    expect(seen.size).toBeGreaterThan(60);
  });

  it('answer fields W1 does not ask, in the page\'s one statement, and the statement builds only what is asked', async () => {
    const client = t.client(TOKENS.admin);
    const query = /* GraphQL */ `
      {
        sessions(first: 50) {
          edges { node { id organiser { kind siret } hostCompany { nafCode description } metiers { ogrCode domaine { code } } } }
        }
      }`;
    const before = statements.length;
    const page = await withSqlCount<{ sessions: { edges: { node: { id: string; organiser: { kind: string; siret: string | null }; hostCompany: { nafCode: string | null; description: string | null } | null; metiers: { ogrCode: number; domaine: { code: string } | null }[] } }[] } }>(client, query);
    // The page, then the domaines (one statement for all, by their codes, which came with the page).
    expect(page.sqlStatements).toBe(2);
    const text = statements.slice(before).join('\n');
    // The structure's kind and SIRET, the company's NAF code and description, the fiches' OGR code (and their keys):
    // not the other columns, not the commitments count.
    expect(text).toContain(`'siret', st.siret`);
    expect(text).toContain(`'description', c.description`);
    expect(text).toContain(`'ogrCode', m.ogr_code`);
    expect(text).toContain(`'domaineCode', m.domaine_code`);
    expect(text).not.toContain(`'email', st.email`);
    expect(text).not.toContain(`'siret', c.siret`);
    expect(text).not.toContain('commitmentsCount');
    expect(text).not.toContain(`'label', m.label`);
    const rows = page.data.sessions.edges.map((e) => e.node);
    expect(rows.some((r) => r.organiser.siret !== null)).toBe(true);
    expect(rows.some((r) => r.hostCompany?.nafCode)).toBe(true);
    expect(rows.some((r) => r.hostCompany?.description)).toBe(true);
    expect(rows.every((r) => r.metiers.every((m) => Number.isInteger(m.ogrCode) && m.domaine !== null))).toBe(true);
    expect(rows.some((r) => r.metiers.length > 0)).toBe(true);
    const loaded = await client.request<{ nodes: unknown[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Session { id organiser { kind siret } hostCompany { nafCode description } metiers { ogrCode domaine { code } } } } }`,
      { ids: rows.map((r) => r.id) },
    );
    expect(rows).toEqual(loaded.nodes);
  });

  it('hold what every alias, fragment and included field asks, merged', async () => {
    const client = t.client(TOKENS.admin);
    const selection = /* GraphQL */ `
      id
      a: organiser { name }
      b: organiser { ...StructureDetails n: name }
      hostCompany { ...CompanyDetails ... on Located { postalCode commune { code } } }
      metiers { code ... on Metier { ogrCode domaine { code } } romeV3Code @include(if: $with) label @skip(if: $with) }
      hostStructure { ... on Node { id } ...StructureDetails }
    `;
    const fragments = /* GraphQL */ `
      fragment StructureDetails on Structure { kind siret parent { id } ... on Located { departement { code } latitude } }
      fragment CompanyDetails on Company { naf: nafCode description sizeBand commitmentsCount memberOf { id } }
    `;
    const listQuery = `query($with: Boolean!) {
      sessions(first: 50) { e1: edges { node { ${selection} } } e2: edges { node { id organiser { email } metiers { transitionEco } } } }
    } ${fragments}`;
    const listed = await client.request<{ sessions: { e1: { node: Record<string, unknown> & { id: string } }[]; e2: { node: { id: string } }[] } }>(listQuery, { with: true });
    const rows = listed.sessions.e1.map((e) => e.node);
    const loaded = await client.request<{ nodes: unknown[] }>(`query($ids: [ID!]!, $with: Boolean!) { nodes(ids: $ids) { ... on Session { ${selection} } } } ${fragments}`, { ids: rows.map((r) => r.id), with: true });
    expect(rows).toEqual(loaded.nodes);
    const loadedE2 = await client.request<{ nodes: unknown[] }>(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Session { id organiser { email } metiers { transitionEco } } } }`, { ids: rows.map((r) => r.id) });
    expect(listed.sessions.e2.map((e) => e.node)).toEqual(loadedE2.nodes);
    // The data says something in what is compared.
    const some = (relation: string, field: string) =>
      rows.some((r) => [r[relation]].flat().some((v) => v !== null && typeof v === 'object' && informative((v as Record<string, unknown>)[field])));
    expect(some('b', 'siret')).toBe(true);
    expect(some('b', 'departement')).toBe(true);
    expect(some('hostCompany', 'naf')).toBe(true);
    expect(some('hostCompany', 'commune')).toBe(true);
    expect(some('hostCompany', 'memberOf')).toBe(true);
    expect(some('metiers', 'domaine')).toBe(true);
    expect(some('metiers', 'romeV3Code')).toBe(true);
    expect(some('hostStructure', 'kind')).toBe(true);
  });
});
