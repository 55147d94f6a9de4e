import { StructureKind } from '../../src/network/rules/structure-kind';
import { AccountRole } from '../../src/access/rules/account-role';
import { ageOn } from '../../src/participants/rules/age';
import { ageBandOf } from '../../src/participants/rules/age-band';
import type { AccountPlan } from './accounts';
import { addYears, DAY_MS, HOUR_MS, isoDay, type Clock } from './clock';
import { defineCopyTable, type CopyRow } from './copy-writer';
import { WeightedSampler } from './distributions';
import type { Geography } from './geography';
import { emailLocalPart, fictionPhone, PARTICIPANT_NOTES, personName, streetAddress } from './names';
import { Random } from './prng';
import type { CommuneRef } from './reference';
import type { StructurePlan } from './structures';

/** Share of participants erased (GDPR): the row stays, anonymous, without personal data nor referrals. */
const ERASED_SHARE = 0.01;
/** Share of participants with an account of their own (the mobile app). */
const ACCOUNT_SHARE = 0.15;
/** Registered at most this long ago: the retention job (24 months of inactivity) must find nobody to erase. */
const MAX_FOLLOWED_DAYS = 660;

/**
 * Participants in compact arrays (100,000 of them): what the other tables need — referent structure and
 * counsellor, birth date, registration, erasure, last activity — and, per département of the referent, the pool
 * of those who can be referred (not erased, referent with the prescriber right). Names, contact and address are
 * drawn from each participant's own random stream when their rows are written (`person`), so they are never held.
 */
export class Participants {
  readonly referent: Int32Array;
  readonly referentAccount: Int32Array;
  /** Birth date, in days since 1970-01-01. */
  readonly birthDay: Int32Array;
  readonly createdAt: Float64Array;
  /** NaN unless erased. */
  readonly erasedAt: Float64Array;
  /** Latest of registration and referrals made (what referParticipant records); filled by the referral passes. */
  readonly lastActivity: Float64Array;
  readonly accountId: Int32Array;
  /** Referable participants (indexes) by département code of their referent structure. */
  readonly poolByDepartement = new Map<string, Int32Array>();
  readonly pool: Int32Array;

  constructor(
    readonly count: number,
    private readonly structures: readonly StructurePlan[],
    private readonly geo: Geography,
    private readonly clock: Clock,
    private readonly seed: number,
    rng: Random,
  ) {
    this.referent = new Int32Array(count);
    this.referentAccount = new Int32Array(count);
    this.birthDay = new Int32Array(count);
    this.createdAt = new Float64Array(count);
    this.erasedAt = new Float64Array(count).fill(Number.NaN);
    this.lastActivity = new Float64Array(count);
    this.accountId = new Int32Array(count);
    const referents = new WeightedSampler(structures.map((s) => s.weight * (s.canPrescribe ? 1 : 0.15)));
    const pools = new Map<string, number[]>();
    const all: number[] = [];
    const nowMs = clock.nowMs;
    for (let i = 0; i < count; i++) {
      const s = referents.sample(rng);
      const structure = structures[s]!;
      this.referent[i] = s;
      this.referentAccount[i] = rng.pick(structure.staffAccountIds);
      const age = ageFor(structure.kind, rng);
      const birthMs = Date.parse(`${addYears(clock.today, -age)}T00:00:00Z`) - rng.int(0, 364) * DAY_MS;
      this.birthDay[i] = Math.round(birthMs / DAY_MS);
      let created = nowMs - rng.between(1, MAX_FOLLOWED_DAYS) * DAY_MS;
      // Registered at 16 or older (registerParticipant refuses a younger person).
      const sixteen = Date.parse(`${addYears(isoDay(birthMs), 16)}T00:00:00Z`);
      if (created < sixteen) created = sixteen + rng.between(0.1, 0.9) * Math.min(30 * DAY_MS, nowMs - sixteen);
      created = Math.floor(created);
      this.createdAt[i] = created;
      this.lastActivity[i] = created;
      if (rng.chance(ERASED_SHARE) && created + 31 * DAY_MS < nowMs - DAY_MS) {
        this.erasedAt[i] = Math.floor(created + rng.between(30, Math.min(300, (nowMs - created) / DAY_MS - 1)) * DAY_MS);
        continue;
      }
      if (structure.canPrescribe) {
        const code = structure.departement.code;
        const pool = pools.get(code) ?? [];
        pool.push(i);
        pools.set(code, pool);
        all.push(i);
      }
    }
    for (const [code, pool] of pools) this.poolByDepartement.set(code, Int32Array.from(pool));
    this.pool = Int32Array.from(all);
  }

  /** Gives accounts to some participants, from `firstId` on; returns the next free account id. */
  assignAccounts(firstId: number, rng: Random): number {
    let next = firstId;
    for (let i = 0; i < this.count; i++) {
      if (Number.isNaN(this.erasedAt[i]!) && rng.chance(ACCOUNT_SHARE)) this.accountId[i] = next++;
    }
    return next;
  }

