import { HostConfirmation } from '../../src/sessions/rules/host-confirmation';
import { SessionKind } from '../../src/sessions/rules/session-kind';
import { SessionStatus } from '../../src/sessions/rules/session-status';
import { StructureKind } from '../../src/network/rules/structure-kind';
import { addDays, Clock, DAY_MS, HOUR_MS, parisInstant } from './clock';
import type { CompanyPlan } from './companies';
import { defineCopyTable, type CopyRow } from './copy-writer';
import { pickWeighted, WeightedSampler } from './distributions';
import type { Geography, MetierSkew } from './geography';
import { streetAddress } from './names';
import type { Random } from './prng';
import type { CommuneRef, DepartementRef, MetierRef } from './reference';
import type { StructurePlan } from './structures';

/** What kinds of sessions a network runs, relative. */
const KIND_SHARES: Readonly<Record<SessionKind, number>> = {
  AMBASSADEURS_DES_METIERS: 30, COMPANY_VISIT: 25, INFORMATION_MEETING: 15, WORKSHOP: 12, JOB_DATING: 10, RALLYE: 8,
};

/** Which structures organise which kinds (weight multipliers; absent kinds: `other`). */
const ORGANISER_AFFINITY: Readonly<Record<SessionKind, { other: number } & Partial<Record<StructureKind, number>>>> = {
  AMBASSADEURS_DES_METIERS: { CREPI: 40, ML: 1, PLIE: 1, MDE: 1, FT: 0.5, other: 0.05 },
  COMPANY_VISIT: { PLIE: 4, ML: 3, CREPI: 3, FT: 2, MDE: 2, MFR: 2, ACI: 1, AI: 1, EI: 1, ETTI: 1, GEIQ: 1, other: 0.3 },
  RALLYE: { CREPI: 6, ML: 3, PLIE: 3, MDE: 2, FT: 1, other: 0.2 },
  JOB_DATING: { FT: 5, ETTI: 3, GEIQ: 3, ML: 2, PLIE: 2, MDE: 2, CREPI: 1, other: 0.2 },
  INFORMATION_MEETING: { FT: 3, ML: 3, E2C: 3, EPIDE: 3, MFR: 3, OF: 3, GEIQ: 2, PLIE: 2, other: 0.5 },
  WORKSHOP: { MFR: 4, OF: 4, ACI: 2, E2C: 2, ML: 2, PLIE: 2, CS: 2, other: 0.5 },
};

/** Share of sessions of a kind held at a company. */
const HOSTED_SHARE: Readonly<Record<SessionKind, number>> = {
  AMBASSADEURS_DES_METIERS: 1, COMPANY_VISIT: 0.98, RALLYE: 0.7, JOB_DATING: 0.8, INFORMATION_MEETING: 0.3, WORKSHOP: 0.5,
};

const CAPACITY: Readonly<Record<SessionKind, readonly [number, number]>> = {
  AMBASSADEURS_DES_METIERS: [5, 6], COMPANY_VISIT: [5, 15], RALLYE: [10, 40], JOB_DATING: [10, 50], INFORMATION_MEETING: [10, 30], WORKSHOP: [8, 12],
};

/** Paris wall-clock start and length in hours (a rallye runs over 1 to 3 days). */
const SLOTS: Readonly<Record<SessionKind, readonly (readonly [string, number])[]>> = {
  AMBASSADEURS_DES_METIERS: [['09:00', 3.5]],
  COMPANY_VISIT: [['09:30', 2.5], ['14:00', 2.5]],
  RALLYE: [['09:00', 8]],
  JOB_DATING: [['09:00', 3], ['14:00', 3]],
  INFORMATION_MEETING: [['10:00', 2], ['14:00', 2]],
  WORKSHOP: [['09:00', 3], ['14:00', 3]],
};

/** Past sessions: this share, over the last year; the rest over the next 400 days. */
export const PAST_SESSION_SHARE = 0.15;
const FUTURE_DAYS = 400;
const PAST_DAYS = 365;
const DRAFT_SHARE = 0.07;
const CANCELLED_SHARE = 0.04;

/** The state a session is generated in; PUBLISHED ones become FULL when their referrals take every seat. */
export type SessionBase = 'DRAFT' | 'OPEN' | 'PAST' | 'CANCELLED';

export interface SessionPlan {
  id: number;
  kind: SessionKind;
  title: string;
  description: string;
  organiser: StructurePlan;
  host: CompanyPlan | null;
  address: string | null;
  postalCode: string | null;
  commune: CommuneRef;
  startsAt: number;
  endsAt: number;
  capacity: number;
  minimumAge: number;
  base: SessionBase;
  publishedAt: number | null;
  createdAt: number;
  cancelAt: number | null;
  metiers: readonly MetierRef[];
  /** Relative number of referrals it attracts. */
  demand: number;
  /** Set by the referral simulation: seats held, final status, last change. */
  seatsTaken: number;
  status: SessionStatus;
  updatedAt: number;
}

