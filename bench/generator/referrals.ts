import { ContractType } from '../../src/referrals/rules/contract-type';
import { NoShowParty } from '../../src/referrals/rules/no-show-party';
import { OfferStatus } from '../../src/offers/rules/offer-status';
import { ReferralOutcome } from '../../src/referrals/rules/referral-outcome';
import { ReferralStatus } from '../../src/referrals/rules/referral-status';
import { holdsSessionSeat } from '../../src/referrals/rules/seats';
import { RefusalReason } from '../../src/referrals/rules/refusal-reason';
import { SessionStatus } from '../../src/sessions/rules/session-status';
import { canMove, CancellationReason } from '../../src/referrals/rules/referral-transitions';
import { DAY_MS, HOUR_MS, type Clock } from './clock';
import { defineCopyTable, type CopyRow } from './copy-writer';
import { apportion, pickWeighted } from './distributions';
import type { Geography } from './geography';
import { OUTCOME_NOTES, REFERRAL_MOTIVES, REFUSAL_DETAILS } from './names';
import type { OfferPlan } from './offers';
import type { Participants } from './participants';
import { Random } from './prng';
import type { SessionPlan } from './sessions';
import type { StructurePlan } from './structures';

const { PENDING, ACCEPTED, WAITLISTED, REFUSED, CANCELLED, ATTENDED, NO_SHOW, COMPLETED } = ReferralStatus;

/** Share of the referrals that go to sessions (the rest to immersion offers). */
export const SESSION_REFERRAL_SHARE = 0.75;
/** The expiry job cancels PENDING referrals older than this (RELAIS_REFERRAL_EXPIRY_DAYS). */
const EXPIRY_DAYS = 30;
/**
 * PENDING referrals are at most this old at the reference now, so that the server's expiry job (which uses the
 * wall clock) leaves them alone for a week or more after generation.
 */
const PENDING_MAX_AGE_DAYS = 21;
const MEAN_ANSWER_DAYS = 1.5;
const NEVER_ANSWERED = 0.04;
const REFUSED_SHARE = 0.12;
const WITHDRAWN_SHARE = 0.06;
const CANCELLED_AFTER_ACCEPT = 0.06;
const ATTENDED_SHARE = 0.8;
const COMPLETED_AFTER_ATTENDED = 0.55;

const REFUSALS: Readonly<Record<Exclude<RefusalReason, 'NO_SEAT'>, number>> = {
  NOT_ELIGIBLE: 20, NOT_MOBILE: 15, LACKING_SKILLS: 15, INCOMPATIBLE_DATES: 25, DUPLICATE: 10, OTHER: 15,
};
const OUTCOMES: Readonly<Record<ReferralOutcome, number>> = { INTERESTED: 30, NOT_INTERESTED: 20, IMMERSION_REQUESTED: 20, TRAINING: 15, HIRED: 15 };
const CONTRACTS: Readonly<Record<ContractType, number>> = { CDI: 20, CDD: 30, INTERIM: 15, CDDI: 15, APPRENTICESHIP: 10, PROFESSIONALISATION: 5, OTHER: 5 };
const WITHDRAWAL_NOTES = ['Le participant a trouvé un emploi.', 'Indisponible à cette date.', 'Réorientation du projet.', 'Problème de garde d’enfant.'];
const SESSION_CANCELLATION_NOTES = ['Entreprise indisponible à cette date.', 'Trop peu d’inscrits.', 'Intempéries : visite de chantier reportée.'];
const OFFER_CLOSING_NOTES = ['Poste pourvu.', 'Plus de capacité d’accueil cette saison.'];

export interface Step {
  from: ReferralStatus | null;
  to: ReferralStatus;
  /** Account id; null when the system moved it (expiry). */
  actor: number | null;
  reason: string | null;
  at: number;
}

/** One referral's whole life, as the mutations would have left it: the row and its transition log. */
export interface ReferralLife {
  participant: number;
  prescriberStructureId: number;
  prescriberAccountId: number;
  sessionId: number | null;
  offerId: number | null;
  motive: string;
  status: ReferralStatus;
  refusalReason: RefusalReason | null;
  refusalDetail: string | null;
  refusalShared: boolean | null;
  noShowParty: NoShowParty | null;
  outcome: ReferralOutcome | null;
  contractType: ContractType | null;
  outcomeNote: string | null;
  cancellationReason: CancellationReason | null;
  waitlistedAt: number | null;
  answeredAt: number | null;
  createdAt: number;
  steps: Step[];
}

