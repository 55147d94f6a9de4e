import type { EntityManager } from '@mikro-orm/postgresql';
import { Company, Session, Structure } from '../../src/db/entities';
import { MINIMUM_AGE } from '../../src/participants';
import { HostConfirmation } from '../../src/sessions/rules/host-confirmation';
import { SessionKind } from '../../src/sessions/rules/session-kind';
import { SessionStatus } from '../../src/sessions/rules/session-status';
import { addDays, nthWeekday, parisInstant, shiftDays, Weekday, type CalendarDay, type Clock } from './calendar';
import { DEMO_COMPANIES, type CompanyKey, type CompanySeed } from './companies';
import { mapSeeds } from './keyed';
import type { DemoRomeCode } from './rome';
import { DEMO_STRUCTURES, type StructureKey } from './structures';
import type { DemoReference } from './reference';
import type { Address } from './territories';

/**
 * Which day a session falls on, relative to the seed day:
 * - `nth`: the nth such weekday after (n > 0) or before (n < 0) the seed day;
 * - `fortnight`: the PLIE's visits every two weeks, counted from the first such weekday after the seed day
 *   (0 = that day, -1 = two weeks earlier...), so that the series keeps its rhythm whatever the seed day.
 */
export type SessionDay = { weekday: Weekday; nth: number } | { weekday: Weekday; fortnight: number };

export interface SessionSeed {
  kind: SessionKind;
  title: string;
  description: string;
  organiser: StructureKey;
  host?: CompanyKey;
  /** A structure that hosts instead of a company (an MFR, an SIAE with a SIRET); never with `host`. */
  hostStructure?: StructureKey;
  /** Where people meet; defaults to the host's address, else the organiser's. */
  place?: Address;
  metiers: readonly DemoRomeCode[];
  day: SessionDay;
  /** Paris wall-clock times, `HH:MM`. */
  from: string;
  until: string;
  capacity: number;
  /** The smallest group worth holding (capacity is the largest). */
  minimumSize?: number;
  minimumAge?: number;
  /** Where the group meets, when it is not the visited site. */
  meetingPoint?: { label: string; address: string };
  /**
   * The status the session is in once its referrals are seeded. PUBLISHED and FULL are checked against the seats
   * the referrals hold (FULL means no seat left).
   */
  status: SessionStatus;
}

/** The passeport, the debrief, the small group: what every Ambassadeurs des métiers session promises. */
function ambassadeurs(metier: string, visit: string): string {
  return `Ambassadeurs des métiers : rendez-vous à 9 h près de l’entreprise, ${visit}, puis débriefing en groupe de 5 ou 6. `
    + `Chaque participant repart avec son passeport « ${metier} » : points clés de la visite, formations, prochaines étapes.`;
}

const TUESDAY_MORNING = { from: '09:00', until: '12:30' } as const;
const PLIE_VISIT_AFTERNOON = { from: '14:00', until: '16:30' } as const;