export function planSessions(
  count: number,
  structures: readonly StructurePlan[],
  companies: readonly CompanyPlan[],
  geo: Geography,
  metiers: MetierSkew,
  clock: Clock,
  rng: Random,
): SessionPlan[] {
  const organisers = new OrganiserChooser(structures);
  const hosts = new HostChooser(companies);
  const plans: SessionPlan[] = [];
  for (let index = 0; index < count; index++) {
    const kind = pickWeighted(rng, KIND_SHARES);
    // Where first (the département skew), then who organises it there.
    const departement = geo.departement(rng);
    const organiser = organisers.choose(rng, kind, departement);
    const host = rng.chance(HOSTED_SHARE[kind]) ? hosts.choose(rng, organiser, departement) : null;
    const past = rng.chance(PAST_SESSION_SHARE);
    const day = Clock.workingDay(past ? addDays(clock.today, -rng.int(6, PAST_DAYS)) : addDays(clock.today, rng.int(1, FUTURE_DAYS)));
    const [time, hours] = rng.pick(SLOTS[kind]);
    const startsAt = parisInstant(day, time).getTime();
    const endsAt = kind === SessionKind.RALLYE ? parisInstant(addDays(day, rng.int(0, 2)), '17:00').getTime() : startsAt + hours * HOUR_MS;
    const [minCapacity, maxCapacity] = CAPACITY[kind];
    let base: SessionBase = past ? 'PAST' : 'OPEN';
    if (!past && rng.chance(DRAFT_SHARE)) base = 'DRAFT';
    else if (rng.chance(CANCELLED_SHARE)) base = 'CANCELLED';
    let publishedAt: number | null = null;
    let createdAt: number;
    let cancelAt: number | null = null;
    if (base === 'DRAFT') {
      createdAt = clock.nowMs - Math.floor(rng.between(0.05, 30) * DAY_MS);
    } else {
      publishedAt = past
        ? startsAt - Math.floor(rng.between(7, 60) * DAY_MS)
        : clock.nowMs - Math.floor(Math.min(180, 0.05 + rng.exponential(45)) * DAY_MS);
      createdAt = publishedAt - Math.floor(rng.between(0.02, 10) * DAY_MS);
      if (base === 'CANCELLED') {
        const latest = Math.min(startsAt, clock.nowMs) - HOUR_MS;
        if (latest - publishedAt > 2 * DAY_MS) cancelAt = publishedAt + DAY_MS + Math.floor(rng.next() * (latest - publishedAt - DAY_MS));
        else base = past ? 'PAST' : 'OPEN';
      }
    }
    const chosen = chooseMetiers(rng, metiers, host);
    // At the host company; else at the organiser's, or at an address of the département (createSession with a commune).
    const commune = host ? host.commune : organiser.departement.code === departement.code ? organiser.commune : geo.commune(rng, departement);
    const place = host ?? (commune === organiser.commune ? organiser : { address: streetAddress(rng), postalCode: commune.postalCodes.length === 1 ? commune.postalCodes[0]! : null, commune });
    const capacity = rng.int(minCapacity, maxCapacity);
    const hot = rng.chance(0.16);
    // Referrals arrive while the session is open to them: one published yesterday has had few so far.
    const openFor = base === 'DRAFT' ? 0 : ((cancelAt ?? Math.min(startsAt - DAY_MS, clock.nowMs)) - publishedAt!) / DAY_MS;
    plans.push({
      id: index + 1,
      kind,
      title: titleOf(kind, chosen[0]!, host, commune),
      description: descriptionOf(kind, chosen[0]!, host, commune),
      organiser,
      host,
      address: place.address,
      postalCode: place.postalCode,
      commune,
      startsAt,
      endsAt,
      capacity,
      minimumAge: (kind === SessionKind.JOB_DATING || kind === SessionKind.COMPANY_VISIT) && rng.chance(0.12) ? 18 : 16,
      base,
      publishedAt,
      createdAt,
      cancelAt,
      metiers: chosen,
      demand: base === 'DRAFT' ? 0 : capacity * (hot ? rng.between(1.6, 3) : rng.between(0.05, 0.75)) * Math.min(1, Math.max(0, openFor) / 30),
      seatsTaken: 0,
      status: base === 'DRAFT' ? SessionStatus.DRAFT : base === 'PAST' ? SessionStatus.COMPLETED : base === 'CANCELLED' ? SessionStatus.CANCELLED : SessionStatus.PUBLISHED,
      updatedAt: Math.max(createdAt, publishedAt ?? 0, cancelAt ?? 0),
    });
  }
  return plans;
}

