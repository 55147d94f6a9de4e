import { NEXT_STATUSES } from '../../src/referrals/rules/referral-transitions';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, ImmersionOffer, Participant, Referral, ReferralTransition, Session, Structure } from '../../src/db/entities';
import { MINIMUM_AGE } from '../../src/participants';
import { ContractType } from '../../src/referrals/rules/contract-type';
import { NoShowParty } from '../../src/referrals/rules/no-show-party';
import { OfferStatus } from '../../src/offers/rules/offer-status';
import { ReferralOutcome } from '../../src/referrals/rules/referral-outcome';
import { OPEN_REFERRAL_STATUSES, ReferralStatus } from '../../src/referrals/rules/referral-status';
import { holdsSessionSeat } from '../../src/referrals/rules/seats';
import { RefusalReason } from '../../src/referrals/rules/refusal-reason';
import { SessionStatus } from '../../src/sessions/rules/session-status';
import type { DemoAccounts } from './accounts';
import { shiftDays, shiftHours, type Clock } from './calendar';
import { keysOf } from './keyed';
import { DEMO_OFFERS, type OfferKey } from './offers';
import { DEMO_PARTICIPANTS, type ParticipantKey } from './participants';
import { DEMO_SESSIONS, type SessionKey } from './sessions';
import type { StructureKey } from './structures';

const { PENDING, ACCEPTED, WAITLISTED, REFUSED, CANCELLED, ATTENDED, NO_SHOW, COMPLETED } = ReferralStatus;

/** When a step happened: relative to the seed, or to the session it is about (before it starts, after it ends). */
export type When = { daysAgo: number } | { daysBeforeStart: number } | { hoursAfterEnd: number };

/** Who moved the referral: its prescriber, the host that answers it (organiser or company), or the system. */
type Actor = 'prescriber' | 'host' | 'system';

type Step = readonly [ReferralStatus, When, { by?: Actor; reason?: string }?];

export interface ReferralSeed {
  participant: ParticipantKey;
  target: { session: SessionKey } | { offer: OfferKey };
  motive: string;
  /** The whole life of the referral, from PENDING to its current status. */
  steps: readonly Step[];
  refusal?: { reason: RefusalReason; detail?: string; sharedWithParticipant: boolean };
  noShowParty?: NoShowParty;
  outcome?: { outcome: ReferralOutcome; contractType?: ContractType; note?: string };
}

/** Who moves a referral to each status, unless a step says otherwise. */
const DEFAULT_ACTOR: Record<ReferralStatus, Actor> = {
  [PENDING]: 'prescriber',
  [ACCEPTED]: 'host',
  [WAITLISTED]: 'host',
  [REFUSED]: 'host',
  [CANCELLED]: 'prescriber',
  [ATTENDED]: 'host',
  [NO_SHOW]: 'host',
  // The referent keeps the long-term follow-up: it learns what came out of it (a hire, a training).
  [COMPLETED]: 'prescriber',
};

