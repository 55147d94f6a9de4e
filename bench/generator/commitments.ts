import { CommitmentAxis } from '../../src/commitments/rules/commitment-axis';
import { CommitmentMeasure } from '../../src/commitments/rules/commitment-measure';
import { CommitmentStatus } from '../../src/commitments/rules/commitment-status';
import { StructureKind } from '../../src/network/rules/structure-kind';
import { MEASURED_BY_HUB } from '../../src/commitments/rules/commitment-progress';
import { addDays, DAY_MS, HOUR_MS, isoDay, type Clock } from './clock';
import type { CompanyPlan } from './companies';
import { defineCopyTable, type CopyRow } from './copy-writer';
import { pickWeighted, WeightedSampler } from './distributions';
import type { Random } from './prng';
import type { StructurePlan } from './structures';

/** PAQTE axes, and what each pledge counts. */
const AXES: Readonly<Record<CommitmentAxis, number>> = { SENSIBILISER: 35, RECRUTER: 30, FORMER: 20, ACHETER: 15 };
const MEASURES: Readonly<Record<CommitmentAxis, Partial<Record<CommitmentMeasure, number>>>> = {
  SENSIBILISER: { SESSIONS_HOSTED: 80, OTHER: 20 },
  FORMER: { APPRENTICES: 85, OTHER: 15 },
  RECRUTER: { IMMERSIONS_OFFERED: 50, HIRES: 50 },
  ACHETER: { EUROS_PURCHASED: 100 },
};
const TARGETS: Readonly<Record<CommitmentMeasure, readonly [number, number]>> = {
  SESSIONS_HOSTED: [2, 12], IMMERSIONS_OFFERED: [2, 20], APPRENTICES: [1, 5], HIRES: [1, 10], EUROS_PURCHASED: [5_000, 200_000], OTHER: [1, 10],
};
const PLEDGES: Readonly<Record<CommitmentMeasure, (target: number) => string>> = {
  SESSIONS_HOSTED: (n) => `Accueillir ${n} visites ou sessions Ambassadeurs des métiers`,
  IMMERSIONS_OFFERED: (n) => `Proposer ${n} immersions (PMSMP)`,
  APPRENTICES: (n) => `Accueillir ${n} apprenti(e)s ou contrats en alternance`,
  HIRES: (n) => `Recruter ${n} personnes issues des quartiers prioritaires`,
  EUROS_PURCHASED: (n) => `Acheter pour ${n.toLocaleString('fr-FR')} € auprès de structures de l’IAE et de l’ESS`,
  OTHER: (n) => `Ouvrir ses portes à ${n} classes de 3e (stages d’observation)`,
};

/**
 * Commitments (engagements, PAQTE): mostly by CRÉPI member companies and animated by their CRÉPI, some by other
 * companies with a CRÉPI of their région or none. Stored statuses are those people set (PROPOSED, SIGNED, WITHDRAWN,
 * and FULFILLED by a declared progress reaching the target); LAPSED and measured FULFILLED are derived on read.
 */
export function* commitmentRows(
  count: number,
  companies: readonly CompanyPlan[],
  structures: readonly StructurePlan[],
  clock: Clock,
  rng: Random,
): Generator<CopyRow<(typeof COMMITMENT_TABLE.columns)[number]>> {
  const members = companies.filter((c) => c.crepiId !== null);
  const memberSampler = members.length > 0 ? new WeightedSampler(members.map((c) => c.activity)) : null;
  const anySampler = new WeightedSampler(companies.map((c) => c.activity));
  const crepiByRegion = new Map<string, StructurePlan>();
  for (const s of structures) if (s.kind === StructureKind.CREPI && !crepiByRegion.has(s.departement.regionCode)) crepiByRegion.set(s.departement.regionCode, s);
  const now = clock.nowMs;
  for (let id = 1; id <= count; id++) {
    const company = memberSampler && rng.chance(0.6) ? members[memberSampler.sample(rng)]! : companies[anySampler.sample(rng)]!;
    const regionCrepi = crepiByRegion.get(company.departement.regionCode);
    const animatorId = company.crepiId ?? (regionCrepi && rng.chance(0.5) ? regionCrepi.id : null);
    const axis = pickWeighted(rng, AXES);
    const measure = pickWeighted(rng, MEASURES[axis] as Record<CommitmentMeasure, number>);
    const [low, high] = TARGETS[measure];
    const target = measure === CommitmentMeasure.EUROS_PURCHASED ? Math.round(rng.int(low, high) / 1000) * 1000 : rng.int(low, high);
    const periodStart = addDays(clock.today, -rng.int(0, 1000) + 90);
    const periodEnd = addDays(periodStart, rng.int(365, 3 * 365));
    const startMs = Date.parse(`${periodStart}T00:00:00Z`);
    const endMs = Date.parse(`${periodEnd}T22:00:00Z`);
    // Proposed before the period ended (the hub refuses a period already over), and before now.
    const createdAt = Math.min(now - HOUR_MS, endMs - DAY_MS, startMs - Math.floor(rng.between(-60, 45) * DAY_MS));
    let status: CommitmentStatus = CommitmentStatus.PROPOSED;
    let signedAt: number | null = null;
    const r = rng.next();
    if (r < 0.07) status = CommitmentStatus.WITHDRAWN;
    else if (r < 0.25 || animatorId === null) status = rng.chance(0.1) ? CommitmentStatus.WITHDRAWN : CommitmentStatus.PROPOSED;
    else {
      // Signed by the animator while the period ran (or before it started).
      const latest = Math.min(now - HOUR_MS, endMs - DAY_MS);
      if (latest - createdAt > DAY_MS) {
        signedAt = createdAt + Math.floor(rng.between(0.1, Math.min(90, (latest - createdAt) / DAY_MS)) * DAY_MS);
        status = CommitmentStatus.SIGNED;
      }
    }
    let declared = 0;
    if (status === CommitmentStatus.SIGNED && !MEASURED_BY_HUB.has(measure)) {
      if (rng.chance(0.15)) {
        status = CommitmentStatus.FULFILLED;
        declared = target + (rng.chance(0.3) ? rng.int(0, Math.ceil(target / 5)) : 0);
      } else declared = rng.int(0, target - 1);
    }
    const department = company.departement;
    const partners = [`Préfecture ${department.name.startsWith('Paris') ? 'de Paris' : `du département ${department.name}`}`];
    if (rng.chance(0.8)) partners.push(`Agglomération de ${company.commune.name}`);
    yield {
      id,
      company_id: company.id,
      animator_id: animatorId,
      axis,
      pledge: PLEDGES[measure](target),
      measure,
      target,
      declared_progress: declared,
      period_start: periodStart,
      period_end: periodEnd,
      status,
      signed_at: signedAt === null ? null : new Date(signedAt),
      public_partners: signedAt === null ? [] : partners,
      convention_signed_on: signedAt === null ? null : isoDay(signedAt - rng.int(0, 20) * DAY_MS),
      created_at: new Date(createdAt),
      updated_at: new Date(Math.max(createdAt, signedAt ?? 0)),
    };
  }
}

export const COMMITMENT_TABLE = defineCopyTable('commitment', [
  'id', 'company_id', 'animator_id', 'axis', 'pledge', 'measure', 'target', 'declared_progress', 'period_start', 'period_end', 'status',
  'signed_at', 'public_partners', 'convention_signed_on', 'created_at', 'updated_at',
] as const);
