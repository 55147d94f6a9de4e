import { todayInFrance } from '../src/common/local-date';
import { globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { tableChecksums, viewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;
/** Global ids: the demo company (a CRÉPI member), its CRÉPI, the PLIE, a CRÉPI member and a non-member. */
let company: string;
let crepi: string;
let plie: string;
let otherMember: string;
let nonMember: string;
/** Commitments the refusal tests start from (they change nothing, so these stay as made). */
let proposed: string;
let signed: string;
let withdrawn: string;
let withoutAnimator: string;
let endedProposal: string;
let hubMeasured: string;
let othersSigned: string;

/** Tables a refused mutation must leave as they were. */
const TABLES = ['commitment', 'idempotency_key'] as const;

/** A calendar day `days` after today in France. */
const day = (days: number) => new Date(Date.parse(`${todayInFrance()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const thisYear = Number(todayInFrance().slice(0, 4));

const FIELDS = `id axis pledge measure target declaredProgress periodStart periodEnd status signedAt publicPartners conventionSignedOn
  company { id } animator { id } progress { achieved target ratio }`;

const INPUT_TYPES = {
  proposeCommitment: 'ProposeCommitmentInput',
  signCommitment: 'SignCommitmentInput',
  recordCommitmentProgress: 'RecordCommitmentProgressInput',
  withdrawCommitment: 'WithdrawCommitmentInput',
} as const;
type MutationName = keyof typeof INPUT_TYPES;

interface CommitmentResult {
  id: string;
  measure: string;
  target: number;
  declaredProgress: number;
  periodStart: string;
  periodEnd: string;
  status: string;
  signedAt: string | null;
  publicPartners: string[];
  conventionSignedOn: string | null;
  company: { id: string };
  animator: { id: string } | null;
  progress: { achieved: number; target: number; ratio: number };
}

const mutationOf = (name: MutationName) => `mutation($input: ${INPUT_TYPES[name]}!) { ${name}(input: $input) { commitment { ${FIELDS} } } }`;

async function mutate(token: string, name: MutationName, input: Record<string, unknown>): Promise<CommitmentResult> {
  const data = await t.client(token).request<Record<MutationName, { commitment: CommitmentResult }>>(mutationOf(name), { input });
  return data[name].commitment;
}

function refused(token: string, name: MutationName, input: Record<string, unknown>) {
  return failure(t.server.url, token, mutationOf(name), { input });
}

const proposal = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  axis: 'RECRUTER',
  pledge: 'Recruter deux habitants des quartiers prioritaires de Plaine Commune en CDI de chantier.',
  measure: 'HIRES',
  target: 2,
  periodStart: day(-10),
  periodEnd: day(355),
  ...extra,
});

const PARTNERS = ['Préfecture de la Seine-Saint-Denis', 'Plaine Commune'];
const signature = (commitmentId: string, extra: Record<string, unknown> = {}) => ({ commitmentId, publicPartners: PARTNERS, conventionSignedOn: day(0), ...extra });

/** The company proposes with its CRÉPI; the CRÉPI signs when asked to. */
async function proposeWithCrepi(extra: Record<string, unknown> = {}, sign = false): Promise<CommitmentResult> {
  const commitment = await mutate(TOKENS.company, 'proposeCommitment', proposal({ animatorId: crepi, ...extra }));
  return sign ? mutate(TOKENS.crepi, 'signCommitment', signature(commitment.id)) : commitment;
}

async function statusOf(id: string): Promise<{ read: string; stored: string }> {
  const { node } = await t.client(TOKENS.portal).request<{ node: { status: string } }>('query($id: ID!) { node(id: $id) { ... on Commitment { status } } }', { id });
  const [row] = await sql<{ status: string }>(t, 'select status from commitment where id = ?', [keyOf(id)]);
  return { read: node.status, stored: row!.status };
}

async function listedIds(statuses: string[]): Promise<string[]> {
  const data = await t.client(TOKENS.portal).request<{ commitments: { edges: { node: { id: string } }[] } }>(
    'query($filter: CommitmentFilter) { commitments(filter: $filter, first: 100) { edges { node { id } } } }',
    { filter: { companies: [company], statuses } },
  );
  return data.commitments.edges.map((e) => e.node.id);
}

/** A commitment written straight to the table, for states the API does not reach today (a period already over). */
async function insertCommitment(status: string, periodStart: string, periodEnd: string): Promise<string> {
  const [row] = await sql<{ id: number }>(
    t,
    `insert into commitment (company_id, animator_id, axis, pledge, measure, target, period_start, period_end, status, signed_at, public_partners, convention_signed_on)
     values (?, ?, 'FORMER', 'Accueillir un apprenti maçon.', 'APPRENTICES', 1, ?, ?, ?, case when ? = 'SIGNED' then now() end, '{}', case when ? = 'SIGNED' then ?::date end)
     returning id`,
    [keyOf(company), keyOf(crepi), periodStart, periodEnd, status, status, status, periodStart],
  );
  return globalIdOf('Commitment', row!.id);
}

beforeAll(async () => {
  t = await startTestServer();
  const [companyIds, crepiIds, plieIds] = await Promise.all([viewerIds(t, TOKENS.company), viewerIds(t, TOKENS.crepi), viewerIds(t, TOKENS.plie)]);
  company = globalIdOf('Company', companyIds.companyId!);
  crepi = globalIdOf('Structure', crepiIds.structureId!);
  plie = globalIdOf('Structure', plieIds.structureId!);
  const { companies } = await t.client(TOKENS.portal).request<{ companies: { edges: { node: { id: string; memberOf: { id: string }[] } }[] } }>(
    '{ companies(first: 50) { edges { node { id memberOf { id } } } } }',
  );
  const others = companies.edges.map((e) => e.node).filter((c) => c.id !== company);
  otherMember = others.find((c) => c.memberOf.some((s) => s.id === crepi))!.id;
  nonMember = others.find((c) => c.memberOf.length === 0)!.id;
  const { commitments } = await t.client(TOKENS.portal).request<{ commitments: { edges: { node: { id: string; status: string; measure: string; company: { id: string } } }[] } }>(
    '{ commitments(first: 50) { edges { node { id status measure company { id } } } } }',
  );
  const demo = commitments.edges.map((e) => e.node);
  hubMeasured = demo.find((c) => c.company.id === company && c.measure === 'SESSIONS_HOSTED' && c.status === 'SIGNED')!.id;
  othersSigned = demo.find((c) => c.company.id !== company && c.status === 'SIGNED')!.id;

  proposed = (await proposeWithCrepi()).id;
  signed = (await proposeWithCrepi({}, true)).id;
  withdrawn = (await mutate(TOKENS.company, 'withdrawCommitment', { commitmentId: (await proposeWithCrepi()).id })).id;
  // Before issue 9 a company could propose without an animator: such rows exist, and nobody can sign them.
  withoutAnimator = (await mutate(TOKENS.company, 'proposeCommitment', proposal())).id;
  await sql(t, 'update commitment set animator_id = null where id = ?', [keyOf(withoutAnimator)]);
  endedProposal = await insertCommitment('PROPOSED', day(-400), day(-35));
});
afterAll(async () => {
  await t?.stop();
});

describe('a PAQTE commitment from proposal to fulfilment', () => {
  it('is proposed by the company, signed by its CRÉPI, then fulfilled by declared progress', async () => {
    const commitment = await proposeWithCrepi();
    expect(commitment).toMatchObject({
      status: 'PROPOSED', measure: 'HIRES', target: 2, declaredProgress: 0, periodStart: day(-10), periodEnd: day(355),
      signedAt: null, publicPartners: [], conventionSignedOn: null, company: { id: company }, animator: { id: crepi },
      progress: { achieved: 0, target: 2, ratio: 0 },
    });

    const before = Date.now();
    const signedNow = await mutate(TOKENS.crepi, 'signCommitment', signature(commitment.id, { publicPartners: ['  Préfecture de la Seine-Saint-Denis ', 'Plaine Commune'], conventionSignedOn: day(-3) }));
    expect(signedNow).toMatchObject({ status: 'SIGNED', publicPartners: PARTNERS, conventionSignedOn: day(-3) });
    expect(Date.parse(signedNow.signedAt!)).toBeGreaterThanOrEqual(before - 1000);

    const halfway = await mutate(TOKENS.company, 'recordCommitmentProgress', { commitmentId: commitment.id, declaredProgress: 1 });
    expect(halfway).toMatchObject({ status: 'SIGNED', declaredProgress: 1, progress: { achieved: 1, target: 2, ratio: 0.5 } });

    // The animator may declare too; reaching the target fulfils the commitment, stored as such.
    const done = await mutate(TOKENS.crepi, 'recordCommitmentProgress', { commitmentId: commitment.id, declaredProgress: 3 });
    expect(done).toMatchObject({ status: 'FULFILLED', declaredProgress: 3, progress: { achieved: 3, target: 2, ratio: 1 } });
    expect(await statusOf(commitment.id)).toEqual({ read: 'FULFILLED', stored: 'FULFILLED' });
    expect(await listedIds(['FULFILLED'])).toContain(commitment.id);
    expect(await listedIds(['SIGNED'])).not.toContain(commitment.id);
  });

  it('lets a CRÉPI propose for a member company, animating it itself', async () => {
    const commitment = await mutate(TOKENS.crepi, 'proposeCommitment', proposal({ companyId: otherMember }));
    expect(commitment).toMatchObject({ status: 'PROPOSED', company: { id: otherMember }, animator: { id: crepi } });
  });

  it('lets a network admin propose naming both the company and the animator, and sign', async () => {
    const commitment = await mutate(TOKENS.admin, 'proposeCommitment', proposal({ companyId: nonMember, animatorId: crepi }));
    expect(commitment).toMatchObject({ status: 'PROPOSED', company: { id: nonMember }, animator: { id: crepi } });
    expect(await mutate(TOKENS.admin, 'signCommitment', signature(commitment.id))).toMatchObject({ status: 'SIGNED' });
    // Without an animator, the company's CRÉPI animates; a company in no CRÉPI needs one named.
    expect(await mutate(TOKENS.admin, 'proposeCommitment', proposal({ companyId: otherMember }))).toMatchObject({ animator: { id: crepi } });
    const f = await refused(TOKENS.admin, 'proposeCommitment', proposal({ companyId: nonMember }));
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.animatorId'] });
  });

  it('takes a period of exactly five years', async () => {
    const commitment = await mutate(TOKENS.company, 'proposeCommitment', proposal({ periodStart: `${thisYear}-01-15`, periodEnd: `${thisYear + 5}-01-15` }));
    expect(commitment).toMatchObject({ status: 'PROPOSED', periodEnd: `${thisYear + 5}-01-15` });
  });

  it('counts the sessions the company hosted in the period for SESSIONS_HOSTED, and reads FULFILLED once they meet the target', async () => {
    const periodStart = day(-100);
    const periodEnd = day(300);
    const { sessions } = await t.client(TOKENS.portal).request<{ sessions: { edges: { node: { startsAt: string } }[] } }>(
      'query($filter: SessionFilter) { sessions(filter: $filter, first: 100) { edges { node { startsAt } } } }',
      { filter: { hostCompanies: [company], statuses: ['PUBLISHED', 'FULL', 'COMPLETED'] } },
    );
    const hosted = sessions.edges.filter((e) => e.node.startsAt.slice(0, 10) >= periodStart && e.node.startsAt.slice(0, 10) <= periodEnd).length;
    expect(hosted).toBeGreaterThan(0);
    const hub = { axis: 'SENSIBILISER', pledge: 'Accueillir des sessions Ambassadeurs des métiers.', measure: 'SESSIONS_HOSTED', periodStart, periodEnd };

    const ongoing = await proposeWithCrepi({ ...hub, target: hosted + 1 }, true);
    expect(ongoing).toMatchObject({ status: 'SIGNED', progress: { achieved: hosted, target: hosted + 1 } });

    const met = await proposeWithCrepi({ ...hub, target: hosted }, true);
    expect(met).toMatchObject({ status: 'FULFILLED', declaredProgress: 0, progress: { achieved: hosted, target: hosted, ratio: 1 } });
    // Nobody recorded it: the status is derived from what the hub measured, the same in lists, filters and node(id).
    expect(await statusOf(met.id)).toEqual({ read: 'FULFILLED', stored: 'SIGNED' });
    expect(await listedIds(['FULFILLED'])).toEqual(expect.arrayContaining([met.id]));
    expect(await listedIds(['SIGNED'])).toEqual(expect.arrayContaining([ongoing.id]));
    expect(await listedIds(['SIGNED'])).not.toContain(met.id);

    // Fulfilled is final; the one still under way may be withdrawn.
    expect(await refused(TOKENS.company, 'withdrawCommitment', { commitmentId: met.id })).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.commitmentId'] });
    expect(await mutate(TOKENS.company, 'withdrawCommitment', { commitmentId: ongoing.id })).toMatchObject({ status: 'WITHDRAWN' });
  });

  it('reads a signed commitment whose period ended short of its target as LAPSED, which is final', async () => {
    const lapsed = await insertCommitment('SIGNED', day(-400), day(-1));
    expect(await statusOf(lapsed)).toEqual({ read: 'LAPSED', stored: 'SIGNED' });
    expect(await listedIds(['LAPSED'])).toEqual([lapsed]);
    expect(await listedIds(['SIGNED'])).not.toContain(lapsed);
    const before = await tableChecksums(t, TABLES);
    expect(await refused(TOKENS.company, 'recordCommitmentProgress', { commitmentId: lapsed, declaredProgress: 1 })).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.commitmentId'] });
    expect(await refused(TOKENS.company, 'withdrawCommitment', { commitmentId: lapsed })).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.commitmentId'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('is withdrawn by the company while proposed, or by its animator once signed', async () => {
    const byCompany = await proposeWithCrepi();
    expect(await mutate(TOKENS.company, 'withdrawCommitment', { commitmentId: byCompany.id, reason: 'Chantier reporté' })).toMatchObject({ status: 'WITHDRAWN' });
    const byAnimator = await proposeWithCrepi({}, true);
    expect(await mutate(TOKENS.crepi, 'withdrawCommitment', { commitmentId: byAnimator.id })).toMatchObject({ status: 'WITHDRAWN' });
  });

  it('signs once when two signatures arrive at the same time', async () => {
    const commitment = await proposeWithCrepi();
    const outcomes = await Promise.allSettled([0, 1].map(() => mutate(TOKENS.crepi, 'signCommitment', signature(commitment.id))));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await statusOf(commitment.id)).toEqual({ read: 'SIGNED', stored: 'SIGNED' });
  });
});

describe('the animator of a proposal (issue 9)', () => {
  it('defaults to the company’s CRÉPI when the company names none, so that the CRÉPI can sign it', async () => {
    const commitment = await mutate(TOKENS.company, 'proposeCommitment', proposal());
    expect(commitment).toMatchObject({ status: 'PROPOSED', animator: { id: crepi } });
    const [row] = await sql<{ animator_id: number | null }>(t, 'select animator_id from commitment where id = ?', [keyOf(commitment.id)]);
    expect(row!.animator_id).toBe(keyOf(crepi));
    expect(await mutate(TOKENS.crepi, 'signCommitment', signature(commitment.id))).toMatchObject({ status: 'SIGNED', animator: { id: crepi } });
  });

  it('must be named when the company is a member of no CRÉPI, or of several: BAD_USER_INPUT on input.animatorId, nothing created', async () => {
    const before = await tableChecksums(t, TABLES);
    const none = await refused(TOKENS.admin, 'proposeCommitment', proposal({ companyId: nonMember }));
    expect(none).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.animatorId'] });
    expect(none.messages[0]).toMatch(/^input\.animatorId is required: .+ is a member of no CRÉPI; name the CRÉPI that animates the commitment/);

    const [second] = await sql<{ id: number }>(t, `insert into structure (name, kind, can_prescribe) values ('CRÉPI Test Voisin', 'CREPI', false) returning id`);
    const [membership] = await sql<{ id: number }>(t, 'insert into company_membership (company_id, structure_id) values (?, ?) returning id', [keyOf(company), second!.id]);
    try {
      const several = await refused(TOKENS.company, 'proposeCommitment', proposal());
      expect(several).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.animatorId'] });
      expect(several.messages[0]).toContain('is a member of several CRÉPI');
      expect(several.messages[0]).toContain('CRÉPI Test Voisin');
      expect(await tableChecksums(t, TABLES)).toEqual(before);
      // Naming one of them is enough.
      expect(await mutate(TOKENS.company, 'proposeCommitment', proposal({ animatorId: crepi }))).toMatchObject({ animator: { id: crepi } });
    } finally {
      await sql(t, 'delete from company_membership where id = ?', [membership!.id]);
      await sql(t, 'delete from structure where id = ?', [second!.id]);
    }
  });
});

describe('idempotency', () => {
  it('creates one commitment for the same key, and refuses the key with another input', async () => {
    const key = `commitment-${Date.now()}`;
    const pledge = 'Accueillir trois classes de 3e en stage d’observation.';
    const first = await mutate(TOKENS.company, 'proposeCommitment', proposal({ pledge, idempotencyKey: key }));
    const second = await mutate(TOKENS.company, 'proposeCommitment', proposal({ pledge, idempotencyKey: key }));
    expect(second.id).toBe(first.id);
    const [row] = await sql<{ n: string }>(t, 'select count(*) n from commitment where pledge = ?', [pledge]);
    expect(Number(row!.n)).toBe(1);
    const f = await refused(TOKENS.company, 'proposeCommitment', proposal({ pledge, target: 3, idempotencyKey: key }));
    expect(f).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
  });
});

describe('refusals change nothing', () => {
  it.each<[string, () => Record<string, unknown>, string, string]>([
    ['an empty pledge', () => ({ pledge: '  ' }), 'BAD_USER_INPUT', 'input.pledge'],
    ['a pledge over 2,000 characters', () => ({ pledge: 'x'.repeat(2001) }), 'BAD_USER_INPUT', 'input.pledge'],
    ['a target of 0', () => ({ target: 0 }), 'BAD_USER_INPUT', 'input.target'],
    ['a target over 1,000,000,000', () => ({ target: 1_000_000_001 }), 'BAD_USER_INPUT', 'input.target'],
    ['a period ending before it starts', () => ({ periodStart: day(10), periodEnd: day(9) }), 'BAD_USER_INPUT', 'input.periodEnd'],
    ['a period over five years', () => ({ periodStart: `${thisYear}-01-15`, periodEnd: `${thisYear + 5}-01-16` }), 'BAD_USER_INPUT', 'input.periodEnd'],
    ['a period already over', () => ({ periodStart: day(-30), periodEnd: day(-1) }), 'BAD_USER_INPUT', 'input.periodEnd'],
    ['an animator that is not a CRÉPI', () => ({ animatorId: plie }), 'BAD_USER_INPUT', 'input.animatorId'],
    ['an unknown animator', () => ({ animatorId: globalIdOf('Structure', 999999) }), 'NOT_FOUND', 'input.animatorId'],
    ['a malformed animator id', () => ({ animatorId: 'not-an-id' }), 'BAD_USER_INPUT', 'input.animatorId'],
    ['a structure id as company', () => ({ companyId: crepi }), 'BAD_USER_INPUT', 'input.companyId'],
    ['a bad idempotency key', () => ({ idempotencyKey: 'with space' }), 'BAD_USER_INPUT', 'input.idempotencyKey'],
  ])('proposeCommitment with %s', async (_what, extra, code, field) => {
    const before = await tableChecksums(t, TABLES);
    const f = await refused(TOKENS.company, 'proposeCommitment', proposal(extra()));
    expect(f.codes).toEqual([code]);
    expect(f.fields).toEqual([field]);
    expect(f.messages[0]).toContain(field);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it.each<[string, MutationName, () => Record<string, unknown>, string, string, string | null]>([
    ['signCommitment naming no public partner', 'signCommitment', () => signature(proposed, { publicPartners: [] }), 'BAD_USER_INPUT', 'input.publicPartners', null],
    ['signCommitment naming six public partners', 'signCommitment', () => signature(proposed, { publicPartners: ['A', 'B', 'C', 'D', 'E', 'F'] }), 'BAD_USER_INPUT', 'input.publicPartners', null],
    ['signCommitment naming a blank partner', 'signCommitment', () => signature(proposed, { publicPartners: ['Plaine Commune', ' '] }), 'BAD_USER_INPUT', 'input.publicPartners.1', null],
    ['signCommitment naming a partner twice', 'signCommitment', () => signature(proposed, { publicPartners: ['Plaine Commune', 'plaine commune'] }), 'BAD_USER_INPUT', 'input.publicPartners', null],
    ['signCommitment with a convention signed tomorrow', 'signCommitment', () => signature(proposed, { conventionSignedOn: day(1) }), 'BAD_USER_INPUT', 'input.conventionSignedOn', null],
    ['signCommitment of an unknown commitment', 'signCommitment', () => signature(globalIdOf('Commitment', 999999)), 'NOT_FOUND', 'input.commitmentId', null],
    ['signCommitment of a malformed id', 'signCommitment', () => signature('%%%'), 'BAD_USER_INPUT', 'input.commitmentId', null],
    ['signCommitment of a company id', 'signCommitment', () => signature(company), 'BAD_USER_INPUT', 'input.commitmentId', null],
    ['signCommitment of a commitment without an animator', 'signCommitment', () => signature(withoutAnimator), 'BAD_USER_INPUT', 'input.commitmentId', 'without an animator'],
    ['signCommitment of a proposal whose period is over', 'signCommitment', () => signature(endedProposal), 'BAD_USER_INPUT', 'input.commitmentId', 'period ended'],
    ['signCommitment twice', 'signCommitment', () => signature(signed), 'INVALID_TRANSITION', 'input.commitmentId', 'from SIGNED to SIGNED'],
    ['signCommitment of a withdrawn commitment', 'signCommitment', () => signature(withdrawn), 'INVALID_TRANSITION', 'input.commitmentId', 'from WITHDRAWN to SIGNED'],
    ['recordCommitmentProgress below 0', 'recordCommitmentProgress', () => ({ commitmentId: signed, declaredProgress: -1 }), 'BAD_USER_INPUT', 'input.declaredProgress', null],
    ['recordCommitmentProgress over 1,000,000,000', 'recordCommitmentProgress', () => ({ commitmentId: signed, declaredProgress: 1_000_000_001 }), 'BAD_USER_INPUT', 'input.declaredProgress', null],
    ['recordCommitmentProgress on a measure the hub counts', 'recordCommitmentProgress', () => ({ commitmentId: hubMeasured, declaredProgress: 6 }), 'BAD_USER_INPUT', 'input.commitmentId', 'is measured by the hub'],
    ['recordCommitmentProgress on a proposal', 'recordCommitmentProgress', () => ({ commitmentId: proposed, declaredProgress: 1 }), 'INVALID_TRANSITION', 'input.commitmentId', 'PROPOSED'],
    ['recordCommitmentProgress on a withdrawn commitment', 'recordCommitmentProgress', () => ({ commitmentId: withdrawn, declaredProgress: 1 }), 'INVALID_TRANSITION', 'input.commitmentId', 'is WITHDRAWN'],
    ['withdrawCommitment with a reason over 2,000 characters', 'withdrawCommitment', () => ({ commitmentId: proposed, reason: 'x'.repeat(2001) }), 'BAD_USER_INPUT', 'input.reason', null],
    ['withdrawCommitment of a withdrawn commitment', 'withdrawCommitment', () => ({ commitmentId: withdrawn }), 'INVALID_TRANSITION', 'input.commitmentId', 'from WITHDRAWN to WITHDRAWN'],
    ['withdrawCommitment of an unknown commitment', 'withdrawCommitment', () => ({ commitmentId: globalIdOf('Commitment', 999999) }), 'NOT_FOUND', 'input.commitmentId', null],
  ])('%s', async (_what, name, input, code, field, message) => {
    const before = await tableChecksums(t, TABLES);
    // The party entitled to act (the animator signs, the company declares and withdraws): only the input is wrong.
    const f = await refused(name === 'signCommitment' ? TOKENS.crepi : TOKENS.company, name, input());
    expect(f.codes).toEqual([code]);
    expect(f.fields).toEqual([field]);
    expect(f.messages[0]).toContain(message ?? field);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });
});

describe('authorization', () => {
  it.each<[string, keyof typeof TOKENS, MutationName, () => Record<string, unknown>, string | null]>([
    ['a company proposing for another company', 'company', 'proposeCommitment', () => proposal({ companyId: otherMember }), null],
    ['a company declaring progress on another company’s commitment', 'company', 'recordCommitmentProgress', () => ({ commitmentId: othersSigned, declaredProgress: 1 }), null],
    ['a company withdrawing another company’s commitment', 'company', 'withdrawCommitment', () => ({ commitmentId: othersSigned }), null],
    ['a company signing its own commitment (its CRÉPI signs)', 'company', 'signCommitment', () => signature(proposed), null],
    ['a PLIE counsellor proposing for a company', 'plie', 'proposeCommitment', () => proposal({ companyId: company }), null],
    ['a PLIE counsellor signing', 'plie', 'signCommitment', () => signature(proposed), null],
    ['a PLIE counsellor declaring progress', 'plie', 'recordCommitmentProgress', () => ({ commitmentId: signed, declaredProgress: 1 }), null],
    ['a PLIE counsellor withdrawing', 'plie', 'withdrawCommitment', () => ({ commitmentId: proposed }), null],
    ['the portal proposing', 'portal', 'proposeCommitment', () => proposal({ companyId: company }), null],
    ['the portal signing for its CRÉPI', 'portal', 'signCommitment', () => signature(proposed), null],
    ['the portal declaring progress', 'portal', 'recordCommitmentProgress', () => ({ commitmentId: signed, declaredProgress: 1 }), null],
    ['the portal withdrawing', 'portal', 'withdrawCommitment', () => ({ commitmentId: proposed }), null],
    ['a participant proposing', 'participant', 'proposeCommitment', () => proposal({ companyId: company }), null],
    ['a CRÉPI proposing for a company that is not its member', 'crepi', 'proposeCommitment', () => proposal({ companyId: nonMember }), 'input.companyId'],
    ['a CRÉPI proposing with another animator', 'crepi', 'proposeCommitment', () => proposal({ companyId: company, animatorId: plie }), 'input.animatorId'],
    ['a CRÉPI proposing without naming the company', 'crepi', 'proposeCommitment', () => proposal(), 'input.companyId'],
  ])('refuses %s', async (_what, who, name, input, field) => {
    const before = await tableChecksums(t, TABLES);
    const f = await refused(TOKENS[who], name, input());
    expect(f.codes).toEqual(['FORBIDDEN']);
    expect(f.fields).toEqual([field ?? undefined]);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });
});