interface Context {
  seed: number;
  clock: Clock;
  participants: Participants;
  structures: readonly StructurePlan[];
  geo: Geography;
}

/** What the host did (or did not do) before seats were counted. */
type Fate = 'pending' | 'expired' | 'refused' | 'withdrawn' | 'accept' | 'open-at-end';

/**
 * Referrals, simulated target by target from the state machine of the hub (rules/referral-transitions.ts): who was
 * referred (a participant its referent structure follows, in or near the target's département, registered before,
 * old enough, once per target), and every move after — answers in time order, seats taken up to capacity then the
 * waiting list, refusals with a reason, withdrawals, expiry after 30 days without answer, cancellation with the
 * session, attendance and outcomes once the session took place. The simulation is deterministic per target (its own
 * random stream), so it can run several times: once to count seats (sessions, participants' last activity), once to
 * write the referrals, once to write their transitions.
 */
export class ReferralSimulation {
  private readonly sessionCounts: Int32Array;
  private readonly offerCounts: Int32Array;

  constructor(
    private readonly ctx: Context,
    private readonly sessions: readonly SessionPlan[],
    private readonly offers: readonly OfferPlan[],
    total: number,
  ) {
    const toSessions = Math.round(total * SESSION_REFERRAL_SHARE);
    this.sessionCounts = apportion(toSessions, sessions.map((s) => s.demand));
    this.offerCounts = apportion(total - toSessions, offers.map((o) => o.demand));
  }

  /** Every referral, sessions first then offers, in id order. A target short of candidates passes its count on. */
  *lives(): Generator<ReferralLife> {
    let carry = 0;
    for (let i = 0; i < this.sessions.length; i++) {
      const session = this.sessions[i]!;
      const wanted = this.sessionCounts[i]! + (session.base === 'DRAFT' ? 0 : carry);
      const lives = this.session(session, wanted);
      carry = session.base === 'DRAFT' ? carry + this.sessionCounts[i]! : wanted - lives.length;
      yield* lives;
    }
    for (let i = 0; i < this.offers.length; i++) {
      const offer = this.offers[i]!;
      const wanted = this.offerCounts[i]! + (offer.status === OfferStatus.DRAFT ? 0 : carry);
      const lives = this.offer(offer, wanted);
      carry = offer.status === OfferStatus.DRAFT ? carry + this.offerCounts[i]! : wanted - lives.length;
      yield* lives;
    }
  }

  /** Runs the simulation once to settle what the target rows hold: seats, statuses, last activity. */
  settle(): { referrals: number; transitions: number } {
    let referrals = 0;
    let transitions = 0;
    for (const life of this.lives()) {
      referrals++;
      transitions += life.steps.length;
      const p = life.participant;
      if (life.createdAt > this.ctx.participants.lastActivity[p]!) this.ctx.participants.lastActivity[p] = life.createdAt;
    }
    return { referrals, transitions };
  }

  // ——— sessions ———

