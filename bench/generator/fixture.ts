import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientBase } from 'pg';
import { toGlobalId, type NodeTypeName } from '../../src/graphql/global-id';
import { OfferStatus } from '../../src/offers/rules/offer-status';
import { DAY_MS, type Clock } from './clock';
import { apportion } from './distributions';
import type { CompanyPlan } from './companies';
import { HOT_DEPARTEMENTS } from './geography';
import type { OfferPlan } from './offers';
import type { Participants } from './participants';
import type { Random } from './prng';
import type { Reference } from './reference';
import type { SessionPlan } from './sessions';
import type { StructurePlan } from './structures';
import type { IssuedBenchToken, TokenIssuer } from './tokens';

/** W2: radius of the near search, and the fewest published offers of a domaine within it for a point to qualify. */
export const W2_RADIUS_KM = 20;
const W2_MIN_OFFERS = 20;
/** Below this, a point is not worth a near search at all. */
const W2_FLOOR = 3;
const W2_POINTS = 50;
/** W1: the window portals ask for, from a week after the reference now. */
const W1_FROM_DAYS = 7;
const W1_WINDOW_DAYS = 60;
const W3_IDS = 1000;
/** W4: per prescriber, participants it may refer and sessions to refer them to. */
const W4_PARTICIPANTS = 200;
const W4_TARGETS = 40;
/** W4 sessions start at least this long after the reference now (the hub refuses referrals to started sessions). */
const W4_MIN_LEAD_DAYS = 3;
const W4_MIN_SEATS_LEFT = 4;
/** W4 prescribers follow at least this many participants (when the database has such structures). */
const W4_MIN_FOLLOWED = 50;

export interface TokenRef {
  secret: string;
  accountId: number;
  tokenId: number;
}

function tokenRef(t: IssuedBenchToken): TokenRef {
  return { secret: t.secret, accountId: t.accountId, tokenId: t.tokenId };
}

export interface World {
  reference: Reference;
  structures: readonly StructurePlan[];
  companies: readonly CompanyPlan[];
  participants: Participants;
  sessions: readonly SessionPlan[];
  offers: readonly OfferPlan[];
  commitments: number;
  referrals: number;
  accounts: number;
  networkAdminId: number;
  portalByStructure: ReadonlyMap<number, number>;
}

export interface GlobalIdRef {
  type: NodeTypeName;
  key: number | string;
  id: string;
}

function ref(type: NodeTypeName, key: number | string): GlobalIdRef {
  return { type, key, id: toGlobalId(type, key) };
}

/** W1: for the hot départements, published sessions with seats left starting in the window. */
async function w1(client: ClientBase, clock: Clock) {
  const startsFrom = new Date(Date.parse(`${clock.today}T00:00:00Z`) + W1_FROM_DAYS * DAY_MS);
  const startsBefore = new Date(startsFrom.getTime() + W1_WINDOW_DAYS * DAY_MS);
  const rows = (
    await client.query<{ departement_code: string; sessions: number }>(
      `select departement_code, count(*)::int as sessions from session
       where status = 'PUBLISHED' and seats_taken < capacity and starts_at >= $1 and starts_at < $2
       group by departement_code order by count(*) desc, departement_code limit 12`,
      [startsFrom, startsBefore],
    )
  ).rows;
  const hot = rows.filter((r) => (HOT_DEPARTEMENTS as readonly string[]).includes(r.departement_code));
  const best = hot[0] ?? rows[0];
  return {
    departementCode: best?.departement_code ?? HOT_DEPARTEMENTS[0],
    startsFrom: startsFrom.toISOString(),
    startsBefore: startsBefore.toISOString(),
    sessionsWithSeatsLeft: best?.sessions ?? 0,
    byDepartement: rows.map((r) => ({ departementCode: r.departement_code, sessionsWithSeatsLeft: r.sessions })),
  };
}

/**
 * W2: points (centres of real communes with offers) and ROME domaines with at least 20 published offers within
 * 20 km, by the same great-circle distance the hub computes; a few domaines per point, many points.
 */
