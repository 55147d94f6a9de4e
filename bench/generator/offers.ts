import { ImmersionObjective } from '../../src/offers/rules/immersion-objective';
import { OfferStatus } from '../../src/offers/rules/offer-status';
import { addDays, DAY_MS, HOUR_MS, type Clock } from './clock';
import type { CompanyPlan } from './companies';
import { defineCopyTable, type CopyRow } from './copy-writer';
import { pickWeighted, WeightedSampler } from './distributions';
import type { Geography, MetierSkew } from './geography';
import { streetAddress } from './names';
import type { Random } from './prng';
import type { AppellationRef, CommuneRef, MetierRef } from './reference';
import { masculine, shortLabel } from './sessions';

const OBJECTIVE_SHARES: Readonly<Record<ImmersionObjective, number>> = { DISCOVER_METIER: 45, CONFIRM_PROJECT: 35, START_RECRUITMENT: 20 };
const OBJECTIVE_TITLES: Readonly<Record<ImmersionObjective, string>> = {
  DISCOVER_METIER: 'Découvrir le métier',
  CONFIRM_PROJECT: 'Confirmer son projet',
  START_RECRUITMENT: 'Immersion avant recrutement',
};
const OBJECTIVE_SENTENCES: Readonly<Record<ImmersionObjective, string>> = {
  DISCOVER_METIER: 'Objectif : découvrir un métier ou un secteur d’activité. Ce n’est pas une offre d’emploi.',
  CONFIRM_PROJECT: 'Objectif : confirmer un projet professionnel et valider des compétences. Ce n’est pas une offre d’emploi.',
  START_RECRUITMENT: 'Objectif : initier une démarche de recrutement, à l’issue de l’immersion.',
};
const POSITIONS: Readonly<Record<string, number>> = { '1': 45, '2': 25, '3': 12, '4': 7, '5': 5, '8': 4, '10': 2 };

export interface OfferPlan {
  id: number;
  company: CompanyPlan;
  metier: MetierRef;
  appellation: AppellationRef | null;
  objective: ImmersionObjective;
  title: string;
  description: string;
  address: string | null;
  postalCode: string | null;
  commune: CommuneRef;
  availableFrom: string;
  availableUntil: string;
  maxPresenceDays: number;
  positions: number;
  status: OfferStatus;
  publishedAt: number | null;
  createdAt: number;
  closedAt: number | null;
  demand: number;
}

export function planOffers(count: number, companies: readonly CompanyPlan[], geo: Geography, metiers: MetierSkew, clock: Clock, rng: Random): OfferPlan[] {
  const byActivity = new WeightedSampler(companies.map((c) => c.activity));
  const plans: OfferPlan[] = [];
  for (let index = 0; index < count; index++) {
    const company = companies[byActivity.sample(rng)]!;
    const metier = rng.chance(0.8) ? rng.pick(company.trades) : metiers.metier(rng);
    const appellation = metier.appellations.length > 0 && rng.chance(0.7) ? rng.pick(metier.appellations) : null;
    const objective = pickWeighted(rng, OBJECTIVE_SHARES);
    const elsewhere = rng.chance(0.15);
    const commune = elsewhere ? geo.commune(rng, company.departement) : company.commune;
    const draft = rng.chance(0.1);
    const fromOffset = draft ? rng.int(1, 120) : rng.int(-200, 120);
    const availableFrom = addDays(clock.today, fromOffset);
    const windowDays = rng.int(30, 365);
    const availableUntil = addDays(availableFrom, windowDays - 1);
    const fromMs = Date.parse(`${availableFrom}T08:00:00Z`);
    const untilMs = Date.parse(`${availableUntil}T20:00:00Z`);
    let status: OfferStatus = draft ? OfferStatus.DRAFT : OfferStatus.PUBLISHED;
    // Created on or before the first day (the hub refuses a window that starts in the past), published soon after.
    const createdAt = fromOffset > 0 ? clock.nowMs - Math.floor(rng.between(0.05, Math.min(45, fromOffset)) * DAY_MS) : fromMs - Math.floor(rng.between(1, 30) * DAY_MS);
    const publishedAt = draft ? null : Math.min(createdAt + Math.floor(rng.between(0.05, 3) * DAY_MS), clock.nowMs - HOUR_MS);
    let closedAt: number | null = null;
    if (publishedAt !== null && (untilMs < clock.nowMs || rng.chance(0.06))) {
      const latest = Math.min(clock.nowMs - HOUR_MS, untilMs + 10 * DAY_MS);
      if (latest - publishedAt > 2 * DAY_MS) {
        status = OfferStatus.CLOSED;
        closedAt = publishedAt + DAY_MS + Math.floor(rng.next() * (latest - publishedAt - DAY_MS));
      }
    }
    const label = appellation ? masculine(appellation.label) : shortLabel(metier);
    const positions = Number(pickWeighted(rng, POSITIONS));
    const maxPresenceDays = Math.min(windowDays, rng.int(5, 30));
    plans.push({
      id: index + 1,
      company,
      metier,
      appellation,
      objective,
      title: `${OBJECTIVE_TITLES[objective]} : ${label}`,
      description: `PMSMP de ${maxPresenceDays} jours de présence au plus chez ${company.name} (${commune.name}). ${OBJECTIVE_SENTENCES[objective]}`,
      address: elsewhere ? streetAddress(rng) : company.address,
      postalCode: elsewhere ? (commune.postalCodes.length === 1 ? commune.postalCodes[0]! : null) : company.postalCode,
      commune,
      availableFrom,
      availableUntil,
      maxPresenceDays,
      positions,
      status,
      publishedAt,
      createdAt,
      closedAt,
      demand: status === OfferStatus.DRAFT ? 0 : positions ** 0.7 * rng.between(0.3, 2),
    });
  }
  return plans;
}

export const OFFER_TABLE = defineCopyTable('immersion_offer', [
  'id', 'address', 'postal_code', 'commune_code', 'departement_code', 'latitude', 'longitude', 'company_id', 'metier_code', 'appellation_code',
  'objective', 'title', 'description', 'available_from', 'available_until', 'max_presence_days', 'positions', 'status', 'published_at',
  'created_at', 'updated_at',
] as const);

export function* offerRows(plans: readonly OfferPlan[]): Generator<CopyRow<(typeof OFFER_TABLE.columns)[number]>> {
  for (const o of plans) {
    yield {
      id: o.id, address: o.address, postal_code: o.postalCode, commune_code: o.commune.code, departement_code: o.commune.departementCode,
      latitude: o.commune.latitude, longitude: o.commune.longitude, company_id: o.company.id, metier_code: o.metier.code,
      appellation_code: o.appellation?.code ?? null, objective: o.objective, title: o.title, description: o.description,
      available_from: o.availableFrom, available_until: o.availableUntil, max_presence_days: o.maxPresenceDays, positions: o.positions,
      status: o.status, published_at: o.publishedAt === null ? null : new Date(o.publishedAt), created_at: new Date(o.createdAt),
      updated_at: new Date(Math.max(o.createdAt, o.publishedAt ?? 0, o.closedAt ?? 0)),
    };
  }
}