  private session(s: SessionPlan, wanted: number): ReferralLife[] {
    const { clock } = this.ctx;
    const now = clock.nowMs;
    if (s.base === 'DRAFT') return [];
    const rng = new Random(this.ctx.seed, `referrals:session:${s.id}`);
    // Until when things happen: the cancellation, the start (answers), or now.
    const horizon = s.base === 'CANCELLED' ? s.cancelAt! : s.base === 'PAST' ? s.startsAt : now;
    const windowStart = s.publishedAt! + HOUR_MS;
    const windowEnd = s.base === 'PAST' ? s.startsAt - DAY_MS : horizon - HOUR_MS;
    const lives: ReferralLife[] = [];
    const host = () => rng.pick(s.organiser.staffAccountIds);
    const fates = new Map<ReferralLife, { fate: Fate; answerAt: number }>();
    if (wanted > 0 && windowEnd - windowStart > HOUR_MS) {
      const times = Array.from({ length: wanted }, () => windowStart + Math.floor(rng.next() * (windowEnd - windowStart))).sort((a, b) => a - b);
      const taken = new Set<number>();
      for (const t of times) {
        const p = this.pickParticipant(rng, s.commune.departementCode, t, s.startsAt, s.minimumAge, taken);
        if (p < 0) continue;
        taken.add(p);
        const life = this.newLife(rng, p, t, { sessionId: s.id, offerId: null });
        lives.push(life);
        fates.set(life, this.fate(rng, t, s.base === 'OPEN' ? 'open' : s.base === 'PAST' ? 'before-start' : 'until-cancel', horizon));
      }
    }
    // Answers, in the order they were given: seats first come, first served; then the waiting list.
    let seats = 0;
    let lastSeatChange = 0;
    const waitlist: ReferralLife[] = [];
    const accepted: ReferralLife[] = [];
    const answered = this.settleAllButAcceptances(rng, lives, fates, host);
    for (const life of answered) {
      const { answerAt } = fates.get(life)!;
      if (seats < s.capacity) {
        this.move(life, ACCEPTED, host(), null, answerAt);
        life.answeredAt = answerAt;
        seats++;
        lastSeatChange = Math.max(lastSeatChange, answerAt);
        accepted.push(life);
      } else if (s.base === 'PAST') {
        this.refuseWith(life, RefusalReason.NO_SEAT, REFUSAL_DETAILS.NO_SEAT!, true, answerAt, host());
      } else {
        this.move(life, WAITLISTED, host(), 'no seat left', answerAt);
        life.answeredAt = answerAt;
        life.waitlistedAt = answerAt;
        waitlist.push(life);
      }
    }
    if (s.base === 'OPEN' && waitlist.length === 0) {
      for (const life of accepted) {
        const acceptedAt = life.steps[life.steps.length - 1]!.at;
        if (!rng.chance(CANCELLED_AFTER_ACCEPT) || now - acceptedAt < 2 * HOUR_MS) continue;
        const at = acceptedAt + Math.floor(rng.between(0.05, 0.95) * (now - HOUR_MS - acceptedAt));
        this.withdraw(rng, life, at);
        seats--;
        lastSeatChange = Math.max(lastSeatChange, at);
      }
    }
    if (s.base === 'PAST') {
      for (const life of accepted) {
        const acceptedAt = life.steps[life.steps.length - 1]!.at;
        if (rng.chance(0.04)) {
          const at = acceptedAt + Math.floor(rng.between(0.05, 0.95) * (s.startsAt - acceptedAt));
          this.withdraw(rng, life, at);
          seats--;
          lastSeatChange = Math.max(lastSeatChange, at);
          continue;
        }
        const recordedAt = s.endsAt + Math.floor(rng.between(0.5, 4) * HOUR_MS);
        if (rng.chance(ATTENDED_SHARE)) {
          this.move(life, ATTENDED, host(), null, recordedAt);
          this.maybeComplete(rng, life, recordedAt);
        } else {
          const party = rng.chance(0.85) ? NoShowParty.PARTICIPANT : NoShowParty.HOST;
          this.move(life, NO_SHOW, host(), party, recordedAt);
          life.noShowParty = party;
        }
      }
    }
    if (s.base === 'CANCELLED') {
      const note = rng.chance(0.7) ? rng.pick(SESSION_CANCELLATION_NOTES) : null;
      const actor = host();
      for (const life of lives) {
        if (life.status === PENDING || life.status === ACCEPTED || life.status === WAITLISTED) {
          this.cancel(life, CancellationReason.SESSION_CANCELLED, actor, note, s.cancelAt!);
        }
      }
      seats = 0;
    }
    s.seatsTaken = seats;
    s.status = s.base === 'PAST' ? SessionStatus.COMPLETED
      : s.base === 'CANCELLED' ? SessionStatus.CANCELLED
      : seats >= s.capacity ? SessionStatus.FULL : SessionStatus.PUBLISHED;
    s.updatedAt = Math.max(s.createdAt, s.publishedAt ?? 0, s.cancelAt ?? 0, lastSeatChange);
    this.check(lives, s.capacity, `session ${s.id}`);
    return lives;
  }

  // ——— immersion offers ———

