import type { EntityManager } from '@mikro-orm/postgresql';
import { Participant, ParticipantPersonalData, Structure, type Account } from '../../src/db/entities';
import { addDays, addYears, shiftDays, yearsBetween, type Clock } from './calendar';
import { mapSeeds } from './keyed';
import { checkedPhone } from './phones';
import type { StructureKey } from './structures';
import { demoCommune, type Address } from './territories';
import { ageBandOf, type AgeBand } from '../../src/participants';

export interface ParticipantSeed {
  firstName: string;
  lastName: string;
  /** Age at seed time: birth dates follow the seed date, so that the 17-year-old stays a minor in every demo. */
  age: number;
  /** Days since the last birthday (fixes the birth date within the year). */
  birthdayDaysAgo: number;
  /** How long the referent structure has followed the person. */
  followedForDays: number;
  referent: StructureKey;
  home: Address;
  email?: string;
  phone: string;
  notes?: string;
  /** Reconnaissance de la qualité de travailleur handicapé. */
  rqth?: true;
}

/** Fictional people. Phone numbers are in the ranges ARCEP keeps for fiction (06 39 98 xx xx). */
export const DEMO_PARTICIPANTS = {
  yacine: {
    firstName: 'Yacine', lastName: 'Benali', age: 24, birthdayDaysAgo: 140, followedForDays: 200,
    referent: 'franceTravailSaintDenis', home: { commune: '93066', street: '8 rue Gabriel Péri', postalCode: '93200' },
    email: 'yacine.benali@example.org', phone: '06 39 98 00 01',
    notes: 'Projet BTP : manœuvre en intérim pendant deux ans, veut se qualifier en coffrage.',
  },
  aminata: {
    firstName: 'Aminata', lastName: 'Diallo', age: 31, birthdayDaysAgo: 60, followedForDays: 150,
    referent: 'franceTravailSaintDenis', home: { commune: '93066', street: '14 rue de la République', postalCode: '93200' },
    email: 'aminata.diallo@example.org', phone: '06 39 98 00 02',
    notes: 'Reconversion après dix ans en restauration ; attirée par les métiers du patrimoine.',
  },
  kevin: {
    firstName: 'Kevin', lastName: 'Marchal', age: 19, birthdayDaysAgo: 250, followedForDays: 120,
    referent: 'franceTravailSaintDenis', home: { commune: '93066', street: '3 rue du Landy', postalCode: '93210' },
    phone: '06 39 98 00 03',
    notes: 'Sorti du lycée professionnel sans diplôme ; à remobiliser, ponctualité à travailler.',
  },
  sandrine: {
    firstName: 'Sandrine', lastName: 'Lopes', age: 47, birthdayDaysAgo: 30, followedForDays: 300,
    referent: 'capEmploi93', home: { commune: '93008', street: '22 avenue Paul Vaillant-Couturier' },
    email: 'sandrine.lopes@example.org', phone: '06 39 98 00 04',
    notes: 'Éviter le port de charges lourdes. Intéressée par la conduite de bus : permis D à financer.', rqth: true,
  },
  mehdi: {
    firstName: 'Mehdi', lastName: 'Haddad', age: 36, birthdayDaysAgo: 200, followedForDays: 250,
    referent: 'capEmploi93', home: { commune: '93001', street: '5 rue du Moutier' },
    phone: '06 39 98 00 05',
    notes: 'Ancien chauffeur-livreur ; cherche des horaires réguliers.', rqth: true,
  },
  lea: {
    firstName: 'Léa', lastName: 'Fournier', age: 17, birthdayDaysAgo: 200, followedForDays: 90,
    referent: 'missionLocaleSudGironde', home: { commune: '33227', street: '12 rue des Salières' },
    phone: '06 39 98 00 06',
    notes: 'Mineure : autorisation parentale pour les immersions. Aime le travail en extérieur.',
  },
  theo: {
    firstName: 'Théo', lastName: 'Garcia', age: 20, birthdayDaysAgo: 300, followedForDays: 130,
    referent: 'missionLocaleSudGironde', home: { commune: '33227', street: '7 place du Général de Gaulle' },
    email: 'theo.garcia@example.org', phone: '06 39 98 00 07',
    notes: 'Sans permis : se déplace en train et en car régional.',
  },
  ines: {
    firstName: 'Inès', lastName: 'Caron', age: 22, birthdayDaysAgo: 100, followedForDays: 60,
    referent: 'missionLocaleSudGironde', home: { commune: '33227', street: '30 cours des Fossés' },
    email: 'ines.caron@example.org', phone: '06 39 98 00 08',
    notes: 'Bac pro commerce ; projet boulangerie à confirmer par une immersion.',
  },
  nathalie: {
    firstName: 'Nathalie', lastName: 'Roux', age: 52, birthdayDaysAgo: 10, followedForDays: 400,
    referent: 'plieLibournais', home: { commune: '33243', street: '9 rue Gambetta' },
    email: 'nathalie.roux@example.org', phone: '06 39 98 00 09',
    notes: 'Licenciée à la fermeture de son usine ; permis B et voiture.',
  },
  julien: {
    firstName: 'Julien', lastName: 'Moreau', age: 29, birthdayDaysAgo: 320, followedForDays: 180,
    referent: 'plieLibournais', home: { commune: '33243', street: '51 avenue Foch' },
    phone: '06 39 98 00 10',
  },
  fatima: {
    firstName: 'Fatima', lastName: 'El Amrani', age: 41, birthdayDaysAgo: 75, followedForDays: 220,
    referent: 'plieLibournais', home: { commune: '33243', street: '3 allée des Tilleuls' },
    phone: '06 39 98 00 11',
    notes: 'A fait les vendanges plusieurs saisons ; voudrait un emploi à l’année dans la vigne.',
  },
  christophe: {
    firstName: 'Christophe', lastName: 'Bernard', age: 58, birthdayDaysAgo: 180, followedForDays: 300,
    referent: 'plieLibournais', home: { commune: '33243', street: '16 rue Montesquieu' },
    email: 'christophe.bernard@example.org', phone: '06 39 98 00 12',
    notes: 'Ancien artisan plaquiste ; envisage une formation courte.',
  },
  mathieu: {
    firstName: 'Mathieu', lastName: 'Lambert', age: 34, birthdayDaysAgo: 45, followedForDays: 160,
    referent: 'plieLibournais', home: { commune: '33394', street: '2 rue de la Grande Fontaine' },
    phone: '06 39 98 00 13',
  },
  dylan: {
    firstName: 'Dylan', lastName: 'Lefebvre', age: 23, birthdayDaysAgo: 20, followedForDays: 240,
    referent: 'aciHainaut', home: { commune: '59014', street: '11 rue Jean Jaurès' },
    phone: '06 39 98 00 14',
    notes: 'Salarié en insertion (CDDI) au chantier espaces verts ; vise la logistique.',
  },
  sabrina: {
    firstName: 'Sabrina', lastName: 'Dupont', age: 38, birthdayDaysAgo: 280, followedForDays: 200,
    referent: 'ettiValenciennes', home: { commune: '59606', street: '6 rue de Famars' },
    email: 'sabrina.dupont@example.org', phone: '06 39 98 00 15',
    notes: 'Missions de préparation de commandes ; CACES 1 à passer.',
  },
} satisfies Record<string, ParticipantSeed>;