/** Every status of a referral, on sessions and on immersion offers, each with a consistent history. */
export const DEMO_REFERRALS: readonly ReferralSeed[] = [
  // CRÉPI, Ambassadeurs coffreur bancheur three weeks ago: one completed, one attended, one no-show.
  {
    participant: 'yacine', target: { session: 'crepiCoffreurPast' },
    motive: 'Projet BTP : découvrir le coffrage avant de viser une qualification.',
    steps: [[PENDING, { daysBeforeStart: 14 }], [ACCEPTED, { daysBeforeStart: 12 }], [ATTENDED, { hoursAfterEnd: 2 }], [COMPLETED, { hoursAfterEnd: 48 }]],
    outcome: { outcome: ReferralOutcome.IMMERSION_REQUESTED, note: 'Demande une immersion de deux semaines chez Gros Œuvre de la Plaine.' },
  },
  {
    participant: 'kevin', target: { session: 'crepiCoffreurPast' },
    motive: 'Remobilisation : découvrir un métier du bâtiment en petit groupe.',
    steps: [[PENDING, { daysBeforeStart: 13 }], [ACCEPTED, { daysBeforeStart: 12 }], [NO_SHOW, { hoursAfterEnd: 2 }, { reason: 'Absent sans prévenir.' }]],
    noShowParty: NoShowParty.PARTICIPANT,
  },
  {
    participant: 'aminata', target: { session: 'crepiCoffreurPast' },
    motive: 'Reconversion : découvrir les métiers manuels du bâtiment.',
    steps: [[PENDING, { daysBeforeStart: 10 }], [ACCEPTED, { daysBeforeStart: 9 }], [ATTENDED, { hoursAfterEnd: 2 }]],
  },
  // CRÉPI, Ambassadeurs conducteur de bus two weeks ago.
  {
    participant: 'mehdi', target: { session: 'crepiBusPast' },
    motive: 'Ancien chauffeur-livreur : vérifier si la conduite de bus lui conviendrait.',
    steps: [[PENDING, { daysBeforeStart: 12 }], [ACCEPTED, { daysBeforeStart: 10 }], [ATTENDED, { hoursAfterEnd: 2 }], [COMPLETED, { hoursAfterEnd: 72 }]],
    outcome: { outcome: ReferralOutcome.NOT_INTERESTED, note: 'Horaires en décalé incompatibles avec sa situation familiale.' },
  },
  // CRÉPI, upcoming Ambassadeurs sessions: seats taken, a refusal, a pending request, a cancellation.
  {
    participant: 'kevin', target: { session: 'crepiCoffreur' },
    motive: 'Absent à la première session, redemande à découvrir le coffrage ; engagement de ponctualité pris en entretien.',
    steps: [[PENDING, { daysAgo: 9 }], [ACCEPTED, { daysAgo: 7 }]],
  },
  {
    participant: 'mehdi', target: { session: 'crepiCoffreur' },
    motive: 'Découvrir un métier du gros œuvre ; voir avec l’entreprise les postes compatibles avec sa RQTH.',
    steps: [[PENDING, { daysAgo: 8 }], [ACCEPTED, { daysAgo: 6 }]],
  },
  {
    participant: 'aminata', target: { session: 'crepiPierre' },
    motive: 'Attirée par les métiers du patrimoine : voir un atelier de taille de pierre.',
    steps: [[PENDING, { daysAgo: 6 }], [ACCEPTED, { daysAgo: 5 }]],
  },
  {
    participant: 'sandrine', target: { session: 'crepiPierre' },
    motive: 'Découvrir un métier d’art du bâtiment.',
    steps: [[PENDING, { daysAgo: 7 }], [REFUSED, { daysAgo: 4 }]],
    refusal: { reason: RefusalReason.OTHER, detail: 'Atelier à l’étage sans ascenseur : l’entreprise propose une visite adaptée à une prochaine date.', sharedWithParticipant: true },
  },
  {
    participant: 'sandrine', target: { session: 'crepiBus' },
    motive: 'Projet conduite de bus : confirmer avant de monter le financement du permis D.',
    steps: [[PENDING, { daysAgo: 3 }]],
  },
  {
    participant: 'aminata', target: { session: 'crepiBus' },
    motive: 'Explorer un métier qui recrute en Seine-Saint-Denis.',
    steps: [[PENDING, { daysAgo: 10 }], [CANCELLED, { daysAgo: 5 }, { reason: 'Préfère se concentrer sur son projet patrimoine (session tailleur de pierre).' }]],
  },
  // PLIE, visits every two weeks: the vineyard visit four weeks ago led to a hire.
  {
    participant: 'fatima', target: { session: 'plieVisitVignesPast' },
    motive: 'Plusieurs saisons de vendanges : rencontrer un employeur qui embauche à l’année.',
    steps: [[PENDING, { daysBeforeStart: 10 }], [ACCEPTED, { daysBeforeStart: 9 }], [ATTENDED, { hoursAfterEnd: 2 }], [COMPLETED, { hoursAfterEnd: 120 }]],
    outcome: { outcome: ReferralOutcome.HIRED, contractType: ContractType.CDD, note: 'Embauchée en CDD saisonnier de six mois pour la taille.' },
  },
  {
    participant: 'nathalie', target: { session: 'plieVisitVignesPast' },
    motive: 'Découvrir un secteur qui recrute près de Libourne.',
    steps: [[PENDING, { daysBeforeStart: 9 }], [ACCEPTED, { daysBeforeStart: 8 }], [ATTENDED, { hoursAfterEnd: 2 }]],
  },
  {
    participant: 'christophe', target: { session: 'plieVisitMaconneriePast' },
    motive: 'Ancien plaquiste : revoir les métiers du bâti ancien.',
    steps: [[PENDING, { daysBeforeStart: 10 }], [ACCEPTED, { daysBeforeStart: 9 }], [ATTENDED, { hoursAfterEnd: 2 }], [COMPLETED, { hoursAfterEnd: 96 }]],
    outcome: { outcome: ReferralOutcome.TRAINING, note: 'Inscrit à une formation courte de maçon en rénovation.' },
  },
  {
    participant: 'theo', target: { session: 'plieVisitMaconneriePast' },
    motive: 'Élargir ses pistes au-delà de la restauration.',
    steps: [[PENDING, { daysBeforeStart: 8 }], [ACCEPTED, { daysBeforeStart: 7 }], [ATTENDED, { hoursAfterEnd: 2 }], [COMPLETED, { hoursAfterEnd: 72 }]],
    outcome: { outcome: ReferralOutcome.INTERESTED, note: 'Intéressé, mais les chantiers sont difficiles d’accès sans permis.' },
  },
  // PLIE, the next vineyard visit is full (five seats): one more person waits.
  {
    participant: 'lea', target: { session: 'plieVisitVignes' },
    motive: 'Aime le travail en extérieur : voir la vigne avant l’atelier taille de la MFR.',
    steps: [[PENDING, { daysAgo: 12 }], [ACCEPTED, { daysAgo: 11 }]],
  },
  {
    participant: 'theo', target: { session: 'plieVisitVignes' },
    motive: 'Après la maçonnerie, découvrir un second secteur qui recrute localement.',
    steps: [[PENDING, { daysAgo: 12 }], [ACCEPTED, { daysAgo: 11 }]],
  },
  {
    participant: 'nathalie', target: { session: 'plieVisitVignes' },
    motive: 'Revoir le chai et rencontrer le chef de culture pour un emploi à l’année.',
    steps: [[PENDING, { daysAgo: 11 }], [ACCEPTED, { daysAgo: 10 }]],
  },
  {
    participant: 'mathieu', target: { session: 'plieVisitVignes' },
    motive: 'Découvrir l’entreprise avant de postuler à son offre d’immersion.',
    steps: [[PENDING, { daysAgo: 10 }], [ACCEPTED, { daysAgo: 9 }]],
  },
  {
    participant: 'christophe', target: { session: 'plieVisitVignes' },
    motive: 'Explorer un autre secteur pendant l’attente de sa formation.',
    steps: [[PENDING, { daysAgo: 9 }], [ACCEPTED, { daysAgo: 8 }]],
  },
  {
    participant: 'ines', target: { session: 'plieVisitVignes' },
    motive: 'Curieuse des métiers de la vigne ; disponible le jeudi.',
    steps: [[PENDING, { daysAgo: 5 }], [WAITLISTED, { daysAgo: 4 }, { reason: 'Visite complète : première sur la liste d’attente.' }]],
  },
  // PLIE, a site visit cancelled by the organiser: its accepted referral is cancelled with it.
  {
    participant: 'nathalie', target: { session: 'plieVisitChantierCancelled' },
    motive: 'Découvrir un chantier de rénovation.',
    steps: [[PENDING, { daysAgo: 15 }], [ACCEPTED, { daysAgo: 14 }], [CANCELLED, { daysAgo: 2 }, { by: 'host', reason: 'Session annulée : chantier reporté par le maître d’ouvrage.' }]],
  },
  // MFR workshop and the Valenciennes job dating.
  {
    participant: 'lea', target: { session: 'mfrTailleWorkshop' },
    motive: 'Projet vigne : découvrir le CQP en alternance à la MFR.',
    steps: [[PENDING, { daysAgo: 6 }], [ACCEPTED, { daysAgo: 4 }]],
  },
  {
    participant: 'theo', target: { session: 'mfrTailleWorkshop' },
    motive: 'Hésite entre la vigne et la restauration : voir le CQP avant de choisir.',
    steps: [[PENDING, { daysAgo: 2 }]],
  },
  {
    participant: 'sabrina', target: { session: 'jobDatingValenciennes' },
    motive: 'Préparatrice de commandes en mission : viser un CDI.',
    steps: [[PENDING, { daysAgo: 8 }], [ACCEPTED, { daysAgo: 7 }]],
  },
  {
    participant: 'dylan', target: { session: 'jobDatingValenciennes' },
    motive: 'Fin de CDDI dans trois mois : rencontrer les employeurs de la logistique.',
    steps: [[PENDING, { daysAgo: 4 }]],
  },
  // Immersions (PMSMP).
  {
    participant: 'yacine', target: { offer: 'coffreurRecrutement' },
    motive: 'Suite de la session Ambassadeurs : immersion demandée pour initier un recrutement.',
    steps: [[PENDING, { daysAgo: 12 }], [ACCEPTED, { daysAgo: 10 }]],
  },
  {
    participant: 'kevin', target: { offer: 'pierreDecouverte' },
    motive: 'Découvrir un métier manuel et précis, en petite équipe.',
    steps: [[PENDING, { daysAgo: 3 }]],
  },
  {
    participant: 'mathieu', target: { offer: 'vigneConfirmation' },
    motive: 'Confirmer son projet viticole avant de candidater.',
    steps: [[PENDING, { daysAgo: 4 }]],
  },
  {
    participant: 'ines', target: { offer: 'boulangerieDecouverte' },
    motive: 'Confirmer son intérêt pour la boulangerie avant de chercher un apprentissage.',
    steps: [[PENDING, { daysAgo: 15 }], [ACCEPTED, { daysAgo: 13 }]],
  },
  {
    participant: 'sabrina', target: { offer: 'logistiqueRecrutement' },
    motive: 'Préparatrice de commandes expérimentée : immersion avant embauche.',
    steps: [[PENDING, { daysAgo: 7 }], [ACCEPTED, { daysAgo: 6 }]],
  },
  {
    participant: 'dylan', target: { offer: 'logistiqueRecrutement' },
    motive: 'Projet logistique : mettre un pied dans l’entrepôt avant la fin de son CDDI.',
    steps: [[PENDING, { daysAgo: 8 }], [REFUSED, { daysAgo: 6 }]],
    refusal: { reason: RefusalReason.INCOMPATIBLE_DATES, detail: 'Pas de place avant la fin de son contrat : nouvelle demande conseillée le mois prochain.', sharedWithParticipant: true },
  },
  {
    participant: 'julien', target: { offer: 'maconRecrutementClosed' },
    motive: 'Expérience de manœuvre : immersion avant embauche en maçonnerie.',
    steps: [[PENDING, { daysAgo: 70 }], [ACCEPTED, { daysAgo: 67 }], [ATTENDED, { daysAgo: 45 }], [COMPLETED, { daysAgo: 40 }]],
    outcome: { outcome: ReferralOutcome.HIRED, contractType: ContractType.CDI, note: 'Embauché en CDI de maçon après trois semaines d’immersion.' },
  },
  {
    participant: 'mathieu', target: { offer: 'maconRecrutementClosed' },
    motive: 'Tester la maçonnerie avant de choisir entre bâtiment et vigne.',
    steps: [[PENDING, { daysAgo: 55 }], [ACCEPTED, { daysAgo: 52 }], [NO_SHOW, { daysAgo: 38 }, { reason: 'L’entreprise n’a pas pu accueillir : chantier suspendu le premier jour.' }]],
    noShowParty: NoShowParty.HOST,
  },
];