/**
 * The organiser of a session in a département: a structure of that département, of a kind that runs such sessions
 * (a CRÉPI for Ambassadeurs des métiers...); structures elsewhere in the région weigh a tenth, so that a
 * département without a CRÉPI still gets Ambassadeurs sessions from its région's CRÉPI; the whole network if the
 * région has no structure at all.
 */
class OrganiserChooser {
  private readonly samplers = new Map<string, { list: StructurePlan[]; sampler: WeightedSampler }>();
  private readonly global = new Map<SessionKind, WeightedSampler>();

  constructor(private readonly structures: readonly StructurePlan[]) {}

  choose(rng: Random, kind: SessionKind, departement: DepartementRef): StructurePlan {
    const key = `${kind}:${departement.code}`;
    let entry = this.samplers.get(key);
    if (!entry) {
      const affinity = ORGANISER_AFFINITY[kind];
      const list = this.structures.filter((s) => s.departement.regionCode === departement.regionCode);
      const weights = list.map((s) => s.weight * (affinity[s.kind] ?? affinity.other) * (s.departement.code === departement.code ? 1 : 0.1));
      entry = { list, sampler: list.length > 0 ? new WeightedSampler(weights) : this.globalSampler(kind) };
      if (list.length === 0) entry.list = [...this.structures];
      this.samplers.set(key, entry);
    }
    return entry.list[entry.sampler.sample(rng)]!;
  }

  private globalSampler(kind: SessionKind): WeightedSampler {
    let sampler = this.global.get(kind);
    if (!sampler) {
      const affinity = ORGANISER_AFFINITY[kind];
      sampler = new WeightedSampler(this.structures.map((s) => s.weight * (affinity[s.kind] ?? affinity.other)));
      this.global.set(kind, sampler);
    }
    return sampler;
  }
}

/** Host companies where the session takes place: the organising CRÉPI's members first, else any company there. */
class HostChooser {
  private readonly byDepartement = new Map<string, { list: CompanyPlan[]; sampler: WeightedSampler }>();
  private readonly byCrepi = new Map<string, { list: CompanyPlan[]; sampler: WeightedSampler }>();
  private readonly byRegion = new Map<string, { list: CompanyPlan[]; sampler: WeightedSampler }>();

  constructor(companies: readonly CompanyPlan[]) {
    const group = <K>(key: (c: CompanyPlan) => K | null) => {
      const lists = new Map<K, CompanyPlan[]>();
      for (const c of companies) {
        const k = key(c);
        if (k === null) continue;
        lists.set(k, [...(lists.get(k) ?? []), c]);
      }
      return new Map([...lists].map(([k, list]) => [k, { list, sampler: new WeightedSampler(list.map((c) => c.activity)) }]));
    };
    for (const [k, v] of group((c) => c.departement.code)) this.byDepartement.set(k, v);
    for (const [k, v] of group((c) => (c.crepiId === null ? null : `${c.crepiId}:${c.departement.code}`))) this.byCrepi.set(k, v);
    for (const [k, v] of group((c) => c.departement.regionCode)) this.byRegion.set(k, v);
  }

  /** A company of `departement` (a member of the organising CRÉPI, mostly, when there is one), else of its région. */
  choose(rng: Random, organiser: StructurePlan, departement: DepartementRef): CompanyPlan | null {
    const members = organiser.kind === StructureKind.CREPI ? this.byCrepi.get(`${organiser.id}:${departement.code}`) : undefined;
    const group = (members && rng.chance(0.75) ? members : undefined)
      ?? this.byDepartement.get(departement.code)
      ?? this.byRegion.get(departement.regionCode);
    return group ? group.list[group.sampler.sample(rng)]! : null;
  }
}

function chooseMetiers(rng: Random, metiers: MetierSkew, host: CompanyPlan | null): MetierRef[] {
  const first = host ? rng.pick(host.trades) : metiers.metier(rng);
  const chosen = [first];
  const count = rng.chance(0.6) ? 1 : rng.chance(0.75) ? 2 : 3;
  for (let tries = 0; chosen.length < count && tries < 6; tries++) {
    const next = host && rng.chance(0.5) ? rng.pick(host.trades) : rng.chance(0.6) ? metiers.neighbour(rng, first) : metiers.metier(rng);
    if (!chosen.includes(next)) chosen.push(next);
  }
  return chosen;
}

/**
 * The masculine form of a ROME label, for titles: "Agent / Agente de nettoyage industriel" → "agent de nettoyage
 * industriel" (the words after the feminine form belong to both).
 */