export type ParticipantKey = keyof typeof DEMO_PARTICIPANTS;

/** The coarse band kept after erasure (Participant.ageBand): the hub's own rule. */
export function ageBand(age: number): AgeBand {
  const band = ageBandOf(age);
  if (!band) throw new Error(`a participant is at least 14, got ${age}`);
  return band;
}

/** The participants, each with their personal data, followed by their referent structure's counsellor. */
export function createParticipants(
  em: EntityManager,
  clock: Clock,
  structures: Record<StructureKey, Structure>,
  // Only the counsellors' accounts: DemoAccounts itself needs the participants' keys (no import cycle).
  accounts: { ofStructure(key: StructureKey): Account },
): Record<ParticipantKey, Participant> {
  return mapSeeds(DEMO_PARTICIPANTS, (seed: ParticipantSeed) => {
    const birthDate = addDays(addYears(clock.today, -seed.age), -seed.birthdayDaysAgo);
    const registeredOn = addDays(clock.today, -seed.followedForDays);
    const home = demoCommune(seed.home.commune);
    const createdAt = shiftDays(clock.now, -seed.followedForDays);
    const participant = em.create(Participant, {
      referentStructure: structures[seed.referent],
      referentAccount: accounts.ofStructure(seed.referent),
      ageBand: ageBand(yearsBetween(birthDate, registeredOn)),
      departementCode: home.departement,
      createdAt,
      lastActivityAt: createdAt,
    });
    em.create(ParticipantPersonalData, {
      participant,
      firstName: seed.firstName,
      lastName: seed.lastName,
      birthDate,
      email: seed.email ?? null,
      phone: checkedPhone(seed.phone, `${seed.firstName} ${seed.lastName}`),
      address: seed.home.street,
      postalCode: seed.home.postalCode ?? home.postalCodes[0],
      communeCode: home.code,
      notes: seed.notes ?? null,
      rqth: seed.rqth === true,
    });
    return participant;
  });
}