export interface ReferralWorld {
  structures: Record<StructureKey, Structure>;
  participants: Record<ParticipantKey, Participant>;
  sessions: Record<SessionKey, Session>;
  offers: Record<OfferKey, ImmersionOffer>;
  accounts: DemoAccounts;
}

/**
 * Creates the referrals and their transition logs, then sets each session's seats from them and checks what the
 * network promises: seats = seat-holding referrals ≤ capacity, FULL exactly when no seat is left, waiting lists
 * only on full sessions, one open referral per participant and target.
 */
export function createReferrals(em: EntityManager, clock: Clock, world: ReferralWorld): { referrals: number; transitions: number } {
  const seats = new Map<SessionKey, number>();
  const openTargets = new Set<string>();
  let transitions = 0;
  for (const seed of DEMO_REFERRALS) {
    const target = resolveTarget(seed, world);
    const what = `demo referral of ${seed.participant} to ${target.label}`;
    const times = seed.steps.map(([, when]) => resolveWhen(when, clock, target.session, what));
    checkLife(seed, times, clock, target, what);
    const status = finalStatus(seed);
    if (OPEN_REFERRAL_STATUSES.includes(status)) {
      if (openTargets.has(`${seed.participant}/${target.label}`)) throw new Error(`${what}: a second open referral`);
      openTargets.add(`${seed.participant}/${target.label}`);
    }
    if (target.sessionKey && holdsSessionSeat(status)) seats.set(target.sessionKey, (seats.get(target.sessionKey) ?? 0) + 1);
    writeReferral(em, seed, target, times, world, what);
    transitions += seed.steps.length;
  }
  for (const key of keysOf(DEMO_SESSIONS)) settleSeats(key, world.sessions[key], seats.get(key) ?? 0);
  return { referrals: DEMO_REFERRALS.length, transitions };
}

