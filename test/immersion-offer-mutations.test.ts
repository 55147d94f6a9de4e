import { todayInFrance } from '../src/common/local-date';
import { createParticipants, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, listedIds, mutate, TOKENS } from './support/graphql';
import { tableChecksums, viewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;
let company: number;
let otherCompany: number;
let plie: number;

/** A calendar day `days` after today in France. */
const day = (days: number) => new Date(Date.parse(`${todayInFrance()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const OFFER_FIELDS = `
  id objective title description availableFrom availableUntil maxPresenceDays positions status publishedAt
  address postalCode latitude longitude commune { code } departement { code }
  company { id } metier { code } appellation { code }`;
const CREATE = `mutation($input: CreateImmersionOfferInput!) { createImmersionOffer(input: $input) { immersionOffer { ${OFFER_FIELDS} } } }`;
const PUBLISH = `mutation($input: ImmersionOfferIdInput!) { publishImmersionOffer(input: $input) { immersionOffer { ${OFFER_FIELDS} } } }`;
const CLOSE = `mutation($input: CloseImmersionOfferInput!) { closeImmersionOffer(input: $input) { immersionOffer { ${OFFER_FIELDS} } } }`;

interface OfferResult {
  id: string;
  objective: string;
  title: string;
  status: string;
  availableFrom: string;
  availableUntil: string;
  maxPresenceDays: number;
  positions: number;
  publishedAt: string | null;
  address: string | null;
  postalCode: string | null;
  latitude: number | null;
  longitude: number | null;
  commune: { code: string } | null;
  departement: { code: string } | null;
  company: { id: string };
  metier: { code: string };
  appellation: { code: number } | null;
}

const validInput = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  metierCode: 'F1701',
  appellationCode: 12680,
  objective: 'START_RECRUITMENT',
  title: 'Immersion avant embauche : coffreur bancheur / coffreuse bancheuse',
  availableFrom: day(0),
  availableUntil: day(60),
  maxPresenceDays: 10,
  positions: 2,
  ...extra,
});

const create = (token: string, extra: Record<string, unknown> = {}) => mutate<OfferResult>(t.client(token), CREATE, validInput(extra));
const publish = (token: string, immersionOfferId: string) => mutate<OfferResult>(t.client(token), PUBLISH, { immersionOfferId });
const close = (token: string, immersionOfferId: string, reason?: string) => mutate<OfferResult>(t.client(token), CLOSE, { immersionOfferId, reason });
const listedOfferIds = (token: string, companyId: number) =>
  listedIds(t.client(token), 'immersionOffers', 'ImmersionOfferFilter', { companies: [globalIdOf('Company', companyId)] });

beforeAll(async () => {
  t = await startTestServer();
  company = (await viewerIds(t, TOKENS.company)).companyId!;
  plie = (await viewerIds(t, TOKENS.plie)).structureId!;
  const { companies } = await t.client(TOKENS.portal).request<{ companies: { edges: { node: { id: string } }[] } }>('{ companies(first: 20) { edges { node { id } } } }');
  otherCompany = companies.edges.map((e) => keyOf(e.node.id)).find((id) => id !== company)!;
});
afterAll(async () => {
  await t?.stop();
});

describe('createImmersionOffer', () => {
  it('creates a DRAFT at the company’s address, visible to the company only', async () => {
    const offer = await create(TOKENS.company, { description: 'Deux semaines avec une équipe de banche.' });
    expect(offer).toMatchObject({
      status: 'DRAFT',
      objective: 'START_RECRUITMENT',
      availableFrom: day(0),
      availableUntil: day(60),
      maxPresenceDays: 10,
      positions: 2,
      publishedAt: null,
      address: '45 avenue du Président Wilson',
      postalCode: '93210',
      commune: { code: '93066' },
      departement: { code: '93' },
      company: { id: globalIdOf('Company', company) },
      metier: { code: 'F1701' },
      appellation: { code: 12680 },
    });
    expect(offer.latitude).not.toBeNull();
    expect(await listedOfferIds(TOKENS.company, company)).toContain(offer.id);
    expect(await listedOfferIds(TOKENS.portal, company)).not.toContain(offer.id);
  });

  it('places the immersion in another commune when given, and takes no appellation when none is named', async () => {
    const offer = await create(TOKENS.company, { communeCode: '93001', address: '8 rue de la Haie-Coq', appellationCode: null, metierCode: 'f1703', objective: 'DISCOVER_METIER' });
    expect(offer).toMatchObject({ address: '8 rue de la Haie-Coq', postalCode: '93300', commune: { code: '93001' }, departement: { code: '93' }, appellation: null, metier: { code: 'F1703' } });
  });

  it('lets a network admin create for a company it names, and only then', async () => {
    const offer = await create(TOKENS.admin, { companyId: globalIdOf('Company', otherCompany), metierCode: 'F1703', appellationCode: null });
    expect(offer.company.id).toBe(globalIdOf('Company', otherCompany));
    const f = await failure(t.server.url, TOKENS.admin, CREATE, { input: validInput() });
    expect(f).toMatchObject({ codes: ['FORBIDDEN'], fields: ['input.companyId'] });
  });

  it('creates one offer for the same idempotency key, and refuses the key with another input', async () => {
    const key = `offer-${Date.now()}`;
    const first = await create(TOKENS.company, { title: 'Immersion idempotente', idempotencyKey: key });
    const second = await create(TOKENS.company, { title: 'Immersion idempotente', idempotencyKey: key });
    expect(second.id).toBe(first.id);
    const [count] = await sql<{ n: string }>(t, `select count(*) n from immersion_offer where title = 'Immersion idempotente'`);
    expect(Number(count!.n)).toBe(1);
    const f = await failure(t.server.url, TOKENS.company, CREATE, { input: validInput({ title: 'Immersion idempotente', positions: 3, idempotencyKey: key }) });
    expect(f).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
  });
});

describe('publishImmersionOffer', () => {
  it('publishes a draft: PUBLISHED, listed for the portal, an event for subscribers; a second time is INVALID_TRANSITION', async () => {
    const draft = await create(TOKENS.company);
    const published = await publish(TOKENS.company, draft.id);
    expect(published.status).toBe('PUBLISHED');
    expect(Date.now() - Date.parse(published.publishedAt!)).toBeLessThan(60_000);
    expect(await listedOfferIds(TOKENS.portal, company)).toContain(draft.id);
    const [events] = await sql<{ n: string }>(t, `select count(*) n from event where type = 'IMMERSION_OFFER_PUBLISHED' and entity_id = ?`, [keyOf(draft.id)]);
    expect(Number(events!.n)).toBe(1);
    const f = await failure(t.server.url, TOKENS.company, PUBLISH, { input: { immersionOfferId: draft.id } });
    expect(f).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.immersionOfferId'] });
  });
});

describe('closeImmersionOffer', () => {
  const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id } } }';

  it('cancels pending and waitlisted referrals with OFFER_CLOSED, and keeps accepted immersions', async () => {
    const offer = await publish(TOKENS.company, (await create(TOKENS.company)).id);
    const referralIds: string[] = [];
    for (const p of await createParticipants(t, plie, 4)) {
      const data = await t.client(TOKENS.plie).request<{ referParticipant: { referral: { id: string } } }>(REFER, {
        input: { participantId: globalIdOf('Participant', p), immersionOfferId: offer.id, motive: 'Projet de coffreur à confirmer' },
      });
      referralIds.push(data.referParticipant.referral.id);
    }
    const [accepted, pending, waitlisted, refused] = referralIds as [string, string, string, string];
    await t.client(TOKENS.company).request('mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id } } }', { input: { referralId: accepted } });
    await t.client(TOKENS.company).request('mutation($input: RefuseReferralInput!) { refuseReferral(input: $input) { referral { id } } }', {
      input: { referralId: refused, reason: 'LACKING_SKILLS', sharedWithParticipant: false },
    });
    // Offers do not waitlist through the API today; the rule covers the status anyway.
    await sql(t, `update referral set status = 'WAITLISTED', waitlisted_at = now() where id = ?`, [keyOf(waitlisted)]);

    const closed = await close(TOKENS.company, offer.id, 'Poste pourvu');
    expect(closed.status).toBe('CLOSED');
    const rows = await sql<{ id: number; status: string; cancellation_reason: string | null; last_reason: string | null }>(
      t,
      `select r.id, r.status, r.cancellation_reason,
              (select x.reason from referral_transition x where x.referral_id = r.id order by x.id desc limit 1) last_reason
       from referral r where r.immersion_offer_id = ? order by r.id`,
      [keyOf(offer.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(keyOf(accepted))).toMatchObject({ status: 'ACCEPTED', cancellation_reason: null });
    expect(byId.get(keyOf(refused))).toMatchObject({ status: 'REFUSED' });
    for (const id of [pending, waitlisted]) {
      expect(byId.get(keyOf(id))).toMatchObject({ status: 'CANCELLED', cancellation_reason: 'OFFER_CLOSED', last_reason: 'OFFER_CLOSED: Poste pourvu' });
    }
    // Closed offers stay public (history), but take no referral.
    expect(await listedOfferIds(TOKENS.portal, company)).toContain(offer.id);
    const [participant] = await createParticipants(t, plie, 1);
    const f = await failure(t.server.url, TOKENS.plie, REFER, { input: { participantId: globalIdOf('Participant', participant!), immersionOfferId: offer.id, motive: 'trop tard' } });
    expect(f.codes).toEqual(['BAD_USER_INPUT']);

    const again = await failure(t.server.url, TOKENS.company, CLOSE, { input: { immersionOfferId: offer.id } });
    expect(again).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.immersionOfferId'] });
    const republish = await failure(t.server.url, TOKENS.company, PUBLISH, { input: { immersionOfferId: offer.id } });
    expect(republish).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.immersionOfferId'] });
  });
});

describe('authorization', () => {
  it('lets only the company’s staff (or a network admin) create, publish and close its offers; a draft of another is NOT_FOUND', async () => {
    const othersDraft = await create(TOKENS.admin, { companyId: globalIdOf('Company', otherCompany), metierCode: 'F1703', appellationCode: null });
    const othersPublished = await publish(TOKENS.admin, (await create(TOKENS.admin, { companyId: globalIdOf('Company', otherCompany), metierCode: 'F1703', appellationCode: null })).id);
    const ownDraft = await create(TOKENS.company);
    const TABLES = ['immersion_offer', 'referral', 'event'];
    const before = await tableChecksums(t, TABLES);
    expect((await failure(t.server.url, TOKENS.company, PUBLISH, { input: { immersionOfferId: othersDraft.id } })).codes).toEqual(['NOT_FOUND']);
    expect((await failure(t.server.url, TOKENS.company, CLOSE, { input: { immersionOfferId: othersDraft.id } })).codes).toEqual(['NOT_FOUND']);
    expect((await failure(t.server.url, TOKENS.company, CLOSE, { input: { immersionOfferId: othersPublished.id } })).codes).toEqual(['FORBIDDEN']);
    expect((await failure(t.server.url, TOKENS.company, CREATE, { input: validInput({ companyId: globalIdOf('Company', otherCompany) }) })).codes).toEqual(['FORBIDDEN']);
    for (const token of [TOKENS.crepi, TOKENS.plie, TOKENS.portal, TOKENS.participant]) {
      expect((await failure(t.server.url, token, CREATE, { input: validInput() })).codes).toEqual(['FORBIDDEN']);
      expect((await failure(t.server.url, token, PUBLISH, { input: { immersionOfferId: ownDraft.id } })).codes).toEqual(['NOT_FOUND']);
      expect((await failure(t.server.url, token, CLOSE, { input: { immersionOfferId: othersPublished.id } })).codes).toEqual(['FORBIDDEN']);
    }
    expect(await tableChecksums(t, TABLES)).toEqual(before);
    expect((await close(TOKENS.admin, othersPublished.id)).status).toBe('CLOSED');
  });
});

describe('bad input changes nothing', () => {
  const TABLES = ['immersion_offer', 'referral', 'referral_transition', 'idempotency_key', 'event'];

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a malformed ROME code', { metierCode: 'F17' }, 'BAD_USER_INPUT', 'input.metierCode'],
    ['an unknown ROME code', { metierCode: 'F9999', appellationCode: null }, 'BAD_USER_INPUT', 'input.metierCode'],
    ['an unknown appellation', { appellationCode: 99999999 }, 'BAD_USER_INPUT', 'input.appellationCode'],
    ['an appellation of another fiche', { appellationCode: 19619 }, 'BAD_USER_INPUT', 'input.appellationCode'],
    ['a negative appellation code', { appellationCode: -3 }, 'BAD_USER_INPUT', 'input.appellationCode'],
    ['an empty title', { title: '' }, 'BAD_USER_INPUT', 'input.title'],
    ['a window starting yesterday', { availableFrom: day(-1) }, 'BAD_USER_INPUT', 'input.availableFrom'],
    ['a window ending before it starts', { availableFrom: day(10), availableUntil: day(9) }, 'BAD_USER_INPUT', 'input.availableUntil'],
    ['a window over 365 days', { availableFrom: day(1), availableUntil: day(366) }, 'BAD_USER_INPUT', 'input.availableUntil'],
    ['no day of presence', { maxPresenceDays: 0 }, 'BAD_USER_INPUT', 'input.maxPresenceDays'],
    ['31 days of presence', { maxPresenceDays: 31 }, 'BAD_USER_INPUT', 'input.maxPresenceDays'],
    ['more days of presence than the window', { availableFrom: day(1), availableUntil: day(3), maxPresenceDays: 5 }, 'BAD_USER_INPUT', 'input.maxPresenceDays'],
    ['no position', { positions: 0 }, 'BAD_USER_INPUT', 'input.positions'],
    ['101 positions', { positions: 101 }, 'BAD_USER_INPUT', 'input.positions'],
    ['an unknown commune', { communeCode: '75056' }, 'BAD_USER_INPUT', 'input.communeCode'],
    ['an address without its commune', { address: '1 rue de Paris' }, 'BAD_USER_INPUT', 'input.communeCode'],
    ['a postal code of another commune', { communeCode: '93001', postalCode: '93200' }, 'BAD_USER_INPUT', 'input.postalCode'],
    ['a malformed company id', { companyId: 'Q29tcGFueTp4' }, 'BAD_USER_INPUT', 'input.companyId'],
    ['a bad idempotency key', { idempotencyKey: 'x'.repeat(129) }, 'BAD_USER_INPUT', 'input.idempotencyKey'],
  ])('createImmersionOffer with %s', async (_what, extra, code, field) => {
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.company, CREATE, { input: validInput(extra) });
    expect(f.codes).toEqual([code]);
    expect(f.fields).toEqual([field]);
    expect(f.messages[0]).toContain(field);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('createImmersionOffer bounds the window to two years ahead (a year 2999 is a typo): BAD_USER_INPUT naming the field', async () => {
    const before = await tableChecksums(t, TABLES);
    for (const [extra, field] of [
      [{ availableFrom: '2999-01-04', availableUntil: '2999-02-04' }, 'input.availableFrom'],
      [{ availableFrom: day(735), availableUntil: day(760) }, 'input.availableFrom'],
      [{ availableFrom: day(700), availableUntil: day(760) }, 'input.availableUntil'],
    ] as const) {
      const f = await failure(t.server.url, TOKENS.company, CREATE, { input: validInput(extra) });
      expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: [field] });
      expect(f.messages[0]).toMatch(new RegExp(`^${field.replace('.', '\\.')} must be at most 2 years ahead \\(on or before \\d{4}-\\d{2}-\\d{2}\\)$`));
    }
    expect(await tableChecksums(t, TABLES)).toEqual(before);
    // Just inside the horizon is a plan.
    expect(await create(TOKENS.company, { availableFrom: day(700), availableUntil: day(725) })).toMatchObject({ status: 'DRAFT', availableUntil: day(725) });
  });

  it('createImmersionOffer for an unknown company (network admin)', async () => {
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.admin, CREATE, { input: validInput({ companyId: globalIdOf('Company', 999999) }) });
    expect(f).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.companyId'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('createImmersionOffer with dates GraphQL itself refuses', async () => {
    const before = await tableChecksums(t, TABLES);
    for (const extra of [{ availableFrom: '2027-02-30' }, { availableUntil: 'soon' }, { objective: 'GET_A_JOB' }]) {
      const f = await failure(t.server.url, TOKENS.company, CREATE, { input: validInput(extra) });
      expect(f.codes).toEqual(['BAD_USER_INPUT']);
      expect(f.messages[0]).toContain(Object.keys(extra)[0]);
    }
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  describe('publishImmersionOffer and closeImmersionOffer', () => {
    let draft: string;
    let published: string;
    let expired: string;
    beforeAll(async () => {
      draft = (await create(TOKENS.company)).id;
      published = (await publish(TOKENS.company, (await create(TOKENS.company)).id)).id;
      expired = (await create(TOKENS.company)).id;
      await sql(t, `update immersion_offer set available_from = current_date - 30, available_until = current_date - 2 where id = ?`, [keyOf(expired)]);
    });

    it.each<[string, 'publish' | 'close', () => Record<string, unknown>, string, string]>([
      ['publishImmersionOffer of an unknown offer', 'publish', () => ({ immersionOfferId: globalIdOf('ImmersionOffer', 999999) }), 'NOT_FOUND', 'input.immersionOfferId'],
      ['publishImmersionOffer of a malformed id', 'publish', () => ({ immersionOfferId: '' }), 'BAD_USER_INPUT', 'input.immersionOfferId'],
      ['publishImmersionOffer of a session id', 'publish', () => ({ immersionOfferId: globalIdOf('Session', 1) }), 'BAD_USER_INPUT', 'input.immersionOfferId'],
      ['publishImmersionOffer of a published offer', 'publish', () => ({ immersionOfferId: published }), 'INVALID_TRANSITION', 'input.immersionOfferId'],
      ['publishImmersionOffer of an offer whose window is over', 'publish', () => ({ immersionOfferId: expired }), 'BAD_USER_INPUT', 'input.immersionOfferId'],
      ['closeImmersionOffer of an unknown offer', 'close', () => ({ immersionOfferId: globalIdOf('ImmersionOffer', 999999) }), 'NOT_FOUND', 'input.immersionOfferId'],
      ['closeImmersionOffer of a draft', 'close', () => ({ immersionOfferId: draft }), 'INVALID_TRANSITION', 'input.immersionOfferId'],
      ['closeImmersionOffer with a reason over 2,000 characters', 'close', () => ({ immersionOfferId: published, reason: 'x'.repeat(2001) }), 'BAD_USER_INPUT', 'input.reason'],
    ])('%s', async (_what, mutation, input, code, field) => {
      const before = await tableChecksums(t, TABLES);
      const f = await failure(t.server.url, TOKENS.company, mutation === 'publish' ? PUBLISH : CLOSE, { input: input() });
      expect(f.codes).toEqual([code]);
      expect(f.fields).toEqual([field]);
      expect(await tableChecksums(t, TABLES)).toEqual(before);
    });
  });
});