async function w2(client: ClientBase) {
  const rows = (
    await client.query<{ code: string; name: string; departement_code: string; latitude: number; longitude: number; domaine: string; offers: number }>(
      `with candidates as (
         select c.code, c.name, c.departement_code, c.latitude, c.longitude,
                row_number() over (partition by c.departement_code order by count(*) desc, c.code) as rank_in_departement,
                count(*) as offers
         from immersion_offer o join commune c on c.code = o.commune_code
         where o.status = 'PUBLISHED' and c.latitude is not null
         group by c.code
       ), points as (
         select * from candidates where rank_in_departement <= 3 order by offers desc, code limit 150
       )
       select p.code, p.name, p.departement_code, p.latitude, p.longitude, left(o.metier_code, 3) as domaine, count(*)::int as offers
       from points p
       join immersion_offer o on o.status = 'PUBLISHED'
         and o.latitude between p.latitude - $1::float8 / 111.2 and p.latitude + $1::float8 / 111.2
         and o.longitude between p.longitude - $1::float8 / (111.2 * cos(radians(p.latitude))) and p.longitude + $1::float8 / (111.2 * cos(radians(p.latitude)))
         and 2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(o.latitude - p.latitude) / 2), 2)
             + cos(radians(p.latitude)) * cos(radians(o.latitude)) * power(sin(radians(o.longitude - p.longitude) / 2), 2)))) <= $1::float8
       group by p.code, p.name, p.departement_code, p.latitude, p.longitude, left(o.metier_code, 3)
       having count(*) >= $2::int
       order by count(*) desc, p.code, domaine`,
      [W2_RADIUS_KM, W2_FLOOR],
    )
  ).rows;
  // Points with at least 20 offers of the domaine; on a small database (--scale 0.05), the best there are.
  const enough = rows.filter((r) => r.offers >= W2_MIN_OFFERS);
  const usable = enough.length >= 10 ? enough : rows;
  // Busiest first, but at most two domaines per point and a few points per domaine (more if needed), so that the
  // sample is neither all Paris nor all cleaning jobs.
  const picked: typeof rows = [];
  const chosen = new Set<(typeof rows)[number]>();
  for (const perDomaine of [4, 8, 16, Infinity]) {
    const points = new Map<string, number>();
    const domaines = new Map<string, number>();
    for (const r of picked) {
      points.set(r.code, (points.get(r.code) ?? 0) + 1);
      domaines.set(r.domaine, (domaines.get(r.domaine) ?? 0) + 1);
    }
    for (const r of usable) {
      if (picked.length >= W2_POINTS) break;
      if (chosen.has(r) || (points.get(r.code) ?? 0) >= 2 || (domaines.get(r.domaine) ?? 0) >= perDomaine) continue;
      picked.push(r);
      chosen.add(r);
      points.set(r.code, (points.get(r.code) ?? 0) + 1);
      domaines.set(r.domaine, (domaines.get(r.domaine) ?? 0) + 1);
    }
  }
  return {
    radiusKm: W2_RADIUS_KM,
    minOffers: W2_MIN_OFFERS,
    note: enough.length >= 10 ? `every point has at least ${W2_MIN_OFFERS} published offers of its domaine within ${W2_RADIUS_KM} km` : `small database: fewer than 10 points reach ${W2_MIN_OFFERS} offers, these are the best (see publishedOffersWithin)`,
    points: picked.map((r) => ({
      communeCode: r.code, communeName: r.name, departementCode: r.departement_code, latitude: r.latitude, longitude: r.longitude,
      romeCode: r.domaine, publishedOffersWithin: r.offers,
    })),
  };
}

/** W3: global ids of mixed types; `ids` are public (any token reads them), `adminIds` add people and referrals. */
function w3(world: World, rng: Random) {
  const { reference } = world;
  const publicSessions = world.sessions.filter((s) => s.base !== 'DRAFT').map((s) => s.id);
  const publicOffers = world.offers.filter((o) => o.status !== OfferStatus.DRAFT).map((o) => o.id);
  const communes = reference.departements.flatMap((d) => d.communes.slice(0, 50).map((c) => c.code));
  const appellations = reference.metiers.flatMap((m) => m.appellations.map((a) => a.code));
  const draw = (mix: Record<string, number>): GlobalIdRef[] => {
    const out: GlobalIdRef[] = [];
    const types = Object.entries(mix);
    const total = types.reduce((s, [, w]) => s + w, 0);
    for (let i = 0; i < W3_IDS; i++) {
      let r = rng.next() * total;
      let type = types[0]![0];
      for (const [t, w] of types) {
        r -= w;
        if (r < 0) {
          type = t;
          break;
        }
      }
      switch (type) {
        case 'Session': out.push(ref('Session', rng.pick(publicSessions))); break;
        case 'ImmersionOffer': out.push(ref('ImmersionOffer', rng.pick(publicOffers))); break;
        case 'Company': out.push(ref('Company', rng.int(1, world.companies.length))); break;
        case 'Structure': out.push(ref('Structure', rng.int(1, world.structures.length))); break;
        case 'Metier': out.push(ref('Metier', rng.pick(reference.metiers).code)); break;
        case 'Commitment': out.push(ref('Commitment', rng.int(1, Math.max(1, world.commitments)))); break;
        case 'Commune': out.push(ref('Commune', rng.pick(communes))); break;
        case 'Appellation': out.push(ref('Appellation', rng.pick(appellations))); break;
        case 'Participant': out.push(ref('Participant', rng.int(1, world.participants.count))); break;
        case 'Referral': out.push(ref('Referral', rng.int(1, Math.max(1, world.referrals)))); break;
        case 'Account': out.push(ref('Account', rng.int(1, world.accounts))); break;
        default: throw new Error(type);
      }
    }
    return out;
  };
  const publicMix = { Session: 25, ImmersionOffer: 20, Company: 15, Structure: 10, Metier: 10, Commitment: 8, Commune: 7, Appellation: 5 };
  return {
    note: 'ids: types any valid token may read (drafts excluded); adminIds: also participants, referrals and accounts (network admin token)',
    ids: draw(publicMix),
    adminIds: draw({ ...publicMix, Participant: 12, Referral: 12, Account: 5 }),
  };
}