  private offer(o: OfferPlan, wanted: number): ReferralLife[] {
    const { clock } = this.ctx;
    const now = clock.nowMs;
    if (o.status === OfferStatus.DRAFT) return [];
    const rng = new Random(this.ctx.seed, `referrals:offer:${o.id}`);
    const horizon = o.closedAt ?? now;
    const fromMs = Date.parse(`${o.availableFrom}T08:00:00Z`);
    const untilMs = Date.parse(`${o.availableUntil}T20:00:00Z`);
    const windowStart = o.publishedAt! + HOUR_MS;
    const windowEnd = Math.min(horizon, untilMs) - HOUR_MS;
    const lives: ReferralLife[] = [];
    const host = () => (o.company.staffAccountId !== null && rng.chance(0.3) ? o.company.staffAccountId : o.company.adminAccountId);
    const fates = new Map<ReferralLife, { fate: Fate; answerAt: number }>();
    if (wanted > 0 && windowEnd - windowStart > HOUR_MS) {
      const times = Array.from({ length: wanted }, () => windowStart + Math.floor(rng.next() * (windowEnd - windowStart))).sort((a, b) => a - b);
      const taken = new Set<number>();
      for (const t of times) {
        const p = this.pickParticipant(rng, o.commune.departementCode, t, fromMs + 4 * HOUR_MS, 16, taken);
        if (p < 0) continue;
        taken.add(p);
        const life = this.newLife(rng, p, t, { sessionId: null, offerId: o.id });
        lives.push(life);
        fates.set(life, this.fate(rng, t, o.closedAt !== null ? 'until-cancel' : 'open', horizon));
      }
    }
    const answered = this.settleAllButAcceptances(rng, lives, fates, host);
    let held = 0;
    for (const life of answered) {
      const { answerAt } = fates.get(life)!;
      if (held >= o.positions) {
        // The positions are taken (acceptReferral answers CAPACITY_REACHED): the company refuses.
        this.refuseWith(life, RefusalReason.NO_SEAT, 'Toutes les places d’immersion sont prises.', true, answerAt, host());
        continue;
      }
      this.move(life, ACCEPTED, host(), null, answerAt);
      life.answeredAt = answerAt;
      held++;
      const start = Math.max(answerAt, fromMs);
      const recordedAt = start + Math.floor((o.maxPresenceDays + rng.between(0, 3)) * DAY_MS);
      if (rng.chance(0.04) && horizon - answerAt > 2 * HOUR_MS) {
        this.withdraw(rng, life, answerAt + Math.floor(rng.between(0.05, 0.95) * (horizon - HOUR_MS - answerAt)));
      } else if (recordedAt < now - HOUR_MS && rng.chance(0.85)) {
        if (rng.chance(0.85)) {
          this.move(life, ATTENDED, host(), null, recordedAt);
          this.maybeComplete(rng, life, recordedAt);
        } else {
          const party = rng.chance(0.8) ? NoShowParty.PARTICIPANT : NoShowParty.HOST;
          this.move(life, NO_SHOW, host(), party, recordedAt);
          life.noShowParty = party;
        }
      }
    }
    if (o.closedAt !== null) {
      const note = rng.chance(0.6) ? rng.pick(OFFER_CLOSING_NOTES) : null;
      const actor = o.company.adminAccountId;
      for (const life of lives) if (life.status === PENDING || life.status === WAITLISTED) this.cancel(life, CancellationReason.OFFER_CLOSED, actor, note, o.closedAt);
    }
    this.check(lives, o.positions, `immersion offer ${o.id}`);
    return lives;
  }

  // ——— steps ———

  /**
   * When the host answers and what it does. A referral nobody answers expires after 30 days (the expiry job); one
   * still unanswered at the reference now stays PENDING if it is recent, and is answered otherwise.
   */
  private fate(rng: Random, t: number, mode: 'open' | 'before-start' | 'until-cancel', horizon: number): { fate: Fate; answerAt: number } {
    const now = this.ctx.clock.nowMs;
    const never = rng.chance(NEVER_ANSWERED);
    let answerAt = t + Math.floor((0.05 + rng.exponential(MEAN_ANSWER_DAYS)) * DAY_MS);
    if (never || answerAt >= horizon - 10 * 60_000) {
      const expiresAt = t + EXPIRY_DAYS * DAY_MS + Math.floor(rng.next() * 10 * 60_000);
      if (expiresAt < Math.min(now, horizon) - HOUR_MS) return { fate: 'expired', answerAt: expiresAt };
      if (mode === 'until-cancel') return { fate: 'open-at-end', answerAt: horizon };
      if (mode === 'open' && t >= now - PENDING_MAX_AGE_DAYS * DAY_MS) return { fate: 'pending', answerAt: Number.NaN };
      answerAt = t + Math.floor(rng.between(0.1, 0.9) * (Math.min(horizon, now) - HOUR_MS - t));
    }
    const r = rng.next();
    if (r < REFUSED_SHARE) return { fate: 'refused', answerAt };
    if (r < REFUSED_SHARE + WITHDRAWN_SHARE) return { fate: 'withdrawn', answerAt };
    return { fate: 'accept', answerAt };
  }