/** The referral, its transition log (one row per step, with its actor), and the participant's last activity. */
function writeReferral(em: EntityManager, seed: ReferralSeed, target: ResolvedTarget, times: Date[], world: ReferralWorld, what: string): void {
  // A prescriber refers the people it follows.
  const prescriber = DEMO_PARTICIPANTS[seed.participant].referent;
  if (!world.structures[prescriber].canPrescribe) throw new Error(`${what}: ${prescriber} cannot prescribe`);
  const actors: Record<Actor, Account | null> = { prescriber: world.accounts.ofStructure(prescriber), host: target.host, system: null };
  const status = finalStatus(seed);
  const lastMove = times[times.length - 1];
  const timeOf = (wanted: readonly ReferralStatus[]) => times.find((_, i) => wanted.includes(seed.steps[i][0])) ?? null;
  const participant = world.participants[seed.participant];
  const referral = em.create(Referral, {
    participant,
    prescriberStructure: world.structures[prescriber],
    prescriberAccount: actors.prescriber,
    session: target.session,
    immersionOffer: target.offer,
    motive: seed.motive,
    status,
    refusalReason: seed.refusal?.reason ?? null,
    refusalDetail: seed.refusal?.detail ?? null,
    refusalSharedWithParticipant: seed.refusal?.sharedWithParticipant ?? null,
    noShowParty: seed.noShowParty ?? null,
    outcome: seed.outcome?.outcome ?? null,
    contractType: seed.outcome?.contractType ?? null,
    outcomeNote: seed.outcome?.note ?? null,
    waitlistedAt: status === WAITLISTED ? timeOf([WAITLISTED]) : null,
    answeredAt: timeOf([ACCEPTED, WAITLISTED, REFUSED]),
    createdAt: times[0],
    updatedAt: lastMove,
  });
  seed.steps.forEach(([toStatus, , note], i) => {
    em.create(ReferralTransition, {
      referral,
      fromStatus: i === 0 ? null : seed.steps[i - 1][0],
      toStatus,
      actor: actors[note?.by ?? DEFAULT_ACTOR[toStatus]],
      reason: note?.reason ?? (toStatus === REFUSED ? seed.refusal?.detail ?? null : null),
      at: times[i],
    });
  });
  if (participant.lastActivityAt < lastMove) participant.lastActivityAt = lastMove;
}

