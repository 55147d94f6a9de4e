import type { EntityManager } from '@mikro-orm/postgresql';
import { Company, ImmersionOffer } from '../../src/db/entities';
import { MAX_IMMERSION_PRESENCE_DAYS } from '../../src/offers/entities/immersion-offer';
import { ImmersionObjective } from '../../src/offers/rules/immersion-objective';
import { OfferStatus } from '../../src/offers/rules/offer-status';
import { addDays, shiftDays, type Clock } from './calendar';
import { DEMO_COMPANIES, type CompanyKey } from './companies';
import { mapSeeds } from './keyed';
import { DEMO_METIERS, type DemoAppellationCode, type DemoRomeCode } from './rome';
import type { DemoReference } from './reference';

export interface OfferSeed {
  company: CompanyKey;
  metier: DemoRomeCode;
  appellation: DemoAppellationCode;
  objective: ImmersionObjective;
  /** Says the objective plainly: people otherwise read an immersion as a job offer. */
  title: string;
  description: string;
  /** Availability window, in days from the seed day. */
  availableFromDay: number;
  availableUntilDay: number;
  maxPresenceDays: number;
  positions: number;
  status: OfferStatus;
  /** Days before the seed the offer was published (drafts have none). */
  publishedDaysAgo?: number;
}

/** PMSMP offers: every objective, mostly published, one draft and one closed after it found its recruit. */
export const DEMO_OFFERS = {
  coffreurRecrutement: {
    company: 'grosOeuvrePlaine', metier: 'F1701', appellation: 12680, objective: ImmersionObjective.START_RECRUITMENT,
    title: 'Immersion avant embauche : coffreur bancheur / coffreuse bancheuse',
    description: 'Initier un recrutement : deux semaines avec une équipe de banche sur un chantier de logements à Saint-Denis. Un CDI de chantier est possible à l’issue.',
    availableFromDay: -14, availableUntilDay: 90, maxPresenceDays: 10, positions: 2, status: OfferStatus.PUBLISHED, publishedDaysAgo: 16,
  },
  pierreDecouverte: {
    company: 'ateliersPierreAubervilliers', metier: 'F1612', appellation: 19619, objective: ImmersionObjective.DISCOVER_METIER,
    title: 'Découvrir le métier de tailleur / tailleuse de pierre',
    description: 'Découvrir un métier : une semaine à l’atelier, du bloc brut à la pièce moulurée. Ce n’est pas une offre d’emploi.',
    availableFromDay: 0, availableUntilDay: 120, maxPresenceDays: 5, positions: 2, status: OfferStatus.PUBLISHED, publishedDaysAgo: 10,
  },
  busConfirmation: {
    company: 'transportsEstFrancilien', metier: 'N4103', appellation: 12896, objective: ImmersionObjective.CONFIRM_PROJECT,
    title: 'Confirmer son projet de conducteur / conductrice de bus',
    description: 'Confirmer un projet professionnel avant le financement du permis D : deux semaines en double avec un conducteur formateur.',
    availableFromDay: 7, availableUntilDay: 180, maxPresenceDays: 10, positions: 3, status: OfferStatus.PUBLISHED, publishedDaysAgo: 5,
  },
  vigneConfirmation: {
    company: 'vignoblesTertreRouge', metier: 'A1418', appellation: 17540, objective: ImmersionObjective.CONFIRM_PROJECT,
    title: 'Confirmer son projet d’ouvrier viticole / ouvrière viticole',
    description: 'Confirmer un projet et valider ses compétences : taille, tirage des bois, travaux en vert selon la saison, à Saint-Émilion.',
    availableFromDay: -30, availableUntilDay: 150, maxPresenceDays: 15, positions: 2, status: OfferStatus.PUBLISHED, publishedDaysAgo: 32,
  },
  boulangerieDecouverte: {
    company: 'fournilLangon', metier: 'D1102', appellation: 10868, objective: ImmersionObjective.DISCOVER_METIER,
    title: 'Découvrir le métier de boulanger / boulangère au fournil',
    description: 'Découvrir un métier : cinq matinées au fournil (début à 4 h), pétrissage, façonnage, cuisson au feu de bois.',
    availableFromDay: 0, availableUntilDay: 90, maxPresenceDays: 5, positions: 1, status: OfferStatus.PUBLISHED, publishedDaysAgo: 25,
  },
  logistiqueRecrutement: {
    company: 'hainautLogistique', metier: 'N1103', appellation: 18032, objective: ImmersionObjective.START_RECRUITMENT,
    title: 'Immersion avant embauche : préparateur / préparatrice de commandes',
    description: 'Initier un recrutement : dix jours en équipe du matin à l’entrepôt de Prouvy, avec un tuteur. Postes en CDI à pourvoir.',
    availableFromDay: -7, availableUntilDay: 60, maxPresenceDays: 10, positions: 4, status: OfferStatus.PUBLISHED, publishedDaysAgo: 9,
  },
  propreteDecouverte: {
    company: 'netHainautProprete', metier: 'K2205', appellation: 10571, objective: ImmersionObjective.DISCOVER_METIER,
    title: 'Découvrir le métier d’agent / agente de propreté de locaux',
    description: 'Découvrir un métier : une semaine en équipe sur des sites de bureaux à Valenciennes. Brouillon en attente des horaires.',
    availableFromDay: 14, availableUntilDay: 120, maxPresenceDays: 5, positions: 2, status: OfferStatus.DRAFT,
  },
  maconRecrutementClosed: {
    company: 'maconnerieDubreuil', metier: 'F1703', appellation: 16254, objective: ImmersionObjective.START_RECRUITMENT,
    title: 'Immersion avant embauche : maçon / maçonne en rénovation',
    description: 'Initier un recrutement : trois semaines sur nos chantiers de rénovation. Clôturée : le poste est pourvu.',
    availableFromDay: -100, availableUntilDay: -10, maxPresenceDays: 20, positions: 1, status: OfferStatus.CLOSED, publishedDaysAgo: 102,
  },
} satisfies Record<string, OfferSeed>;

