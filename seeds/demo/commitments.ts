import type { EntityManager } from '@mikro-orm/postgresql';
import { Commitment, Company, Structure } from '../../src/db/entities';
import { CommitmentAxis } from '../../src/commitments/rules/commitment-axis';
import { CommitmentMeasure } from '../../src/commitments/rules/commitment-measure';
import { CommitmentStatus } from '../../src/commitments/rules/commitment-status';
import { addDays, parisInstant, type Clock } from './calendar';
import type { CompanyKey } from './companies';
import type { StructureKey } from './structures';

export interface CommitmentSeed {
  company: CompanyKey;
  animator?: StructureKey;
  axis: CommitmentAxis;
  pledge: string;
  measure: CommitmentMeasure;
  target: number;
  declaredProgress: number;
  /** Period, in days from the seed day. */
  periodStartDay: number;
  periodEndDay: number;
  status: CommitmentStatus;
  publicPartners: readonly string[];
  /** Day the tripartite convention was signed, from the seed day (signed commitments only). */
  conventionSignedDay?: number;
}

const PLAINE_COMMUNE_PAQTE = ['Préfecture de la Seine-Saint-Denis', 'Plaine Commune'] as const;

/** PAQTE pledges on the four axes, most of them animated by the CRÉPI in Seine-Saint-Denis. */
export const DEMO_COMMITMENTS: readonly CommitmentSeed[] = [
  {
    company: 'grosOeuvrePlaine', animator: 'crepi', axis: CommitmentAxis.SENSIBILISER,
    pledge: 'Accueillir six sessions Ambassadeurs des métiers sur nos chantiers de Saint-Denis dans l’année.',
    // Sessions hosted are counted by the hub, not declared.
    measure: CommitmentMeasure.SESSIONS_HOSTED, target: 6, declaredProgress: 0,
    periodStartDay: -90, periodEndDay: 275, status: CommitmentStatus.SIGNED,
    publicPartners: PLAINE_COMMUNE_PAQTE, conventionSignedDay: -90,
  },
  {
    company: 'grosOeuvrePlaine', animator: 'crepi', axis: CommitmentAxis.RECRUTER,
    pledge: 'Recruter trois habitants des quartiers prioritaires de Plaine Commune en CDI de chantier.',
    measure: CommitmentMeasure.HIRES, target: 3, declaredProgress: 1,
    periodStartDay: -90, periodEndDay: 275, status: CommitmentStatus.SIGNED,
    publicPartners: PLAINE_COMMUNE_PAQTE, conventionSignedDay: -90,
  },
  {
    company: 'transportsEstFrancilien', animator: 'crepi', axis: CommitmentAxis.FORMER,
    pledge: 'Former quatre conducteurs et conductrices de bus en contrat de professionnalisation.',
    measure: CommitmentMeasure.APPRENTICES, target: 4, declaredProgress: 4,
    periodStartDay: -455, periodEndDay: -90, status: CommitmentStatus.FULFILLED,
    publicPartners: ['Préfecture de la Seine-Saint-Denis', 'Est Ensemble'], conventionSignedDay: -455,
  },
  {
    company: 'ateliersPierreAubervilliers', animator: 'crepi', axis: CommitmentAxis.ACHETER,
    pledge: 'Confier 15 000 € d’achats (nettoyage, restauration) à des structures de l’insertion par l’activité économique.',
    measure: CommitmentMeasure.EUROS_PURCHASED, target: 15000, declaredProgress: 0,
    periodStartDay: 0, periodEndDay: 365, status: CommitmentStatus.PROPOSED,
    publicPartners: PLAINE_COMMUNE_PAQTE,
  },
  {
    company: 'vignoblesTertreRouge', axis: CommitmentAxis.FORMER,
    pledge: 'Accueillir deux apprentis du CQP viticulture de la MFR de Vayres.',
    measure: CommitmentMeasure.APPRENTICES, target: 2, declaredProgress: 1,
    periodStartDay: -60, periodEndDay: 305, status: CommitmentStatus.SIGNED,
    publicPartners: ['Préfecture de la Gironde', 'Communauté de communes du Grand Saint-Émilionnais'], conventionSignedDay: -60,
  },
  {
    company: 'hainautLogistique', axis: CommitmentAxis.RECRUTER,
    pledge: 'Proposer dix immersions avant embauche aux salariés des SIAE du Valenciennois.',
    measure: CommitmentMeasure.IMMERSIONS_OFFERED, target: 10, declaredProgress: 0,
    periodStartDay: -30, periodEndDay: 335, status: CommitmentStatus.WITHDRAWN,
    publicPartners: ['Préfecture du Nord', 'Valenciennes Métropole'],
  },
];

const SIGNED_STATUSES: ReadonlySet<CommitmentStatus> = new Set([CommitmentStatus.SIGNED, CommitmentStatus.FULFILLED, CommitmentStatus.LAPSED]);

export function createCommitments(
  em: EntityManager,
  clock: Clock,
  companies: Record<CompanyKey, Company>,
  structures: Record<StructureKey, Structure>,
): number {
  for (const seed of DEMO_COMMITMENTS) {
    const signed = SIGNED_STATUSES.has(seed.status);
    if (signed !== (seed.conventionSignedDay !== undefined)) throw new Error(`demo commitment "${seed.pledge}": a convention date goes with a signature`);
    const conventionSignedOn = seed.conventionSignedDay === undefined ? null : addDays(clock.today, seed.conventionSignedDay);
    em.create(Commitment, {
      company: companies[seed.company],
      animator: seed.animator ? structures[seed.animator] : null,
      axis: seed.axis,
      pledge: seed.pledge,
      measure: seed.measure,
      target: seed.target,
      declaredProgress: seed.declaredProgress,
      periodStart: addDays(clock.today, seed.periodStartDay),
      periodEnd: addDays(clock.today, seed.periodEndDay),
      status: seed.status,
      // Signed at the convention's ceremony, mid-morning.
      signedAt: conventionSignedOn ? parisInstant(conventionSignedOn, '10:30') : null,
      publicPartners: [...seed.publicPartners],
      conventionSignedOn,
    });
  }
  return DEMO_COMMITMENTS.length;
}