/**
 * W4: prescribers (counsellors of busy prescribing structures of every kind), each with participants it
 * follows and sessions with seats left that none of them is referred to, with the token of the organiser's staff
 * that accepts referrals to each session (README: acceptReferral is for the organising structure).
 */
async function w4(client: ClientBase, clock: Clock, count: number, issuer: TokenIssuer) {
  const followers = (
    await client.query<{ id: number; kind: string; name: string; departement_code: string; region_code: string; participants: number }>(
      `select st.id, st.kind, st.name, st.departement_code, d.region_code, count(p.id)::int as participants
       from structure st join participant p on p.referent_structure_id = st.id and p.erased_at is null
       join departement d on d.code = st.departement_code
       where st.can_prescribe group by st.id, d.region_code order by count(p.id) desc, st.id`,
    )
  ).rows;
  if (followers.length === 0) throw new Error('W4: no prescriber structure follows anyone');
  // Prescribers of each kind in proportion to the people that kind follows (France Travail and missions locales
  // first, then PLIE, SIAE, Cap emploi...), the busiest structures of each, among those following enough people to
  // keep a client busy; then the busiest others if a kind runs short.
  const busy = followers.filter((f) => f.participants >= Math.min(W4_MIN_FOLLOWED, followers[0]!.participants));
  const byKind = new Map<string, typeof busy>();
  for (const f of busy) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
  const kinds = [...byKind.keys()];
  const seats = apportion(Math.min(count, busy.length), kinds.map((k) => byKind.get(k)!.reduce((sum, f) => sum + f.participants, 0)));
  const structures = kinds.flatMap((k, i) => byKind.get(k)!.slice(0, seats[i]!));
  for (const f of busy) if (structures.length < Math.min(count, busy.length) && !structures.includes(f)) structures.push(f);
  structures.sort((a, b) => b.participants - a.participants || a.id - b.id);
  const sessions = (
    await client.query<{ id: number; organiser_id: number; seats_left: number; departement_code: string; region_code: string; starts_at: Date }>(
      `select s.id, s.organiser_id, s.capacity - s.seats_taken as seats_left, s.departement_code, d.region_code, s.starts_at
       from session s join departement d on d.code = s.departement_code
       where s.status = 'PUBLISHED' and s.starts_at > $1 and s.minimum_age <= 16 and s.capacity - s.seats_taken >= $2
       order by s.id`,
      [new Date(clock.nowMs + W4_MIN_LEAD_DAYS * DAY_MS), W4_MIN_SEATS_LEFT],
    )
  ).rows;
  const used = new Set<number>();
  const organisers: Record<string, TokenRef> = {};
  const prescribers = [];
  for (let i = 0; i < count; i++) {
    const structure = structures[i % structures.length]!;
    const round = Math.floor(i / structures.length);
    const staff = (
      await client.query<{ id: number }>(`select id from account where structure_id = $1 and role = 'STRUCTURE_STAFF' order by id`, [structure.id])
    ).rows;
    const accountId = staff[round % staff.length]!.id;
    const token = await issuer.issue(`prescriber:${structure.id}:${accountId}`, accountId);
    const participantIds = (
      await client.query<{ id: number }>(
        `select id from participant where referent_structure_id = $1 and erased_at is null order by id limit $2`,
        [structure.id, W4_PARTICIPANTS],
      )
    ).rows.map((r) => r.id);
    // Sessions of its région first, then any; none that one of its participants is referred to; no session twice.
    const free = sessions.filter((s) => !used.has(s.id));
    const ordered = [...free.filter((s) => s.region_code === structure.region_code), ...free.filter((s) => s.region_code !== structure.region_code)];
    const candidates = ordered.slice(0, W4_TARGETS * 3);
    const referred = new Set(
      (
        await client.query<{ session_id: number }>(
          `select distinct session_id from referral where participant_id = any($1::int[]) and session_id = any($2::int[])`,
          [participantIds, candidates.map((s) => s.id)],
        )
      ).rows.map((r) => r.session_id),
    );
    const targets = [];
    for (const s of candidates) {
      if (targets.length >= W4_TARGETS) break;
      if (referred.has(s.id)) continue;
      used.add(s.id);
      const organiserStaff = (
        await client.query<{ id: number }>(
          `select id from account where structure_id = $1 and role in ('STRUCTURE_STAFF', 'STRUCTURE_ADMIN') order by role desc, id limit 1`,
          [s.organiser_id],
        )
      ).rows[0]!;
      const accept = await issuer.issue(`organiser:${s.organiser_id}`, organiserStaff.id);
      organisers[s.organiser_id] = tokenRef(accept);
      targets.push({
        sessionId: s.id, sessionGlobalId: toGlobalId('Session', s.id), organiserId: s.organiser_id, seatsLeft: s.seats_left,
        startsAt: s.starts_at.toISOString(), acceptToken: accept.secret, acceptAccountId: accept.accountId,
      });
    }
    prescribers.push({
      token: token.secret,
      accountId,
      structureId: structure.id,
      structureName: structure.name,
      structureKind: structure.kind,
      departementCode: structure.departement_code,
      participantIds,
      participantGlobalIds: participantIds.map((id) => toGlobalId('Participant', id)),
      targets,
    });
  }
  return {
    note: 'each prescriber refers its participants (participantGlobalIds) to its targets (disjoint across prescribers), then acceptToken accepts',
    prescribers,
    organisers,
  };
}