function finalStatus(seed: ReferralSeed): ReferralStatus {
  return seed.steps[seed.steps.length - 1][0];
}

interface ResolvedTarget {
  label: string;
  sessionKey: SessionKey | null;
  session: Session | null;
  offer: ImmersionOffer | null;
  /** Who answers: the session's organiser, or the offering company. */
  host: Account;
  publishedAt: Date | null;
  minimumAge: number;
}

function resolveTarget(seed: ReferralSeed, world: ReferralWorld): ResolvedTarget {
  if ('session' in seed.target) {
    const key = seed.target.session;
    const session = world.sessions[key];
    return {
      label: `session ${key}`, sessionKey: key, session, offer: null,
      host: world.accounts.ofStructure(DEMO_SESSIONS[key].organiser),
      publishedAt: session.publishedAt ?? null, minimumAge: session.minimumAge,
    };
  }
  const key = seed.target.offer;
  const offer = world.offers[key];
  if (offer.status === OfferStatus.DRAFT) throw new Error(`demo referral to draft offer ${key}`);
  return {
    label: `offer ${key}`, sessionKey: null, session: null, offer,
    host: world.accounts.ofCompany(DEMO_OFFERS[key].company),
    // PMSMP: the person is at least 16, as for sessions by default.
    publishedAt: offer.publishedAt ?? null, minimumAge: MINIMUM_AGE,
  };
}

