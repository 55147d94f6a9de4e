import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importNaf } from '../seeds/importers/naf';
import { joinTheNetwork } from '../schema/examples/join-the-network';
import { importCompaniesCommand } from '../src/cli/import-companies-command';
import { UsageError } from '../src/common/cli-command';
import { todayInFrance } from '../src/common/local-date';
import { createLogger } from '../src/server/logger';
import { globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { tableChecksums, viewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;
let scratch: string;
/** Global ids of the demo network: the CRÉPI, the PLIE, the company admin's company (a CRÉPI member), a non-member. */
let crepi: string;
let plie: string;
let company: string;
let nonMember: string;
/** Tokens made here: the PLIE's admin, another company's admin, and a company's invited staff. */
let plieAdmin: string;
let otherCompanyAdmin: string;
let companyStaff: string;

/** Tables a refused mutation must leave as they were. */
// Not api_token: a token's first use writes its last_used_at (access/use-cases/api-tokens.ts), refused or not.
const TABLES = ['company', 'structure', 'company_membership', 'past_company_membership', 'account', 'idempotency_key'] as const;

const day = (days: number) => new Date(Date.parse(`${todayInFrance()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A Luhn-valid SIRET from 13 digits (SIREN and NIC without its last digit). */
function siretFrom(thirteen: string): string {
  for (let check = 0; check <= 9; check++) {
    const candidate = `${thirteen}${check}`;
    const sum = [...candidate].reverse().reduce((acc, ch, i) => {
      let d = Number(ch);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      return acc + d;
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}
let serial = 0;
/** A fresh valid SIRET for each call. */
const newSiret = () => siretFrom(`9${String(Date.now() % 1e6).padStart(6, '0')}${String(++serial).padStart(6, '0')}`);

const INPUT_TYPES = {
  createCompany: ['CreateCompanyInput', 'company { id siret name nafCode nafLabel sizeBand website commune { code } departement { code } memberOf { id } }'],
  updateCompany: ['UpdateCompanyInput', 'company { id siret name nafCode website description }'],
  createStructure: ['CreateStructureInput', 'structure { id name kind canPrescribe siret parent { id } }'],
  updateStructure: ['UpdateStructureInput', 'structure { id name kind canPrescribe phone parent { id } }'],
  addClubMember: ['AddClubMemberInput', 'company { id memberOf { id } } club { id } joinedOn leftOn hostingAgreement'],
  removeClubMember: ['RemoveClubMemberInput', 'company { id memberOf { id } } club { id } joinedOn leftOn hostingAgreement'],
  inviteCompanyStaff: ['InviteCompanyStaffInput', 'account { id role email company { id } } token { id expiresAt } secret'],
} as const;
type MutationName = keyof typeof INPUT_TYPES;

const documentOf = (name: MutationName) => `mutation($input: ${INPUT_TYPES[name][0]}!) { ${name}(input: $input) { ${INPUT_TYPES[name][1]} } }`;

// Payloads are read loosely: each test says what it expects of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Payload = Record<string, any>;

async function run(token: string, name: MutationName, input: Record<string, unknown>): Promise<Payload> {
  const data = await t.client(token).request<Record<string, Payload>>(documentOf(name), { input });
  return data[name]!;
}

function refused(token: string, name: MutationName, input: Record<string, unknown>) {
  return failure(t.server.url, token, documentOf(name), { input });
}

/** An account of `role` made by the network admin, and a token for it. */
async function tokenFor(role: string, owner: { structureId?: string; companyId?: string }): Promise<string> {
  const { createAccount } = await t.client(TOKENS.admin).request<{ createAccount: { account: { id: string } } }>(
    'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }',
    { input: { email: `${role.toLowerCase()}.${++serial}@test.example.org`, displayName: `Test ${role}`, role, ...owner } },
  );
  const { createApiToken } = await t.client(TOKENS.admin).request<{ createApiToken: { secret: string } }>(
    'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }',
    { input: { accountId: createAccount.account.id, expiresInDays: 5 } },
  );
  return createApiToken.secret;
}

const companyInput = (extra: Record<string, unknown> = {}) => ({
  siret: newSiret(),
  name: 'Menuiserie des Docks',
  nafCode: '16.23Z',
  sizeBand: 'SMALL',
  website: 'https://menuiserie-docks.example.org',
  communeCode: '93066',
  ...extra,
});

beforeAll(async () => {
  t = await startTestServer();
  scratch = await mkdtemp(path.join(tmpdir(), 'relais-network-'));
  const [companyIds, crepiIds, plieIds] = await Promise.all([viewerIds(t, TOKENS.company), viewerIds(t, TOKENS.crepi), viewerIds(t, TOKENS.plie)]);
  company = globalIdOf('Company', companyIds.companyId!);
  crepi = globalIdOf('Structure', crepiIds.structureId!);
  plie = globalIdOf('Structure', plieIds.structureId!);
  const { companies } = await t.client(TOKENS.portal).request<{ companies: { edges: { node: { id: string; memberOf: { id: string }[] } }[] } }>(
    '{ companies(first: 50) { edges { node { id memberOf { id } } } } }',
  );
  nonMember = companies.edges.map((e) => e.node).find((c) => c.memberOf.length === 0)!.id;
  const otherCompany = companies.edges.map((e) => e.node).find((c) => c.id !== company)!.id;
  plieAdmin = await tokenFor('STRUCTURE_ADMIN', { structureId: plie });
  otherCompanyAdmin = await tokenFor('COMPANY_ADMIN', { companyId: otherCompany });
});

afterAll(async () => {
  await t?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('before the NAF nomenclature is imported', () => {
  it('refuses a NAF code it cannot check, saying what to run, and creates nothing', async () => {
    const before = await tableChecksums(t, TABLES);
    const f = await refused(TOKENS.admin, 'createCompany', companyInput());
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.nafCode'] });
    expect(f.messages[0]).toMatch(/NAF nomenclature is not imported \(npm run cli -- import-naf\)/);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });
});

describe('with the NAF nomenclature', () => {
  beforeAll(async () => {
    await importNaf(t.orm.em.fork());
    companyStaff = (await run(TOKENS.company, 'inviteCompanyStaff', { email: `staff.${++serial}@gros-oeuvre.example.org`, displayName: 'Chef de chantier' })).secret;
  });

  describe('successes', () => {
    it('createCompany: a network admin registers a company, NAF written as SIRENE writes it, SIRET with spaces', async () => {
      const siret = newSiret();
      const spaced = `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
      const { company: created } = await run(TOKENS.admin, 'createCompany', companyInput({ siret: spaced, nafCode: '1623Z' }));
      expect(created).toMatchObject({
        siret, name: 'Menuiserie des Docks', nafCode: '16.23Z', nafLabel: expect.stringMatching(/menuiseries/i), sizeBand: 'SMALL',
        commune: { code: '93066' }, departement: { code: '93' }, memberOf: [],
      });
    });

    it('createCompany: a CRÉPI admin registers a company that joins its club, today by default', async () => {
      const { company: created } = await run(TOKENS.crepi, 'createCompany', companyInput());
      expect(created.memberOf).toEqual([{ id: crepi }]);
      const [row] = await sql<{ since: string }>(t, 'select since::text from company_membership where company_id = ?', [keyOf(created.id)]);
      expect(row!.since).toBe(todayInFrance());
    });

    it('createCompany: the same idempotency key replayed returns the first company and creates nothing', async () => {
      const input = companyInput({ idempotencyKey: `cc-${++serial}` });
      const first = await run(TOKENS.admin, 'createCompany', input);
      const before = await tableChecksums(t, TABLES);
      const second = await run(TOKENS.admin, 'createCompany', input);
      expect(second.company.id).toBe(first.company.id);
      expect(await tableChecksums(t, TABLES)).toEqual(before);
      expect(await refused(TOKENS.admin, 'createCompany', { ...input, name: 'Autre nom' })).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
    });

    it('updateCompany: by the company’s admin, by its CRÉPI’s admin and by a network admin; left-out fields stay, null clears', async () => {
      const byOwner = await run(TOKENS.company, 'updateCompany', { companyId: company, description: 'Gros œuvre et réhabilitation.' });
      expect(byOwner.company).toMatchObject({ id: company, description: 'Gros œuvre et réhabilitation.', nafCode: '43.99C' });
      const byClub = await run(TOKENS.crepi, 'updateCompany', { companyId: company, website: null });
      expect(byClub.company).toMatchObject({ website: null, description: 'Gros œuvre et réhabilitation.' });
      const byAdmin = await run(TOKENS.admin, 'updateCompany', { companyId: nonMember, nafCode: '4399C', name: 'Nouveau nom' });
      expect(byAdmin.company).toMatchObject({ nafCode: '43.99C', name: 'Nouveau nom' });
    });

    it('createStructure: a network admin registers a structure, prescriber as its kind is, and an antenna of it', async () => {
      const { structure: ml } = await run(TOKENS.admin, 'createStructure', { name: 'Mission Locale du Val de Garonne', kind: 'ML', communeCode: '33243' });
      expect(ml).toMatchObject({ kind: 'ML', canPrescribe: true, parent: null });
      const { structure: antenna } = await run(TOKENS.admin, 'createStructure', { name: 'Antenne de Marmande', kind: 'ML', parentId: ml.id, siret: newSiret() });
      expect(antenna).toMatchObject({ kind: 'ML', canPrescribe: true, parent: { id: ml.id } });
      const { structure: club } = await run(TOKENS.admin, 'createStructure', { name: 'CRÉPI Test', kind: 'CREPI' });
      expect(club).toMatchObject({ kind: 'CREPI', canPrescribe: false });
    });

    it('updateStructure: a network admin changes anything; a structure’s admin its own public details', async () => {
      const { structure: created } = await run(TOKENS.admin, 'createStructure', { name: 'Association Passerelle', kind: 'ASSO' });
      const granted = await run(TOKENS.admin, 'updateStructure', { structureId: created.id, canPrescribe: true, parentId: plie });
      expect(granted.structure).toMatchObject({ canPrescribe: true, parent: { id: plie } });
      // Phone numbers as people write them, stored and answered in E.164 (libphonenumber-js).
      const own = await run(plieAdmin, 'updateStructure', { structureId: plie, phone: '05.57.00.00.00' });
      expect(own.structure).toMatchObject({ id: plie, phone: '+33557000000', kind: 'PLIE' });
      const [row] = await sql<{ phone: string }>(t, 'select phone from structure where id = ?', [keyOf(plie)]);
      expect(row!.phone).toBe('+33557000000');
      const abroad = await run(TOKENS.admin, 'updateStructure', { structureId: created.id, phone: '0032 2 555 12 12' });
      expect(abroad.structure.phone).toBe('+3225551212');
      expect((await run(TOKENS.admin, 'updateStructure', { structureId: created.id, phone: ' ' })).structure.phone).toBeNull();
    });

    it('addClubMember and removeClubMember: a CRÉPI admin adds a company with its date, then records its departure; both dates are kept', async () => {
      const { company: created } = await run(TOKENS.admin, 'createCompany', companyInput());
      const added = await run(TOKENS.crepi, 'addClubMember', { companyId: created.id, clubId: crepi, joinedOn: day(-30), hostingAgreement: true, idempotencyKey: `acm-${++serial}` });
      expect(added).toMatchObject({ company: { id: created.id, memberOf: [{ id: crepi }] }, club: { id: crepi }, joinedOn: day(-30), leftOn: null, hostingAgreement: true });
      const removed = await run(TOKENS.crepi, 'removeClubMember', { companyId: created.id, clubId: crepi, leftOn: day(-1) });
      expect(removed).toMatchObject({ company: { id: created.id, memberOf: [] }, club: { id: crepi }, joinedOn: day(-30), leftOn: day(-1), hostingAgreement: false });
      const past = await sql<{ joined_on: string; left_on: string }>(t, 'select joined_on::text, left_on::text from past_company_membership where company_id = ?', [keyOf(created.id)]);
      expect(past).toEqual([{ joined_on: day(-30), left_on: day(-1) }]);
      // It may join again: a new membership, the past one kept.
      const again = await run(TOKENS.admin, 'addClubMember', { companyId: created.id, clubId: crepi });
      expect(again).toMatchObject({ joinedOn: todayInFrance(), leftOn: null, hostingAgreement: false });
      // Company.memberships: the current one, and with includePast the ended one after it, as any viewer reads them.
      const MEMBERSHIPS = 'query($id: ID!) { node(id: $id) { ... on Company { current: memberships { club { id } joinedOn leftOn } all: memberships(includePast: true) { club { id } joinedOn leftOn hostingAgreement } } } }';
      const read = await t.client(TOKENS.portal).request<{ node: { current: unknown[]; all: unknown[] } }>(MEMBERSHIPS, { id: created.id });
      expect(read.node).toEqual({
        current: [{ club: { id: crepi }, joinedOn: todayInFrance(), leftOn: null }],
        all: [
          { club: { id: crepi }, joinedOn: todayInFrance(), leftOn: null, hostingAgreement: false },
          { club: { id: crepi }, joinedOn: day(-30), leftOn: day(-1), hostingAgreement: false },
        ],
      });
    });

    it('removeClubMember with an idempotency key: a retry after success answers the same payload and writes nothing; without it, "is not a member"', async () => {
      const { company: created } = await run(TOKENS.admin, 'createCompany', companyInput());
      await run(TOKENS.crepi, 'addClubMember', { companyId: created.id, clubId: crepi, joinedOn: day(-20) });
      const input = { companyId: created.id, clubId: crepi, leftOn: day(-2), idempotencyKey: `rcm-${++serial}` };
      const removed = await run(TOKENS.crepi, 'removeClubMember', input);
      expect(removed).toMatchObject({ company: { id: created.id, memberOf: [] }, joinedOn: day(-20), leftOn: day(-2) });
      const before = await tableChecksums(t, TABLES);
      expect(await run(TOKENS.crepi, 'removeClubMember', input)).toEqual(removed);
      expect(await tableChecksums(t, TABLES)).toEqual(before);
      // The same key with another request is a CONFLICT; a request without a key is answered as it stands.
      expect(await refused(TOKENS.crepi, 'removeClubMember', { ...input, leftOn: day(-3) })).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
      expect(await refused(TOKENS.crepi, 'removeClubMember', { companyId: created.id, clubId: crepi })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.companyId'] });
      // A key answers only to who may still remove members: another club admin replaying it is refused.
      expect(await refused(plieAdmin, 'removeClubMember', input)).toMatchObject({ codes: ['FORBIDDEN'] });
      expect(await tableChecksums(t, TABLES)).toEqual(before);
    });

    it('inviteCompanyStaff: the company’s admin invites its staff, whose token works at once; a replayed key creates nothing more', async () => {
      const key = `inv-${++serial}`;
      const input = { email: `Invite.${serial}@Gros-Oeuvre.example.org`, displayName: 'Conductrice de travaux', idempotencyKey: key };
      const invited = await run(TOKENS.company, 'inviteCompanyStaff', input);
      expect(invited).toMatchObject({ account: { role: 'COMPANY_STAFF', email: `invite.${serial}@gros-oeuvre.example.org`, company: { id: company } }, secret: expect.stringMatching(/^rls_/) });
      expect(Date.parse(invited.token.expiresAt)).toBeLessThanOrEqual(Date.now() + 90 * 86_400_000 + 60_000);
      const { viewer } = await t.client(invited.secret).request<{ viewer: { id: string; role: string } }>('{ viewer { id role } }');
      expect(viewer).toEqual({ id: invited.account.id, role: 'COMPANY_STAFF' });
      const before = await tableChecksums(t, TABLES);
      const replay = await run(TOKENS.company, 'inviteCompanyStaff', input);
      expect(replay).toMatchObject({ account: { id: invited.account.id }, token: { id: invited.token.id }, secret: null });
      expect(await tableChecksums(t, TABLES)).toEqual(before);
      // A network admin invites naming the company.
      const byAdmin = await run(TOKENS.admin, 'inviteCompanyStaff', { companyId: nonMember, email: `staff.${++serial}@test.example.org`, displayName: 'Magasinier' });
      expect(byAdmin.account).toMatchObject({ role: 'COMPANY_STAFF', company: { id: nonMember } });
    });

    it('schema/examples/join-the-network.ts: the README’s example registers a company and makes it a member, the same when run again', async () => {
      const first = await joinTheNetwork(t.server.url, TOKENS.admin, TOKENS.crepi, '25.72Z');
      expect(first).toMatchObject({ memberOf: [crepi], joinedOn: expect.stringMatching(/^\d{4}-\d{2}-01$/), hostingAgreement: true });
      const before = await tableChecksums(t, TABLES);
      expect(await joinTheNetwork(t.server.url, TOKENS.admin, TOKENS.crepi, '25.72Z')).toEqual(first);
      expect(await tableChecksums(t, TABLES)).toEqual(before);
    });

    it('audits each mutation like the others', async () => {
      const { company: created } = await run(TOKENS.crepi, 'createCompany', companyInput());
      const [entry] = await sql<{ operation: string; target_type: string; target_key: string; error_code: string | null }>(
        t,
        `select operation, target_type, target_key, error_code from audit_log where operation = 'createCompany' order by id desc limit 1`,
      );
      expect(entry).toEqual({ operation: 'createCompany', target_type: 'Company', target_key: String(keyOf(created.id)), error_code: null });
      await refused(TOKENS.plie, 'addClubMember', { companyId: created.id, clubId: crepi });
      const [refusal] = await sql<{ operation: string; error_code: string }>(t, `select operation, error_code from audit_log order by id desc limit 1`);
      expect(refusal).toEqual({ operation: 'addClubMember', error_code: 'FORBIDDEN' });
    });
  });

  describe('the rights table: each refusal is FORBIDDEN and writes nothing', () => {
    const cells: [string, () => string, MutationName, () => Record<string, unknown>][] = [
      ['createCompany by a structure’s staff', () => TOKENS.plie, 'createCompany', () => companyInput()],
      ['createCompany by the admin of a structure that is not a CRÉPI', () => plieAdmin, 'createCompany', () => companyInput()],
      ['createCompany by a CRÉPI admin for another club', () => TOKENS.crepi, 'createCompany', () => companyInput({ clubId: plie })],
      ['createCompany by a company admin', () => TOKENS.company, 'createCompany', () => companyInput()],
      ['createCompany by a company’s staff', () => companyStaff, 'createCompany', () => companyInput()],
      ['createCompany by a participant', () => TOKENS.participant, 'createCompany', () => companyInput()],
      ['createCompany by an integration', () => TOKENS.portal, 'createCompany', () => companyInput()],
      ['updateCompany by another company’s admin', () => otherCompanyAdmin, 'updateCompany', () => ({ companyId: company, name: 'X' })],
      ['updateCompany by a company’s staff', () => companyStaff, 'updateCompany', () => ({ companyId: company, name: 'X' })],
      ['updateCompany by a CRÉPI admin, of a company outside its club', () => TOKENS.crepi, 'updateCompany', () => ({ companyId: nonMember, name: 'X' })],
      ['updateCompany by a structure’s staff', () => TOKENS.plie, 'updateCompany', () => ({ companyId: company, name: 'X' })],
      ['updateCompany by an integration', () => TOKENS.portal, 'updateCompany', () => ({ companyId: company, name: 'X' })],
      ['createStructure by a CRÉPI admin', () => TOKENS.crepi, 'createStructure', () => ({ name: 'X', kind: 'ASSO' })],
      ['createStructure by a structure’s admin', () => plieAdmin, 'createStructure', () => ({ name: 'X', kind: 'ASSO', parentId: plie })],
      ['createStructure by a company admin', () => TOKENS.company, 'createStructure', () => ({ name: 'X', kind: 'ASSO' })],
      ['updateStructure by the admin of another structure', () => plieAdmin, 'updateStructure', () => ({ structureId: crepi, name: 'X' })],
      ['updateStructure by its own admin, of its kind', () => plieAdmin, 'updateStructure', () => ({ structureId: plie, kind: 'ML' })],
      ['updateStructure by its own admin, of its prescriber right', () => TOKENS.crepi, 'updateStructure', () => ({ structureId: crepi, canPrescribe: true })],
      ['updateStructure by its own admin, of its parent', () => plieAdmin, 'updateStructure', () => ({ structureId: plie, parentId: crepi })],
      ['updateStructure by its staff', () => TOKENS.plie, 'updateStructure', () => ({ structureId: plie, name: 'X' })],
      ['updateStructure by a company admin', () => TOKENS.company, 'updateStructure', () => ({ structureId: crepi, name: 'X' })],
      ['addClubMember by the admin of a structure that is not the club', () => plieAdmin, 'addClubMember', () => ({ companyId: nonMember, clubId: crepi })],
      ['addClubMember by a structure’s staff', () => TOKENS.plie, 'addClubMember', () => ({ companyId: nonMember, clubId: crepi })],
      ['addClubMember by a company admin, of its own company', () => TOKENS.company, 'addClubMember', () => ({ companyId: nonMember, clubId: crepi })],
      ['addClubMember by an integration', () => TOKENS.portal, 'addClubMember', () => ({ companyId: nonMember, clubId: crepi })],
      ['removeClubMember by the admin of a structure that is not the club', () => plieAdmin, 'removeClubMember', () => ({ companyId: company, clubId: crepi })],
      ['removeClubMember by a company admin, of its own company', () => TOKENS.company, 'removeClubMember', () => ({ companyId: company, clubId: crepi })],
      ['removeClubMember by a company’s staff', () => companyStaff, 'removeClubMember', () => ({ companyId: company, clubId: crepi })],
      ['inviteCompanyStaff by a company admin, for another company', () => TOKENS.company, 'inviteCompanyStaff', () => ({ companyId: nonMember, email: 'x1@test.example.org', displayName: 'X' })],
      ['inviteCompanyStaff by a company’s staff', () => companyStaff, 'inviteCompanyStaff', () => ({ email: 'x2@test.example.org', displayName: 'X' })],
      ['inviteCompanyStaff by a CRÉPI admin, for a member', () => TOKENS.crepi, 'inviteCompanyStaff', () => ({ companyId: company, email: 'x3@test.example.org', displayName: 'X' })],
      ['inviteCompanyStaff by a structure’s staff', () => TOKENS.plie, 'inviteCompanyStaff', () => ({ companyId: company, email: 'x4@test.example.org', displayName: 'X' })],
      ['inviteCompanyStaff by a participant', () => TOKENS.participant, 'inviteCompanyStaff', () => ({ companyId: company, email: 'x5@test.example.org', displayName: 'X' })],
    ];

    it.each(cells)('%s', async (_cell, token, name, input) => {
      const before = await tableChecksums(t, TABLES);
      const f = await refused(token(), name, input());
      expect(f.codes).toEqual(['FORBIDDEN']);
      expect(await tableChecksums(t, TABLES)).toEqual(before);
    });
  });

  describe('bad input: clean errors naming the field, nothing written', () => {
    let member: string;
    beforeAll(async () => {
      member = (await run(TOKENS.crepi, 'createCompany', companyInput({ joinedOn: day(-10) }))).company.id;
    });

    // Every row has all six cells: with fewer, it.each would hand the test Jest's `done` callback.
    const cases: [string, MutationName, () => Record<string, unknown>, string, string, RegExp | null][] = [
      ['an invalid SIRET (checksum)', 'createCompany', () => companyInput({ siret: '41387259900018' }), 'BAD_USER_INPUT', 'input.siret', /Luhn/],
      ['a SIRET of 13 digits', 'createCompany', () => companyInput({ siret: '4138725990001' }), 'BAD_USER_INPUT', 'input.siret', null],
      ['an unknown NAF code', 'createCompany', () => companyInput({ nafCode: '99.99Z' }), 'BAD_USER_INPUT', 'input.nafCode', /not a subclass of the NAF/],
      ['a malformed NAF code', 'createCompany', () => companyInput({ nafCode: 'maçonnerie' }), 'BAD_USER_INPUT', 'input.nafCode', null],
      ['a NAF class instead of a subclass', 'updateCompany', () => ({ companyId: company, nafCode: '43.99' }), 'BAD_USER_INPUT', 'input.nafCode', null],
      ['an empty name', 'createCompany', () => companyInput({ name: '  ' }), 'BAD_USER_INPUT', 'input.name', null],
      ['a website that is not a web address', 'createCompany', () => companyInput({ website: 'javascript:alert(1)' }), 'BAD_USER_INPUT', 'input.website', null],
      ['an unknown commune', 'createCompany', () => companyInput({ communeCode: '99999' }), 'BAD_USER_INPUT', 'input.communeCode', null],
      ['a club that is not a CRÉPI', 'createCompany', () => companyInput({ clubId: plie }), 'BAD_USER_INPUT', 'input.clubId', null],
      ['a joining day in the future', 'createCompany', () => companyInput({ clubId: crepi, joinedOn: day(3) }), 'BAD_USER_INPUT', 'input.joinedOn', null],
      ['a duplicate SIRET, on update', 'updateCompany', () => ({ companyId: nonMember, siret: '41387259900019' }), 'CONFLICT', 'input.siret', null],
      ['an unknown kind', 'createStructure', () => ({ name: 'X', kind: 'CLUB_DE_FOOT' }), 'BAD_USER_INPUT', 'input.kind', null],
      ['a structure SIRET failing the Luhn check', 'createStructure', () => ({ name: 'X', kind: 'ASSO', siret: '12345678901234' }), 'BAD_USER_INPUT', 'input.siret', null],
      // One structure per SIRET, as one company per SIRET: the PLIE du Libournais's own.
      ['a structure SIRET another structure has', 'createStructure', () => ({ name: 'X', kind: 'ASSO', siret: '44218093100036' }), 'CONFLICT', 'input.siret', /structure already registered: PLIE du Libournais \(/],
      ['a structure SIRET another structure has, on update', 'updateStructure', () => ({ structureId: crepi, siret: '442 180 931 00036' }), 'CONFLICT', 'input.siret', /PLIE du Libournais/],
      ['a structure phone one digit short', 'createStructure', () => ({ name: 'X', kind: 'ASSO', phone: '05 57 00 00 0' }), 'BAD_USER_INPUT', 'input.phone', /must be a phone number/],
      ['a structure phone with an extension in words', 'updateStructure', () => ({ structureId: plie, phone: '05 57 00 00 00 poste 12' }), 'BAD_USER_INPUT', 'input.phone', null],
      ['a structure as its own parent', 'updateStructure', () => ({ structureId: plie, parentId: plie }), 'BAD_USER_INPUT', 'input.parentId', /itself/],
      ['a parent that does not exist', 'createStructure', () => ({ name: 'X', kind: 'ASSO', parentId: globalIdOf('Structure', 999999) }), 'NOT_FOUND', 'input.parentId', null],
      ['a company id given as a club', 'addClubMember', () => ({ companyId: nonMember, clubId: company }), 'BAD_USER_INPUT', 'input.clubId', null],
      ['a club that is not a CRÉPI, for a member', 'addClubMember', () => ({ companyId: nonMember, clubId: plie }), 'BAD_USER_INPUT', 'input.clubId', null],
      ['a company already a member', 'addClubMember', () => ({ companyId: company, clubId: crepi }), 'CONFLICT', 'input.companyId', /already a member/],
      ['a joining day in the future, for a member', 'addClubMember', () => ({ companyId: nonMember, clubId: crepi, joinedOn: day(1) }), 'BAD_USER_INPUT', 'input.joinedOn', null],
      ['dates reversed: leaving before joining', 'removeClubMember', () => ({ companyId: member, clubId: crepi, leftOn: day(-11) }), 'BAD_USER_INPUT', 'input.leftOn', /on or after the day the company joined/],
      ['a departure in the future', 'removeClubMember', () => ({ companyId: member, clubId: crepi, leftOn: day(2) }), 'BAD_USER_INPUT', 'input.leftOn', null],
      ['a company that is not a member', 'removeClubMember', () => ({ companyId: nonMember, clubId: crepi }), 'BAD_USER_INPUT', 'input.companyId', null],
      ['an invitation without a valid email', 'inviteCompanyStaff', () => ({ email: 'not-an-email', displayName: 'X' }), 'BAD_USER_INPUT', 'input.email', null],
      ['an invitation to an email in use', 'inviteCompanyStaff', () => ({ email: 'marc.lefort@pierre-aubervilliers.example.org', displayName: 'X' }), 'BAD_USER_INPUT', 'input.email', null],
    ];

    it.each(cases)('%s', async (_case, name, input, code, field, message) => {
      const before = await tableChecksums(t, TABLES);
      const f = await refused(name === 'inviteCompanyStaff' ? TOKENS.company : TOKENS.admin, name, input());
      expect(f).toMatchObject({ codes: [code], fields: [field] });
      if (message) expect(f.messages[0]).toMatch(message);
      expect(f.messages[0]).not.toMatch(/Internal server error/);
      expect(await tableChecksums(t, TABLES)).toEqual(before);
    });

    it('a second company with a SIRET answers CONFLICT naming the company that has it', async () => {
      const before = await tableChecksums(t, TABLES);
      const f = await refused(TOKENS.crepi, 'createCompany', companyInput({ siret: '413 872 599 00019' }));
      expect(f).toMatchObject({ codes: ['CONFLICT'], fields: ['input.siret'] });
      expect(f.messages[0]).toContain(company);
      expect(await tableChecksums(t, TABLES)).toEqual(before);
    });

    it('two registrations of one SIRET at once: one company, the other CONFLICT on input.siret; two additions to a club: one membership', async () => {
      const input = companyInput();
      const outcomes = await Promise.all([0, 1].map(() => failure(t.server.url, TOKENS.admin, documentOf('createCompany'), { input }).catch(() => null)));
      expect(outcomes.filter((o) => o === null)).toHaveLength(1);
      expect(outcomes.find((o) => o !== null)).toMatchObject({ codes: ['CONFLICT'], fields: ['input.siret'] });
      const [created] = await sql<{ id: number }>(t, 'select id from company where siret = ?', [input.siret]);
      const companyId = globalIdOf('Company', created!.id);
      // The loser names the winner, whichever check stopped it (checkSiretFree or the unique index).
      expect(outcomes.find((o) => o !== null)!.messages[0]).toContain(companyId);
      const joins = await Promise.all([0, 1].map(() => failure(t.server.url, TOKENS.crepi, documentOf('addClubMember'), { input: { companyId, clubId: crepi } }).catch(() => null)));
      expect(joins.filter((o) => o === null)).toHaveLength(1);
      expect(joins.find((o) => o !== null)).toMatchObject({ codes: ['CONFLICT'], fields: ['input.companyId'] });
      const memberships = await sql(t, 'select 1 from company_membership where company_id = ?', [created!.id]);
      expect(memberships).toHaveLength(1);
    });

    it('an antenna cannot become the parent of its parent (no cycle)', async () => {
      const { structure: head } = await run(TOKENS.admin, 'createStructure', { name: 'PLIE Tête', kind: 'PLIE' });
      const { structure: antenna } = await run(TOKENS.admin, 'createStructure', { name: 'PLIE Antenne', kind: 'PLIE', parentId: head.id });
      const { structure: sub } = await run(TOKENS.admin, 'createStructure', { name: 'PLIE Sous-antenne', kind: 'PLIE', parentId: antenna.id });
      const before = await tableChecksums(t, TABLES);
      const f = await refused(TOKENS.admin, 'updateStructure', { structureId: head.id, parentId: sub.id });
      expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.parentId'] });
      expect(f.messages[0]).toMatch(/cycle/);
      expect(await tableChecksums(t, TABLES)).toEqual(before);
    });
  });

  describe('import-companies', () => {
    const ctx = () => ({ em: t.orm.em.fork(), logger: createLogger('silent') });

    /** The exit status of the last import (what `npm run cli -- import-companies` exits with). */
    let status: number | void;

    async function importFile(name: string, content: string, ...extra: string[]): Promise<string[]> {
      const file = path.join(scratch, name);
      await writeFile(file, content, 'utf8');
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        status = await importCompaniesCommand.run(['--club', crepi, '--csv', file, ...extra], ctx());
        return log.mock.calls.map((c) => String(c[0]).replace(file, name));
      } finally {
        log.mockRestore();
      }
    }

    it('imports good lines, makes known SIRETs members without duplicating them, and reports each rejected line by number', async () => {
      const [a, b, c] = [newSiret(), newSiret(), newSiret()];
      const [vignobles] = await sql<{ siret: string; id: number }>(t, 'select siret, id from company where id = ?', [keyOf(nonMember)]);
      const csv = [
        '\uFEFFsiret;name;naf_code;commune_code;address;joined_on',
        `${a};"Boulangerie ""Le Pétrin""";10.71C;93066;"12 rue de la République; bâtiment B";2024-05-01`,
        `${vignobles!.siret};Déjà enregistrée;;;;`,
        '41387259900019;Gros Œuvre de la Plaine;43.99C;93066;;',
        `${a};Boulangerie en double;10.71C;93066;;`,
        '12345678901234;SIRET faux;43.99C;93066;;',
        `${b};NAF inconnu;99.99Z;93066;;`,
        `${newSiret()};"Guillemet jamais fermé;43.99C;93066;;`,
        `${newSiret()};Trop de cellules;43.99C;93066;;;en trop`,
        '',
        `${c};Transports du Canal;49.41A;93066;;`,
      ].join('\n');
      const before = await sql<{ n: number }>(t, 'select count(*)::int as n from company');

      const report = await importFile('members.csv', csv);
      expect(status).toBe(1);

      expect(report).toEqual([
        expect.stringMatching(/^import-companies members\.csv into .*CRÉPI.* \(club \d+\): 2 created, 1 already registered and now members, 1 already members, 5 rejected$/),
        `  line 5: siret ${a} repeats line 2`,
        '  line 6: siret must be a SIRET: 14 digits passing the Luhn check',
        '  line 7: naf_code is not a subclass of the NAF rév. 2 nomenclature: 99.99Z',
        '  line 8: unreadable: a quote opens a cell and is never closed',
        '  line 9: unreadable: 7 cells where the header has 6 (a stray ";" or a missing cell?)',
      ]);
      const after = await sql<{ n: number }>(t, 'select count(*)::int as n from company');
      expect(after[0]!.n).toBe(before[0]!.n + 2);
      const rows = await sql<{ siret: string; name: string; address: string | null; since: string }>(
        t,
        `select c.siret, c.name, c.address, cm.since::text from company c join company_membership cm on cm.company_id = c.id
         where cm.structure_id = ? and c.siret in (?, ?, ?) order by c.siret`,
        [keyOf(crepi), a, c, vignobles!.siret],
      );
      expect(rows).toEqual(expect.arrayContaining([
        { siret: a, name: 'Boulangerie "Le Pétrin"', address: '12 rue de la République; bâtiment B', since: '2024-05-01' },
        { siret: c, name: 'Transports du Canal', address: null, since: todayInFrance() },
        // A known SIRET keeps its company as it was: the line only makes it a member.
        { siret: vignobles!.siret, name: expect.not.stringMatching('Déjà enregistrée'), address: expect.anything(), since: todayInFrance() },
      ]));
      expect(rows).toHaveLength(3);

      // Run again: idempotent on SIRET, nothing new.
      const checksums = await tableChecksums(t, ['company', 'company_membership']);
      const again = await importFile('members.csv', csv);
      expect(again[0]).toMatch(/: 0 created, 0 already registered and now members, 4 already members, 5 rejected$/);
      expect(await tableChecksums(t, ['company', 'company_membership'])).toEqual(checksums);
    });

    it('exits 0 when every line is accepted', async () => {
      const report = await importFile('clean.csv', `siret,name\n${newSiret()},Ligne sans reproche\n`);
      expect(report).toEqual([expect.stringMatching(/: 1 created, 0 already registered and now members, 0 already members, 0 rejected$/)]);
      expect(status).toBe(0);
    });

    it('writes nothing with --all-or-nothing when a line is rejected', async () => {
      const before = await tableChecksums(t, ['company', 'company_membership', 'audit_log']);
      const report = await importFile('strict.csv', `siret,name\n${newSiret()},Bonne ligne\n123,Mauvaise ligne\n`, '--all-or-nothing');
      expect(status).toBe(1);
      expect(report).toEqual([expect.stringMatching(/nothing written \(--all-or-nothing\): 1 line\(s\) rejected$/), '  line 3: siret must be a SIRET: 14 digits passing the Luhn check']);
      expect(await tableChecksums(t, ['company', 'company_membership', 'audit_log'])).toEqual(before);
    });

    it.each([
      ['a club that is not a CRÉPI', () => ['--club', plie, '--csv', path.join(scratch, 'members.csv')]],
      ['an unknown column', () => ['--club', crepi, '--csv', path.join(scratch, 'bad-header.csv')]],
      ['a missing file', () => ['--club', crepi, '--csv', path.join(scratch, 'nowhere.csv')]],
      ['no --club', () => ['--csv', path.join(scratch, 'members.csv')]],
    ])('refuses %s with a usage error, writing nothing', async (_case, args) => {
      await writeFile(path.join(scratch, 'bad-header.csv'), 'siret;name;couleur\n', 'utf8');
      const before = await tableChecksums(t, ['company', 'company_membership']);
      await expect(importCompaniesCommand.run(args(), ctx())).rejects.toBeInstanceOf(UsageError);
      expect(await tableChecksums(t, ['company', 'company_membership'])).toEqual(before);
    });
  });
});