export interface FixtureInput {
  world: World;
  client: ClientBase;
  clock: Clock;
  issuer: TokenIssuer;
  rng: Random;
  prescribers: number;
  meta: Record<string, unknown>;
  counts: Record<string, number>;
}

/** Issues the workloads' tokens and computes their parameters from the generated database. */
export async function buildFixture(input: FixtureInput): Promise<Record<string, unknown>> {
  const { world, client, clock, issuer } = input;
  const admin = await issuer.issue('network-admin', world.networkAdminId);
  const [portalStructure, portalAccount] = [...world.portalByStructure.entries()].sort((a, b) => a[0] - b[0])[0]!;
  const portal = await issuer.issue(`portal:${portalStructure}`, portalAccount);
  // A company admin of the company hosting the most sessions, and a participant with an account.
  const busiest = (
    await client.query<{ id: number }>(
      `select a.id from session s join account a on a.company_id = s.host_company_id and a.role = 'COMPANY_ADMIN'
       group by a.id order by count(*) desc, a.id limit 1`,
    )
  ).rows[0];
  const companyAdmin = busiest ? await issuer.issue('company-admin', busiest.id) : null;
  const someone = (await client.query<{ id: number }>(`select id from account where role = 'PARTICIPANT' order by id limit 1`)).rows[0];
  const participant = someone ? await issuer.issue('participant', someone.id) : null;
  const { organisers, ...w4Part } = await w4(client, clock, input.prescribers, issuer);
  return {
    ...input.meta,
    counts: input.counts,
    server: {
      note: 'start the hub on this database with these settings for the benchmarks (rate limit off; expiry and retention jobs off so that nothing moves under the workloads)',
      env: { RELAIS_SEED_DEMO: 'false', RELAIS_RATE_LIMIT: '0', RELAIS_EXPIRY_INTERVAL_MS: '0', RELAIS_RETENTION_INTERVAL_MS: '0' },
    },
    tokens: {
      networkAdmin: tokenRef(admin),
      portal: { ...tokenRef(portal), structureId: portalStructure },
      companyAdmin: companyAdmin ? tokenRef(companyAdmin) : null,
      participant: participant ? tokenRef(participant) : null,
      prescribers: w4Part.prescribers.map((p) => ({ secret: p.token, accountId: p.accountId, structureId: p.structureId })),
      organisers,
      issued: issuer.count,
    },
    w1: await w1(client, clock),
    w2: await w2(client),
    w3: w3(world, input.rng),
    w4: w4Part,
  };
}

export async function writeFixture(file: string, fixture: Record<string, unknown>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(fixture, null, 2)}\n`, 'utf8');
}