  private newLife(rng: Random, p: number, t: number, target: { sessionId: number | null; offerId: number | null }): ReferralLife {
    const { participants, structures } = this.ctx;
    const motive = rng.pick(REFERRAL_MOTIVES);
    const prescriberAccountId = participants.referentAccount[p]!;
    return {
      participant: p,
      prescriberStructureId: structures[participants.referent[p]!]!.id,
      prescriberAccountId,
      ...target,
      motive,
      status: PENDING,
      refusalReason: null,
      refusalDetail: null,
      refusalShared: null,
      noShowParty: null,
      outcome: null,
      contractType: null,
      outcomeNote: null,
      cancellationReason: null,
      waitlistedAt: null,
      answeredAt: null,
      createdAt: t,
      // referParticipant logs the creation with the motive as its reason.
      steps: [{ from: null, to: PENDING, actor: prescriberAccountId, reason: motive, at: t }],
    };
  }

  private move(life: ReferralLife, to: ReferralStatus, actor: number | null, reason: string | null, at: number): void {
    if (!canMove(life.status, to)) throw new Error(`referral simulation: ${life.status} → ${to} is not a move`);
    const previous = life.steps[life.steps.length - 1]!.at;
    if (at <= previous) at = previous + 1000;
    life.steps.push({ from: life.status, to, actor, reason, at });
    life.status = to;
  }

  /**
   * Carries out the fates that take no seat (expiry, refusal, withdrawal), in the order of `lives`; returns the
   * referrals to accept, in the order they were answered.
   */
  private settleAllButAcceptances(rng: Random, lives: ReferralLife[], fates: Map<ReferralLife, { fate: Fate; answerAt: number }>, host: () => number): ReferralLife[] {
    for (const life of lives) {
      const { fate, answerAt } = fates.get(life)!;
      if (fate === 'expired') this.expire(life);
      else if (fate === 'refused') this.refuse(rng, life, answerAt, host());
      else if (fate === 'withdrawn') this.withdraw(rng, life, answerAt);
    }
    return lives.filter((l) => fates.get(l)!.fate === 'accept').sort((a, b) => fates.get(a)!.answerAt - fates.get(b)!.answerAt);
  }

  private refuse(rng: Random, life: ReferralLife, at: number, actor: number): void {
    const reason = pickWeighted(rng, REFUSALS) as RefusalReason;
    const detail = reason === RefusalReason.OTHER || rng.chance(0.5) ? REFUSAL_DETAILS[reason]! : null;
    this.refuseWith(life, reason, detail, rng.chance(0.7), at, actor);
  }

  private refuseWith(life: ReferralLife, reason: RefusalReason, detail: string | null, shared: boolean, at: number, actor: number): void {
    this.move(life, REFUSED, actor, detail ?? reason, at);
    life.refusalReason = reason;
    life.refusalDetail = detail;
    life.refusalShared = shared;
    life.waitlistedAt = null;
    life.answeredAt ??= at;
  }

  /** The prescriber withdraws (cancelReferral): before an answer or after an acceptance. */
  private withdraw(rng: Random, life: ReferralLife, at: number): void {
    const note = rng.chance(0.4) ? rng.pick(WITHDRAWAL_NOTES) : null;
    this.cancel(life, CancellationReason.WITHDRAWN, life.prescriberAccountId, note, at);
  }

  private expire(life: ReferralLife): void {
    const at = life.createdAt + EXPIRY_DAYS * DAY_MS + 5 * 60_000;
    this.cancel(life, CancellationReason.EXPIRED, null, 'no answer from the host in time', at);
  }

  private cancel(life: ReferralLife, reason: CancellationReason, actor: number | null, note: string | null, at: number): void {
    this.move(life, CANCELLED, actor, note ? `${reason}: ${note}` : reason, at);
    life.cancellationReason = reason;
    life.waitlistedAt = null;
  }

  /** The prescriber, who keeps the follow-up, records an outcome some days later. */
  private maybeComplete(rng: Random, life: ReferralLife, attendedAt: number): void {
    const now = this.ctx.clock.nowMs;
    if (!rng.chance(COMPLETED_AFTER_ATTENDED) || attendedAt + DAY_MS >= now - HOUR_MS) return;
    const at = attendedAt + Math.floor(rng.between(1, Math.min(14, (now - HOUR_MS - attendedAt) / DAY_MS)) * DAY_MS);
    const outcome = pickWeighted(rng, OUTCOMES);
    const note = rng.chance(0.6) ? rng.pick(OUTCOME_NOTES) : null;
    this.move(life, COMPLETED, life.prescriberAccountId, note, at);
    life.outcome = outcome;
    life.contractType = outcome === ReferralOutcome.HIRED ? pickWeighted(rng, CONTRACTS) : null;
    life.outcomeNote = note;
  }