export type OfferKey = keyof typeof DEMO_OFFERS;

export function createOffers(em: EntityManager, clock: Clock, reference: DemoReference, companies: Record<CompanyKey, Company>): Record<OfferKey, ImmersionOffer> {
  return mapSeeds(DEMO_OFFERS, (seed: OfferSeed) => {
    const metier = DEMO_METIERS.find((m) => m.code === seed.metier);
    if (!metier?.appellations.some((a) => a.code === seed.appellation)) throw new Error(`demo offer "${seed.title}": appellation ${seed.appellation} is not a ${seed.metier}`);
    if (seed.maxPresenceDays > MAX_IMMERSION_PRESENCE_DAYS) throw new Error(`demo offer "${seed.title}": more than ${MAX_IMMERSION_PRESENCE_DAYS} days of presence`);
    if ((seed.status === OfferStatus.DRAFT) !== (seed.publishedDaysAgo === undefined)) throw new Error(`demo offer "${seed.title}": only drafts have no publication date`);
    const publishedAt = seed.publishedDaysAgo === undefined ? null : shiftDays(clock.now, -seed.publishedDaysAgo);
    return em.create(ImmersionOffer, {
      company: companies[seed.company],
      metier: reference.metier(seed.metier),
      appellation: reference.appellation(seed.appellation),
      objective: seed.objective,
      title: seed.title,
      description: seed.description,
      ...reference.locate(DEMO_COMPANIES[seed.company].address),
      availableFrom: addDays(clock.today, seed.availableFromDay),
      availableUntil: addDays(clock.today, seed.availableUntilDay),
      maxPresenceDays: seed.maxPresenceDays,
      positions: seed.positions,
      status: seed.status,
      publishedAt,
      createdAt: shiftDays(publishedAt ?? clock.now, -2),
    });
  });
}