export function shortLabel(metier: MetierRef): string {
  return masculine(metier.label).replace(/^./, (c) => c.toLowerCase());
}

export function masculine(label: string): string {
  const slash = label.indexOf(' / ');
  if (slash < 0) return label.trim();
  const male = label.slice(0, slash).trim();
  const rest = label.slice(slash + 3).trim().split(' ');
  const tail = rest.slice(male.split(' ').length).join(' ');
  return tail ? `${male} ${tail}` : male;
}

function titleOf(kind: SessionKind, metier: MetierRef, host: CompanyPlan | null, commune: CommuneRef): string {
  const m = shortLabel(metier);
  switch (kind) {
    case SessionKind.AMBASSADEURS_DES_METIERS: return `Ambassadeurs des métiers : ${m}${host ? ` chez ${host.name}` : ` à ${commune.name}`}`;
    case SessionKind.COMPANY_VISIT: return host ? `Visite d’entreprise : ${host.name} (${m})` : `Visite de chantier : ${m} à ${commune.name}`;
    case SessionKind.RALLYE: return `Rallye des métiers : ${m} et métiers voisins à ${commune.name}`;
    case SessionKind.JOB_DATING: return `Job dating ${m} à ${commune.name}`;
    case SessionKind.INFORMATION_MEETING: return `Réunion d’information : devenir ${m}`;
    case SessionKind.WORKSHOP: return `Atelier gestes du métier : ${m}`;
  }
}

function descriptionOf(kind: SessionKind, metier: MetierRef, host: CompanyPlan | null, commune: CommuneRef): string {
  const m = shortLabel(metier);
  switch (kind) {
    case SessionKind.AMBASSADEURS_DES_METIERS:
      return `Rendez-vous près de l’entreprise, visite avec les professionnels, puis débriefing en groupe de 5 ou 6. Chaque participant repart avec son passeport « ${m} ».`;
    case SessionKind.COMPANY_VISIT: return `Visite en petit groupe${host ? ` de ${host.name}` : ''} à ${commune.name}, échanges avec les équipes.`;
    case SessionKind.RALLYE: return `Circuit de plusieurs entreprises et ateliers autour du métier de ${m}.`;
    case SessionKind.JOB_DATING: return `Entretiens courts avec des employeurs qui recrutent (${m}). Venir avec un CV.`;
    case SessionKind.INFORMATION_MEETING: return `Présentation du métier de ${m}, des formations et des aides à l’embauche.`;
    case SessionKind.WORKSHOP: return `Atelier pratique : découvrir les gestes du métier de ${m} avec un professionnel.`;
  }
}

export const SESSION_TABLE = defineCopyTable('session', [
  'id', 'address', 'postal_code', 'commune_code', 'departement_code', 'latitude', 'longitude', 'kind', 'title', 'description', 'organiser_id',
  'host_company_id', 'host_confirmation', 'starts_at', 'ends_at', 'capacity', 'seats_taken', 'minimum_age', 'status', 'published_at', 'created_at', 'updated_at',
] as const);

export function* sessionRows(plans: readonly SessionPlan[]): Generator<CopyRow<(typeof SESSION_TABLE.columns)[number]>> {
  for (const s of plans) {
    yield {
      id: s.id, address: s.address, postal_code: s.postalCode, commune_code: s.commune.code, departement_code: s.commune.departementCode,
      latitude: s.commune.latitude, longitude: s.commune.longitude, kind: s.kind, title: s.title, description: s.description,
      organiser_id: s.organiser.id, host_company_id: s.host?.id ?? null,
      // A host confirmed every session it was named for, except the drafts it has not answered yet.
      host_confirmation: s.host === null ? HostConfirmation.NOT_REQUIRED : s.status === SessionStatus.DRAFT ? HostConfirmation.PENDING : HostConfirmation.CONFIRMED,
      starts_at: new Date(s.startsAt), ends_at: new Date(s.endsAt),
      capacity: s.capacity, seats_taken: s.seatsTaken, minimum_age: s.minimumAge, status: s.status,
      published_at: s.publishedAt === null ? null : new Date(s.publishedAt), created_at: new Date(s.createdAt), updated_at: new Date(s.updatedAt),
    };
  }
}

export const SESSION_METIER_TABLE = defineCopyTable('session_metier', ['session_id', 'metier_code'] as const);

export function* sessionMetierRows(plans: readonly SessionPlan[]): Generator<CopyRow<(typeof SESSION_METIER_TABLE.columns)[number]>> {
  for (const s of plans) for (const m of s.metiers) yield { session_id: s.id, metier_code: m.code };
}