  /**
   * A participant of a structure in (mostly) the target's département, registered before the referral, old enough
   * on the first day, not referred to this target yet; -1 after a few unlucky draws.
   */
  private pickParticipant(rng: Random, departementCode: string, at: number, startsAt: number, minimumAge: number, taken: ReadonlySet<number>): number {
    const { participants, geo } = this.ctx;
    for (let tries = 0; tries < 30; tries++) {
      const r = rng.next();
      let pool: Int32Array | undefined;
      if (r < 0.8) pool = participants.poolByDepartement.get(departementCode);
      else if (r < 0.9) {
        const region = geo.byRegion.get(geo.departementByCode.get(departementCode)?.regionCode ?? '') ?? [];
        if (region.length > 0) pool = participants.poolByDepartement.get(rng.pick(region).code);
      }
      if (!pool || pool.length === 0) pool = participants.pool;
      if (pool.length === 0) return -1;
      const p = pool[Math.floor(rng.next() * pool.length)]!;
      if (taken.has(p) || participants.createdAt[p]! >= at - HOUR_MS) continue;
      if (participants.ageAt(p, startsAt) < minimumAge) continue;
      return p;
    }
    return -1;
  }

  /** The promises of the hub, checked on every generated target. */
  private check(lives: readonly ReferralLife[], capacity: number, what: string): void {
    let held = 0;
    for (const life of lives) {
      if (holdsSessionSeat(life.status)) held++;
      for (let i = 1; i < life.steps.length; i++) {
        if (life.steps[i]!.at <= life.steps[i - 1]!.at) throw new Error(`${what}: steps out of order`);
      }
      if (life.steps[life.steps.length - 1]!.at > this.ctx.clock.nowMs) throw new Error(`${what}: a step after now`);
    }
    if (held > capacity) throw new Error(`${what}: ${held} seats held out of ${capacity}`);
  }
}

export const REFERRAL_TABLE = defineCopyTable('referral', [
  'id', 'participant_id', 'prescriber_structure_id', 'prescriber_account_id', 'session_id', 'immersion_offer_id', 'motive', 'status',
  'refusal_reason', 'refusal_detail', 'refusal_shared_with_participant', 'no_show_party', 'outcome', 'contract_type', 'outcome_note',
  'cancellation_reason', 'waitlisted_at', 'answered_at', 'created_at', 'updated_at',
] as const);

export function* referralRows(simulation: ReferralSimulation): Generator<CopyRow<(typeof REFERRAL_TABLE.columns)[number]>> {
  let id = 0;
  for (const r of simulation.lives()) {
    yield {
      id: ++id, participant_id: r.participant + 1, prescriber_structure_id: r.prescriberStructureId, prescriber_account_id: r.prescriberAccountId,
      session_id: r.sessionId, immersion_offer_id: r.offerId, motive: r.motive, status: r.status, refusal_reason: r.refusalReason,
      refusal_detail: r.refusalDetail, refusal_shared_with_participant: r.refusalShared, no_show_party: r.noShowParty, outcome: r.outcome,
      contract_type: r.contractType, outcome_note: r.outcomeNote, cancellation_reason: r.cancellationReason,
      waitlisted_at: r.waitlistedAt === null ? null : new Date(r.waitlistedAt), answered_at: r.answeredAt === null ? null : new Date(r.answeredAt),
      created_at: new Date(r.createdAt), updated_at: new Date(r.steps[r.steps.length - 1]!.at),
    };
  }
}

export const TRANSITION_TABLE = defineCopyTable('referral_transition', ['id', 'referral_id', 'from_status', 'to_status', 'actor_id', 'reason', 'at'] as const);

export function* transitionRows(simulation: ReferralSimulation): Generator<CopyRow<(typeof TRANSITION_TABLE.columns)[number]>> {
  let referralId = 0;
  let id = 0;
  for (const r of simulation.lives()) {
    referralId++;
    for (const step of r.steps) {
      yield { id: ++id, referral_id: referralId, from_status: step.from, to_status: step.to, actor_id: step.actor, reason: step.reason, at: new Date(step.at) };
    }
  }
}