function resolveWhen(when: When, clock: Clock, session: Session | null, what: string): Date {
  if ('daysAgo' in when) return shiftDays(clock.now, -when.daysAgo);
  if (!session) throw new Error(`${what}: only session steps can be timed from the session`);
  return 'daysBeforeStart' in when ? shiftDays(session.startsAt, -when.daysBeforeStart) : shiftHours(session.endsAt, when.hoursAfterEnd);
}

/** A life any user could have produced: legal moves, in time order, all before the seed, the right details at the end. */
function checkLife(seed: ReferralSeed, times: Date[], clock: Clock, target: ResolvedTarget, what: string): void {
  const statuses = seed.steps.map(([status]) => status);
  if (statuses[0] !== PENDING) throw new Error(`${what}: must start PENDING`);
  statuses.slice(1).forEach((status, i) => {
    if (!NEXT_STATUSES[statuses[i]].includes(status)) throw new Error(`${what}: ${statuses[i]} → ${status} is not a move`);
  });
  times.forEach((at, i) => {
    if (at >= clock.now) throw new Error(`${what}: step ${statuses[i]} is in the future`);
    if (i > 0 && at <= times[i - 1]) throw new Error(`${what}: step ${statuses[i]} is not after ${statuses[i - 1]}`);
  });
  if (!target.publishedAt || times[0] < target.publishedAt) throw new Error(`${what}: sent before the target was published`);
  const status = statuses[statuses.length - 1];
  if ((status === REFUSED) !== (seed.refusal !== undefined)) throw new Error(`${what}: a refusal reason goes with REFUSED, and only with it`);
  if (seed.refusal?.reason === RefusalReason.OTHER && !seed.refusal.detail) throw new Error(`${what}: OTHER needs a detail`);
  if ((status === NO_SHOW) !== (seed.noShowParty !== undefined)) throw new Error(`${what}: a no-show party goes with NO_SHOW, and only with it`);
  if ((status === COMPLETED) !== (seed.outcome !== undefined)) throw new Error(`${what}: an outcome goes with COMPLETED, and only with it`);
  if ((seed.outcome?.outcome === ReferralOutcome.HIRED) !== (seed.outcome?.contractType !== undefined)) throw new Error(`${what}: a contract type goes with HIRED`);
  const age = DEMO_PARTICIPANTS[seed.participant].age;
  if (age < target.minimumAge) throw new Error(`${what}: ${age} is under the minimum age ${target.minimumAge}`);
}

function settleSeats(key: SessionKey, session: Session, seatsTaken: number): void {
  const what = `demo session ${key}`;
  if (seatsTaken > session.capacity) throw new Error(`${what}: ${seatsTaken} seats taken out of ${session.capacity}`);
  const full = seatsTaken === session.capacity;
  if (session.status === SessionStatus.FULL && !full) throw new Error(`${what}: FULL with seats left`);
  if (session.status === SessionStatus.PUBLISHED && full) throw new Error(`${what}: PUBLISHED without a seat left (it is FULL)`);
  if (session.status === SessionStatus.CANCELLED && seatsTaken > 0) throw new Error(`${what}: CANCELLED with seats still held`);
  const referrals = DEMO_REFERRALS.filter((r) => 'session' in r.target && r.target.session === key);
  const statuses = referrals.map(finalStatus);
  if (session.status === SessionStatus.DRAFT && referrals.length > 0) throw new Error(`${what}: a draft has no referral`);
  if (session.status === SessionStatus.COMPLETED && statuses.some((s) => OPEN_REFERRAL_STATUSES.includes(s))) throw new Error(`${what}: still open referrals after it took place`);
  if (session.status !== SessionStatus.FULL && statuses.includes(WAITLISTED)) {
    throw new Error(`${what}: a waiting list on a session that is not full`);
  }
  session.seatsTaken = seatsTaken;
}