export const DEMO_SESSIONS = {
  crepiCoffreurPast: {
    kind: SessionKind.AMBASSADEURS_DES_METIERS,
    title: 'Ambassadeurs des métiers : coffreur bancheur chez Gros Œuvre de la Plaine',
    description: ambassadeurs('coffreur bancheur', 'visite d’un chantier de logements avec les compagnons coffreurs'),
    organiser: 'crepi', host: 'grosOeuvrePlaine', metiers: ['F1701', 'F1703'],
    day: { weekday: Weekday.TUESDAY, nth: -3 }, ...TUESDAY_MORNING, capacity: 6, status: SessionStatus.COMPLETED,
  },
  crepiBusPast: {
    kind: SessionKind.AMBASSADEURS_DES_METIERS,
    title: 'Ambassadeurs des métiers : conducteur de bus aux Transports de l’Est Francilien',
    description: ambassadeurs('conducteur de bus', 'visite du dépôt et montée à bord d’un bus école'),
    organiser: 'crepi', host: 'transportsEstFrancilien', metiers: ['N4103'], minimumAge: 18,
    day: { weekday: Weekday.TUESDAY, nth: -2 }, ...TUESDAY_MORNING, capacity: 6, status: SessionStatus.COMPLETED,
  },
  crepiCoffreur: {
    kind: SessionKind.AMBASSADEURS_DES_METIERS,
    title: 'Ambassadeurs des métiers : coffreur bancheur chez Gros Œuvre de la Plaine',
    description: ambassadeurs('coffreur bancheur', 'visite d’un chantier de logements avec les compagnons coffreurs'),
    organiser: 'crepi', host: 'grosOeuvrePlaine', metiers: ['F1701', 'F1703'],
    day: { weekday: Weekday.TUESDAY, nth: 1 }, ...TUESDAY_MORNING, capacity: 6, minimumSize: 5, status: SessionStatus.PUBLISHED,
    meetingPoint: { label: 'Café Le Landy, en face de l’entrée du chantier', address: '10 rue du Landy, 93200 Saint-Denis' },
  },
  crepiDecouverte3e: {
    kind: SessionKind.COMPANY_VISIT,
    title: 'Découverte des métiers du gros œuvre : une classe de 3e au chantier (PAQTE)',
    description: 'Visite de découverte pour une classe de 3e d’un collège de Saint-Denis, dans le cadre du PAQTE : accueil au collège, '
      + 'trajet à pied avec le professeur principal, visite du chantier avec un chef d’équipe, questions aux compagnons.',
    organiser: 'crepi', host: 'grosOeuvrePlaine', metiers: ['F1701', 'F1703'], minimumAge: 14,
    day: { weekday: Weekday.FRIDAY, nth: 2 }, from: '14:00', until: '16:30', capacity: 15, minimumSize: 8, status: SessionStatus.PUBLISHED,
    meetingPoint: { label: 'Parvis du collège Elsa-Triolet', address: '1 rue Raspail, 93200 Saint-Denis' },
  },
  crepiPierre: {
    kind: SessionKind.AMBASSADEURS_DES_METIERS,
    title: 'Ambassadeurs des métiers : tailleur de pierre aux Ateliers de la Pierre d’Aubervilliers',
    description: ambassadeurs('tailleur de pierre', 'visite de l’atelier et essai des gestes de la taille'),
    organiser: 'crepi', host: 'ateliersPierreAubervilliers', metiers: ['F1612'],
    day: { weekday: Weekday.TUESDAY, nth: 2 }, ...TUESDAY_MORNING, capacity: 5, status: SessionStatus.PUBLISHED,
  },
  crepiBus: {
    kind: SessionKind.AMBASSADEURS_DES_METIERS,
    title: 'Ambassadeurs des métiers : conducteur de bus aux Transports de l’Est Francilien',
    description: ambassadeurs('conducteur de bus', 'visite du dépôt et montée à bord d’un bus école'),
    organiser: 'crepi', host: 'transportsEstFrancilien', metiers: ['N4103'], minimumAge: 18,
    day: { weekday: Weekday.TUESDAY, nth: 3 }, ...TUESDAY_MORNING, capacity: 6, status: SessionStatus.PUBLISHED,
  },
  crepiCoffreurDraft: {
    kind: SessionKind.AMBASSADEURS_DES_METIERS,
    title: 'Ambassadeurs des métiers : coffreur bancheur chez Gros Œuvre de la Plaine (à confirmer)',
    description: ambassadeurs('coffreur bancheur', 'visite d’un chantier de bureaux avec les compagnons coffreurs'),
    organiser: 'crepi', host: 'grosOeuvrePlaine', metiers: ['F1701'],
    day: { weekday: Weekday.TUESDAY, nth: 5 }, ...TUESDAY_MORNING, capacity: 6, status: SessionStatus.DRAFT,
  },
  plieVisitVignesPast: {
    kind: SessionKind.COMPANY_VISIT,
    title: 'Visite des vignes et du chai : Vignobles du Tertre Rouge',
    description: 'Visite d’entreprise du PLIE : travail de la vigne au fil des saisons, rencontre avec le chef de culture.',
    organiser: 'plieLibournais', host: 'vignoblesTertreRouge', metiers: ['A1418'],
    day: { weekday: Weekday.THURSDAY, fortnight: -2 }, ...PLIE_VISIT_AFTERNOON, capacity: 8, status: SessionStatus.COMPLETED,
  },
  plieVisitMaconneriePast: {
    kind: SessionKind.COMPANY_VISIT,
    title: 'Visite de chantier : Maçonnerie Dubreuil et Fils',
    description: 'Visite d’entreprise du PLIE : rénovation d’une échoppe en pierre, présentation des métiers de la maçonnerie.',
    organiser: 'plieLibournais', host: 'maconnerieDubreuil', metiers: ['F1703'],
    day: { weekday: Weekday.THURSDAY, fortnight: -1 }, ...PLIE_VISIT_AFTERNOON, capacity: 8, status: SessionStatus.COMPLETED,
  },
  plieVisitVignes: {
    kind: SessionKind.COMPANY_VISIT,
    title: 'Visite des vignes et du chai : Vignobles du Tertre Rouge',
    description: 'Visite d’entreprise du PLIE en petit groupe : taille de la vigne, travaux en vert, métiers du chai.',
    organiser: 'plieLibournais', host: 'vignoblesTertreRouge', metiers: ['A1418'],
    day: { weekday: Weekday.THURSDAY, fortnight: 0 }, ...PLIE_VISIT_AFTERNOON, capacity: 5, status: SessionStatus.FULL,
  },
  plieVisitMaconnerie: {
    kind: SessionKind.COMPANY_VISIT,
    title: 'Visite de chantier : Maçonnerie Dubreuil et Fils',
    description: 'Visite d’entreprise du PLIE : chantier de rénovation du bâti ancien, échanges avec les maçons.',
    organiser: 'plieLibournais', host: 'maconnerieDubreuil', metiers: ['F1703'],
    day: { weekday: Weekday.THURSDAY, fortnight: 1 }, ...PLIE_VISIT_AFTERNOON, capacity: 8, status: SessionStatus.PUBLISHED,
  },
  plieVisitChantierCancelled: {
    kind: SessionKind.COMPANY_VISIT,
    title: 'Visite de chantier : maison de ville à Libourne',
    description: 'Annulée : le chantier a été reporté par le maître d’ouvrage.',
    organiser: 'plieLibournais', host: 'maconnerieDubreuil', metiers: ['F1703', 'F1701'],
    day: { weekday: Weekday.THURSDAY, fortnight: 2 }, ...PLIE_VISIT_AFTERNOON, capacity: 8, status: SessionStatus.CANCELLED,
  },
  mfrTailleWorkshop: {
    kind: SessionKind.WORKSHOP,
    title: 'Atelier taille de la vigne : découverte du CQP ouvrier qualifié en viticulture',
    description: 'Atelier pratique à la MFR : gestes de la taille sur les parcelles de l’école, présentation du CQP en alternance.',
    organiser: 'mfrVayres', metiers: ['A1418'],
    day: { weekday: Weekday.WEDNESDAY, nth: 2 }, from: '09:00', until: '12:00', capacity: 10, status: SessionStatus.PUBLISHED,
  },
  plieVisitMfrVayres: {
    kind: SessionKind.COMPANY_VISIT,
    title: 'Visite de la MFR de Vayres : la vigne, le chai et le CQP en alternance',
    description: 'Visite du PLIE accueillie par la MFR : ses parcelles et son chai pédagogique, rencontre avec les apprentis du CQP '
      + 'ouvrier qualifié en viticulture et leur formateur, les entreprises qui les accueillent en alternance.',
    organiser: 'plieLibournais', hostStructure: 'mfrVayres', metiers: ['A1418'],
    day: { weekday: Weekday.TUESDAY, nth: 4 }, from: '14:00', until: '16:30', capacity: 8, status: SessionStatus.PUBLISHED,
  },
  jobDatingValenciennes: {
    kind: SessionKind.JOB_DATING,
    title: 'Job dating logistique et propreté du Valenciennois',
    description: 'Entretiens de dix minutes avec Hainaut Logistique Services, Net’Hainaut Propreté et les SIAE du territoire. Venir avec un CV.',
    organiser: 'ettiValenciennes', place: { commune: '59606', street: 'Salle des fêtes, place d’Armes' }, metiers: ['N1103', 'N1101', 'N1105', 'K2205'],
    day: { weekday: Weekday.THURSDAY, nth: 3 }, from: '09:30', until: '12:30', capacity: 20, status: SessionStatus.PUBLISHED,
  },
} satisfies Record<string, SessionSeed>;