  isErased(i: number): boolean {
    return !Number.isNaN(this.erasedAt[i]!);
  }

  /** Age in whole years at `ms`. */
  ageAt(i: number, ms: number): number {
    return ageOn(isoDay(this.birthDay[i]! * DAY_MS), new Date(ms));
  }

  /** The person behind participant `i`: the same every time it is asked (its own random stream). */
  person(i: number): Person {
    const rng = new Random(this.seed, `participant:${i + 1}`);
    const structure = this.structures[this.referent[i]!]!;
    const region = this.geo.byRegion.get(structure.departement.regionCode) ?? [structure.departement];
    const home = rng.chance(0.85) ? structure.departement : rng.pick(region);
    const commune = this.geo.commune(rng, home);
    const { firstName, lastName } = personName(rng);
    return {
      firstName,
      lastName,
      commune,
      email: rng.chance(0.8) ? `${emailLocalPart(firstName, lastName)}.${i + 1}@example.org` : null,
      phone: rng.chance(0.85) ? fictionPhone(rng) : null,
      address: rng.chance(0.9) ? streetAddress(rng) : null,
      postalCode: commune.postalCodes.length > 0 ? rng.pick(commune.postalCodes) : null,
      notes: rng.chance(0.35) ? rng.pick(PARTICIPANT_NOTES) : null,
      rqth: rng.chance(0.07),
    };
  }

  *rows(): Generator<CopyRow<(typeof PARTICIPANT_TABLE.columns)[number]>> {
    for (let i = 0; i < this.count; i++) {
      const birthDate = isoDay(this.birthDay[i]! * DAY_MS);
      const created = new Date(this.createdAt[i]!);
      yield {
        id: i + 1,
        referent_structure_id: this.structures[this.referent[i]!]!.id,
        referent_account_id: this.referentAccount[i]!,
        age_band: ageBandOf(ageOn(birthDate, created)),
        departement_code: this.person(i).commune.departementCode,
        created_at: created,
        last_activity_at: new Date(this.lastActivity[i]!),
        erased_at: this.isErased(i) ? new Date(this.erasedAt[i]!) : null,
      };
    }
  }

  *personalDataRows(): Generator<CopyRow<(typeof PERSONAL_DATA_TABLE.columns)[number]>> {
    for (let i = 0; i < this.count; i++) {
      if (this.isErased(i)) continue;
      const p = this.person(i);
      yield {
        participant_id: i + 1, first_name: p.firstName, last_name: p.lastName, birth_date: isoDay(this.birthDay[i]! * DAY_MS),
        email: p.email, phone: p.phone, address: p.address, postal_code: p.postalCode, commune_code: p.commune.code, notes: p.notes, rqth: p.rqth,
      };
    }
  }

  *accounts(): Generator<AccountPlan> {
    for (let i = 0; i < this.count; i++) {
      const id = this.accountId[i]!;
      if (id === 0) continue;
      const p = this.person(i);
      yield {
        id,
        email: `${emailLocalPart(p.firstName, p.lastName)}.p${i + 1}@example.org`,
        displayName: `${p.firstName} ${p.lastName}`,
        role: AccountRole.PARTICIPANT,
        structureId: null,
        companyId: null,
        participantId: i + 1,
        createdAt: new Date(Math.max(this.createdAt[i]!, Math.min(this.createdAt[i]! + 2 * DAY_MS, this.clock.nowMs - HOUR_MS))),
      };
    }
  }
}

export interface Person {
  firstName: string;
  lastName: string;
  commune: CommuneRef;
  email: string | null;
  phone: string | null;
  address: string | null;
  postalCode: string | null;
  notes: string | null;
  rqth: boolean;
}

/** Age today: missions locales and the like follow young people, others mostly adults. */
function ageFor(kind: StructureKind, rng: Random): number {
  if (kind === StructureKind.ML) return rng.chance(0.15) ? rng.int(16, 17) : rng.int(18, 25);
  if (kind === StructureKind.E2C || kind === StructureKind.EPIDE) return rng.int(18, 25);
  const r = rng.next();
  if (r < 0.25) return rng.int(18, 25);
  if (r < 0.75) return rng.int(26, 44);
  return rng.int(45, 62);
}

export const PARTICIPANT_TABLE = defineCopyTable('participant', [
  'id', 'referent_structure_id', 'referent_account_id', 'age_band', 'departement_code', 'created_at', 'last_activity_at', 'erased_at',
] as const);

export const PERSONAL_DATA_TABLE = defineCopyTable('participant_personal_data', [
  'participant_id', 'first_name', 'last_name', 'birth_date', 'email', 'phone', 'address', 'postal_code', 'commune_code', 'notes', 'rqth',
] as const);
