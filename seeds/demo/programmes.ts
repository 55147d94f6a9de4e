import type { EntityManager } from '@mikro-orm/postgresql';
import { Company, MultiSiteEvent, Programme, Session, SessionSeries, Structure } from '../../src/db/entities';
import { MINIMUM_AGE } from '../../src/participants';
import { HostConfirmation } from '../../src/sessions/rules/host-confirmation';
import { SessionKind } from '../../src/sessions/rules/session-kind';
import { SessionStatus } from '../../src/sessions/rules/session-status';
import { ProgrammeKind } from '../../src/programmes/rules/programme-kind';
import { addDays, nthWeekday, parisInstant, shiftDays, Weekday, type Clock } from './calendar';
import { DEMO_COMPANIES, type CompanyKey, type CompanySeed } from './companies';
import type { DemoReference } from './reference';
import { DEMO_SESSIONS, type SessionKey } from './sessions';
import type { StructureKey } from './structures';
import type { DemoRomeCode } from './rome';

/** The workshops of the CRÉPI's rallye: one morning, three member companies, five seats each. */
const RALLYE_WORKSHOPS: readonly { host: CompanyKey; title: string; metiers: readonly DemoRomeCode[]; from: string; until: string }[] = [
  { host: 'grosOeuvrePlaine', title: 'Rallye du bâtiment, atelier 1 : le coffrage-banche sur un chantier de logements', metiers: ['F1701'], from: '09:00', until: '10:15' },
  { host: 'ateliersPierreAubervilliers', title: 'Rallye du bâtiment, atelier 2 : la taille de pierre en atelier', metiers: ['F1612'], from: '10:45', until: '12:00' },
  { host: 'transportsEstFrancilien', title: 'Rallye du bâtiment, atelier 3 : conduire les bus du chantier au dépôt', metiers: ['N4103'], from: '13:30', until: '14:45' },
];

/** What the demo programmes wrote, for the seed's row counts. */
export interface DemoProgrammes {
  programmes: number;
  series: number;
  events: number;
  workshops: number;
  workshopMetiers: number;
}

/**
 * Programmes with targets, a recurring series and a rallye (issue 11):
 * - the CRÉPI's "Ambassadeurs des métiers" of the year, 40 participants and 12 sessions targeted, holding its
 *   Ambassadeurs sessions;
 * - the PLIE du Libournais's site visits ("BAM"), whose fortnightly visits are one series (every 14 days);
 * - the MFR's immersion programme, 10 immersions completed targeted (no offer yet);
 * - the CRÉPI's one-morning rallye of three workshops, each a published session with five seats at a member company.
 * The seeded sessions were made as the API would make them: they start within their programme's period.
 */
export function createProgrammes(
  em: EntityManager,
  clock: Clock,
  reference: DemoReference,
  structures: Record<StructureKey, Structure>,
  companies: Record<CompanyKey, Company>,
  sessions: Record<SessionKey, Session>,
): DemoProgrammes {
  const year = clock.today.slice(0, 4);
  const ambassadeurs = em.create(Programme, {
    structure: structures.crepi,
    kind: ProgrammeKind.AMBASSADEURS_DES_METIERS,
    name: `Ambassadeurs des métiers ${year}`,
    description: 'Groupes de 5 à 6 personnes qui visitent les entreprises membres du club, puis débriefent ; chacun repart avec son passeport.',
    startsOn: addDays(clock.today, -180),
    endsOn: addDays(clock.today, 185),
    targetParticipants: 40,
    targetSessions: 12,
    targetDurableOutcomes: 8,
  });
  const visits = em.create(Programme, {
    structure: structures.plieLibournais,
    kind: ProgrammeKind.SITE_VISITS,
    name: 'Visites d’entreprise du PLIE du Libournais (BAM)',
    description: 'Une visite d’entreprise tous les quinze jours pour les participants du PLIE.',
    startsOn: addDays(clock.today, -120),
    endsOn: addDays(clock.today, 245),
    targetParticipants: 60,
    targetSessions: 24,
  });
  em.create(Programme, {
    structure: structures.mfrVayres,
    kind: ProgrammeKind.IMMERSIONS,
    name: `Immersions en viticulture ${year}`,
    startsOn: addDays(clock.today, -30),
    endsOn: addDays(clock.today, 335),
    targetImmersionsCompleted: 10,
  });

  const fortnightly = (Object.keys(DEMO_SESSIONS) as SessionKey[]).filter((key) => 'fortnight' in DEMO_SESSIONS[key].day && DEMO_SESSIONS[key].organiser === 'plieLibournais');
  const series = em.create(SessionSeries, { organiser: structures.plieLibournais, everyDays: 14, occurrences: fortnightly.length });
  for (const key of fortnightly) Object.assign(sessions[key], { series, programme: visits });
  for (const key of Object.keys(DEMO_SESSIONS) as SessionKey[]) {
    const seed = DEMO_SESSIONS[key];
    if (seed.organiser === 'crepi' && seed.kind === SessionKind.AMBASSADEURS_DES_METIERS) sessions[key].programme = ambassadeurs;
  }

  const rallye = em.create(MultiSiteEvent, {
    organiser: structures.crepi,
    title: 'Rallye des métiers du bâtiment de la Plaine',
    description: 'Une matinée, trois entreprises membres du club : un atelier de 5 personnes dans chacune. Orientez vers un atelier.',
  });
  const day = nthWeekday(clock.today, Weekday.WEDNESDAY, 3);
  for (const workshop of RALLYE_WORKSHOPS) {
    const session = em.create(Session, {
      kind: SessionKind.RALLYE,
      title: workshop.title,
      description: 'Un atelier du Rallye des métiers du bâtiment de la Plaine : présentation du métier, gestes, questions aux professionnels.',
      organiser: structures.crepi,
      hostCompany: companies[workshop.host],
      // Members with a standing agreement are confirmed by it; Gros Œuvre de la Plaine confirmed the next day.
      hostConfirmation: HostConfirmation.CONFIRMED,
      hostRespondedAt: (DEMO_COMPANIES[workshop.host] as CompanySeed).memberOf?.hostingAgreement ? null : shiftDays(clock.now, -9),
      ...reference.locate(DEMO_COMPANIES[workshop.host].address),
      startsAt: parisInstant(day, workshop.from),
      endsAt: parisInstant(day, workshop.until),
      capacity: 5,
      minimumAge: MINIMUM_AGE,
      seatsTaken: 0,
      status: SessionStatus.PUBLISHED,
      publishedAt: shiftDays(clock.now, -7),
      createdAt: shiftDays(clock.now, -10),
      multiSiteEvent: rallye,
    });
    session.metiers.set(workshop.metiers.map((code) => reference.metier(code)));
  }
  return { programmes: 3, series: 1, events: 1, workshops: RALLYE_WORKSHOPS.length, workshopMetiers: RALLYE_WORKSHOPS.reduce((n, w) => n + w.metiers.length, 0) };
}