export type SessionKey = keyof typeof DEMO_SESSIONS;

/**
 * Whether the host agreed, as the API would have recorded it: a session the club organises at a member with a
 * standing agreement was confirmed from the start; any other host confirmed each session before it was published,
 * and has not answered the drafts yet.
 */
function hostConfirmationOf(seed: SessionSeed): { hostConfirmation: HostConfirmation; byAgreement: boolean } {
  if (seed.hostStructure) return { hostConfirmation: seed.status === SessionStatus.DRAFT ? HostConfirmation.PENDING : HostConfirmation.CONFIRMED, byAgreement: false };
  if (!seed.host) return { hostConfirmation: HostConfirmation.NOT_REQUIRED, byAgreement: false };
  const membership = (DEMO_COMPANIES[seed.host] as CompanySeed).memberOf;
  if (membership?.structure === seed.organiser && membership.hostingAgreement) return { hostConfirmation: HostConfirmation.CONFIRMED, byAgreement: true };
  return { hostConfirmation: seed.status === SessionStatus.DRAFT ? HostConfirmation.PENDING : HostConfirmation.CONFIRMED, byAgreement: false };
}

function sessionDay(today: CalendarDay, day: SessionDay): CalendarDay {
  return 'nth' in day
    ? nthWeekday(today, day.weekday, day.nth)
    : addDays(nthWeekday(today, day.weekday, 1), 14 * day.fortnight);
}

/** How long before a session (or, for an upcoming one, before the seed) its organiser published it. */
const PUBLISHED_DAYS_AHEAD = 20;

export function createSessions(
  em: EntityManager,
  clock: Clock,
  reference: DemoReference,
  structures: Record<StructureKey, Structure>,
  companies: Record<CompanyKey, Company>,
): Record<SessionKey, Session> {
  return mapSeeds(DEMO_SESSIONS, (seed: SessionSeed) => {
    const day = sessionDay(clock.today, seed.day);
    const startsAt = parisInstant(day, seed.from);
    const publishedAt = seed.status === SessionStatus.DRAFT
      ? null
      : shiftDays(startsAt < clock.now ? startsAt : clock.now, -PUBLISHED_DAYS_AHEAD);
    const createdAt = shiftDays(publishedAt ?? clock.now, -3);
    const { hostConfirmation, byAgreement } = hostConfirmationOf(seed);
    const session = em.create(Session, {
      kind: seed.kind,
      title: seed.title,
      description: seed.description,
      organiser: structures[seed.organiser],
      hostCompany: seed.host ? companies[seed.host] : null,
      hostStructure: seed.hostStructure ? structures[seed.hostStructure] : null,
      hostConfirmation,
      // Those who confirmed one by one did so the day after they were asked.
      hostRespondedAt: hostConfirmation === HostConfirmation.CONFIRMED && !byAgreement ? shiftDays(createdAt, 1) : null,
      ...reference.locate(seed.place ?? (seed.host ? DEMO_COMPANIES[seed.host].address : DEMO_STRUCTURES[seed.hostStructure ?? seed.organiser].address)),
      startsAt,
      endsAt: parisInstant(day, seed.until),
      capacity: seed.capacity,
      minimumAge: seed.minimumAge ?? MINIMUM_AGE,
      minimumSize: seed.minimumSize ?? null,
      meetingPointLabel: seed.meetingPoint?.label ?? null,
      meetingPointAddress: seed.meetingPoint?.address ?? null,
      // Seats are set from the referrals, and FULL checked against them, once the referrals exist.
      seatsTaken: 0,
      status: seed.status,
      publishedAt,
      createdAt,
    });
    session.metiers.set(seed.metiers.map((code) => reference.metier(code)));
    return session;
  });
}
