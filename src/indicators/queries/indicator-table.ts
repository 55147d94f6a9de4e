import type { EntityManager } from '@mikro-orm/postgresql';
import { HIDDEN_DISPLAY, SMALL_COUNT_DISPLAY, suppress, type ProtectedFigure, type Suppression } from '../rules/disclosure';
import { factApplies, IndicatorDimension, type IndicatorCriterion } from '../rules/dimensions';
import {
  COMMITMENT_AXES, commitmentFigures, FOLLOW_UP_MILESTONES, followUpFigures, keyLabels, offerFigures, programmeTargets, REFERRAL_STATUSES, referralFigures, sessionFigures,
  type GroupedRow, type IndicatorFilter, type PeopleScope, type ProgrammeTargetRow,
} from './indicators';

/** A count of people as the viewer may see it. */
export interface CountFigure { value: number | null; suppressed: boolean; display: string }
export interface RateFigure { value: number | null; suppressed: boolean; display: string }

export interface PeopleFigures {
  referrals: CountFigure;
  byStatus: { status: string; count: CountFigure }[];
  participants: CountFigure;
  seatsFilled: CountFigure;
  attended: CountFigure;
  attendanceRate: RateFigure;
  immersionsCompleted: CountFigure;
  outcomes: OutcomeFigures[];
}

/** Follow-ups of one milestone recorded (placed by their due date), and how many found durable employment. */
export interface OutcomeFigures { milestone: string; recorded: CountFigure; durable: CountFigure; durableRate: RateFigure }

export interface IndicatorKeyValue { dimension: IndicatorDimension; value: string | null; label: string | null }

export interface IndicatorRowFigures {
  keys: IndicatorKeyValue[];
  sessions: { held: number; cancelled: number; seatsOffered: number } | null;
  offers: { published: number; positions: number } | null;
  people: PeopleFigures | null;
  commitments: { axis: string; proposed: number; signed: number; fulfilled: number }[] | null;
  programmeTargets: Omit<ProgrammeTargetRow, 'id'> | null;
}

export interface IndicatorTable { groupBy: IndicatorDimension[]; rows: IndicatorRowFigures[]; total: IndicatorRowFigures }

/** What a viewer gets: the people it counts (null: no counts of people) and the commitments it reads (null: none). */
export interface IndicatorAccess {
  people: PeopleScope | null;
  /** Apply the small-count rule (everyone but network admins). */
  protect: boolean;
  commitments: { companyId?: number; animatorId?: number } | null;
}

/**
 * Most rows a table holds. The whole table is computed for each answer (the small-count rule needs every cell), and
 * GraphQL pages through it (400 rows a page) while the exports stream it: this bounds the work of one request. The
 * benchmark région's year gives 1,115 rows by MONTH and ROME_DOMAINE, 1,604 by STRUCTURE and MONTH.
 */
export const MAX_INDICATOR_ROWS = 20_000;

/**
 * Counted by the seat ledger (referrals/rules/seats.ts, SESSION_SEAT_STATUSES): a referral holds a seat of its
 * session from its acceptance on, attended, absent or completed.
 */
const SEAT_STATUSES = ['ACCEPTED', 'ATTENDED', 'NO_SHOW', 'COMPLETED'];
const ATTENDED_STATUSES = ['ATTENDED', 'COMPLETED'];

const keyOf = (row: { k0: string | null; k1: string | null }) => JSON.stringify([row.k0, row.k1]);

/** The indicators of a filter and grouping as a viewer may read them: one grouped statement per fact, then the rule. */
export async function indicatorTable(
  em: EntityManager, filter: IndicatorFilter, groupBy: IndicatorDimension[], access: IndicatorAccess,
): Promise<IndicatorTable> {
  const criteria = (['structureIds', 'programmeIds', 'sessionKinds', 'romeCodes'] as const)
    .filter((c) => (filter[c]?.length ?? 0) > 0)
    .map((c): IndicatorCriterion => ({ structureIds: 'structures', programmeIds: 'programmes', sessionKinds: 'sessionKinds', romeCodes: 'romeCodes' } as const)[c]);
  const applies = (fact: 'sessions' | 'offers' | 'referrals' | 'commitments') => factApplies(fact, groupBy, criteria);
  // One statement at a time: the request's connection runs them in turn anyway.
  const sessions = applies('sessions') ? await sessionFigures(em, filter, groupBy) : null;
  const offers = applies('offers') ? await offerFigures(em, filter, groupBy) : null;
  const referrals = access.people && applies('referrals') ? await referralFigures(em, filter, groupBy, access.people) : null;
  // Outcomes follow the referrals' dimensions and rights: present exactly when the referral block is.
  const outcomes = referrals && access.people ? await followUpFigures(em, filter, groupBy, access.people) : null;
  const commitments = access.commitments && applies('commitments') ? await commitmentFigures(em, filter, groupBy, access.commitments) : null;

  const cells = new Map<string, { k0: string | null; k1: string | null }>();
  for (const block of [sessions, offers, referrals, outcomes, commitments]) for (const r of block ?? []) if (!r.total) cells.set(keyOf(r), r);
  if (cells.size > MAX_INDICATOR_ROWS) throw new RowsExceeded(cells.size);

  const index = (block: GroupedRow[] | null) => new Map((block ?? []).map((r) => [r.total ? 'total' : keyOf(r), r]));
  const bySession = index(sessions);
  const byOffer = index(offers);
  const byReferral = index(referrals);
  const byCommitment = index(commitments);
  const people = referrals ? protectPeople(referrals, outcomes ?? [], access.protect) : null;
  const labels = await labelsOf(em, groupBy, [...cells.values()]);
  const programmeColumn = groupBy.indexOf(IndicatorDimension.PROGRAMME);
  const programmeIds = programmeColumn < 0 ? [] : [...cells.values()].map((c) => (programmeColumn === 0 ? c.k0 : c.k1)).filter((v): v is string => v !== null).map(Number);
  const targets = new Map((programmeIds.length ? await programmeTargets(em, programmeIds) : []).map((t) => [String(t.id), t]));

  const rowOf = (key: string, cell: { k0: string | null; k1: string | null } | null): IndicatorRowFigures => {
    const s = bySession.get(key);
    const o = byOffer.get(key);
    const c = byCommitment.get(key);
    const programmeKey = cell && programmeColumn >= 0 ? (programmeColumn === 0 ? cell.k0 : cell.k1) : null;
    const target = programmeKey ? targets.get(programmeKey) : undefined;
    return {
      keys: cell ? groupBy.map((dimension, i) => {
        const value = i === 0 ? cell.k0 : cell.k1;
        return { dimension, value, label: value === null ? null : labels.get(`${dimension}:${value}`) ?? null };
      }) : [],
      sessions: sessions ? { held: num(s?.held), cancelled: num(s?.cancelled), seatsOffered: num(s?.seats_offered) } : null,
      offers: offers ? { published: num(o?.published), positions: num(o?.positions) } : null,
      people: people ? people.get(key) ?? people.get(EMPTY)! : null,
      commitments: commitments ? COMMITMENT_AXES.map((axis) => ({
        axis, proposed: num(c?.[`proposed_${axis}`]), signed: num(c?.[`signed_${axis}`]), fulfilled: num(c?.[`fulfilled_${axis}`]),
      })) : null,
      programmeTargets: target ? {
        targetParticipants: target.targetParticipants, targetSessions: target.targetSessions,
        targetImmersionsCompleted: target.targetImmersionsCompleted, targetDurableOutcomes: target.targetDurableOutcomes,
      } : null,
    };
  };
  const ordered = [...cells.entries()].sort(([, a], [, b]) => compareKeys(a.k0, b.k0) || compareKeys(a.k1, b.k1));
  return { groupBy, rows: groupBy.length ? ordered.map(([key, cell]) => rowOf(key, cell)) : [], total: rowOf('total', null) };
}

export class RowsExceeded extends Error {
  constructor(readonly rows: number) {
    super(`the grouping gives ${rows} rows, more than ${MAX_INDICATOR_ROWS}: group by fewer or coarser dimensions, or narrow the filter`);
  }
}

const EMPTY = '\u0000empty';
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
// One collator for the whole sort: `localeCompare` with a locale builds one per call (175 ms for 3,000 rows).
const FRENCH = new Intl.Collator('fr', { numeric: true });
const compareKeys = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : FRENCH.compare(a, b));

async function labelsOf(em: EntityManager, groupBy: IndicatorDimension[], cells: { k0: string | null; k1: string | null }[]): Promise<Map<string, string>> {
  const valuesOf = (d: IndicatorDimension) => {
    const i = groupBy.indexOf(d);
    return i < 0 ? [] : [...new Set(cells.map((c) => (i === 0 ? c.k0 : c.k1)).filter((v): v is string => v !== null))];
  };
  const found = await keyLabels(em, {
    departements: valuesOf(IndicatorDimension.DEPARTEMENT),
    structures: valuesOf(IndicatorDimension.STRUCTURE).map(Number),
    programmes: valuesOf(IndicatorDimension.PROGRAMME).map(Number),
    domaines: valuesOf(IndicatorDimension.ROME_DOMAINE),
  });
  return new Map(found.map((r) => [`${r.kind}:${r.key}`, r.label]));
}

/**
 * The people figures of every row, each as sums of base counts (a cell's referrals of one status to sessions, to
 * offers; a cell's distinct participants), then the small-count rule over all of them at once (rules/disclosure.ts).
 */
function protectPeople(referrals: GroupedRow[], followUps: GroupedRow[], protect: boolean): Map<string, PeopleFigures> {
  const baseCounts = new Map<string, number>();
  const figures: ProtectedFigure[] = [];
  const referralCells = new Map(referrals.filter((r) => !r.total).map((r) => [keyOf(r), r]));
  const followUpCells = new Map(followUps.filter((r) => !r.total).map((r) => [keyOf(r), r]));
  // A cell may have follow-ups and no referral (a follow-up due in March of a referral of December), or the reverse.
  const cellKeys = [...new Set([...referralCells.keys(), ...followUpCells.keys()])];
  const totalRow = referrals.find((r) => r.total) ?? null;
  const followUpTotal = followUps.find((r) => r.total) ?? null;
  const plans = new Map<string, { row: GroupedRow | null; ids: Record<string, string> }>();

  // The bases only feed the small-count rule: unprotected (a network admin), the total's would be built for nothing.
  const basesOf = (cells: string[], kinds: ('s' | 'o')[], statuses: readonly string[]) =>
    (protect ? cells.flatMap((c) => kinds.flatMap((k) => statuses.map((st) => `${c}|${k}|${st}`))) : []);
  const followUpBases = (cells: string[], m: string) => (protect ? cells.flatMap((c) => [`${c}|${m}|durable`, `${c}|${m}|other`]) : []);
  const plan = (key: string, row: GroupedRow | null, cells: string[], followUpRow: GroupedRow | null) => {
    const readableOf = (r: GroupedRow | null) => !protect || (r ? num(r.unreadable) === 0 : true);
    const ids: Record<string, string> = {};
    const add = (name: string, bases: string[], value: number | null, isCount = true, readable = readableOf(row)) => {
      ids[name] = `${key}:${name}`;
      figures.push({ id: ids[name], bases, value, readable, isCount });
    };
    const v = (kinds: ('s' | 'o')[], statuses: readonly string[]) => kinds.reduce((n, k) => n + statuses.reduce((m, st) => m + num(row?.[`${k}_${st}`]), 0), 0);
    add('referrals', basesOf(cells, ['s', 'o'], REFERRAL_STATUSES), v(['s', 'o'], REFERRAL_STATUSES));
    for (const status of REFERRAL_STATUSES) add(`status:${status}`, basesOf(cells, ['s', 'o'], [status]), v(['s', 'o'], [status]));
    add('participants', protect ? cells.map((c) => `${c}|p`) : [], num(row?.participants));
    add('seatsFilled', basesOf(cells, ['s'], SEAT_STATUSES), v(['s'], SEAT_STATUSES));
    add('attended', basesOf(cells, ['s', 'o'], ATTENDED_STATUSES), v(['s', 'o'], ATTENDED_STATUSES));
    add('immersionsCompleted', basesOf(cells, ['o'], ATTENDED_STATUSES), v(['o'], ATTENDED_STATUSES));
    const attended = v(['s', 'o'], ATTENDED_STATUSES);
    const absent = v(['s', 'o'], ['NO_SHOW']);
    add('attendanceRate', basesOf(cells, ['s', 'o'], [...ATTENDED_STATUSES, 'NO_SHOW']), attended + absent === 0 ? null : attended / (attended + absent), false);
    // Follow-ups: two bases per cell and milestone (durable, not durable); recorded is their sum, the rate their ratio.
    const followUpReadable = readableOf(followUpRow);
    for (const m of FOLLOW_UP_MILESTONES) {
      const durable = num(followUpRow?.[`${m}_durable`]);
      const recorded = durable + num(followUpRow?.[`${m}_other`]);
      add(`recorded:${m}`, followUpBases(cells, m), recorded, true, followUpReadable);
      add(`durable:${m}`, protect ? cells.map((c) => `${c}|${m}|durable`) : [], durable, true, followUpReadable);
      add(`durableRate:${m}`, followUpBases(cells, m), recorded === 0 ? null : durable / recorded, false, followUpReadable);
    }
    plans.set(key, { row, ids });
  };
  const setBases = (cell: string, row: GroupedRow | null, followUpRow: GroupedRow | null) => {
    for (const k of ['s', 'o'] as const) for (const st of REFERRAL_STATUSES) baseCounts.set(`${cell}|${k}|${st}`, num(row?.[`${k}_${st}`]));
    baseCounts.set(`${cell}|p`, num(row?.participants));
    for (const m of FOLLOW_UP_MILESTONES) for (const b of ['durable', 'other']) baseCounts.set(`${cell}|${m}|${b}`, num(followUpRow?.[`${m}_${b}`]));
  };
  for (const cell of cellKeys) {
    const row = referralCells.get(cell) ?? null;
    const followUpRow = followUpCells.get(cell) ?? null;
    setBases(cell, row, followUpRow);
    plan(cell, row, [cell], followUpRow);
  }
  // Without a grouping the total is the only cell; otherwise it adds up every cell's bases.
  if (cellKeys.length === 0 && (totalRow || followUpTotal)) {
    setBases('total', totalRow, followUpTotal);
    plan('total', totalRow, ['total'], followUpTotal);
  } else {
    plan('total', totalRow, cellKeys, followUpTotal);
  }
  plan(EMPTY, null, [], null);
  const hidden = protect ? suppress(figures, baseCounts) : new Map<string, Suppression>();
  const byId = new Map(figures.map((f) => [f.id, f]));
  const count = (id: string): CountFigure => {
    const f = byId.get(id)!;
    const why = hidden.get(id);
    if (why) return { value: null, suppressed: true, display: why === 'PRIMARY' ? SMALL_COUNT_DISPLAY : HIDDEN_DISPLAY };
    return { value: f.value, suppressed: false, display: String(f.value) };
  };
  const rate = (id: string): RateFigure => {
    const f = byId.get(id)!;
    if (hidden.has(id)) return { value: null, suppressed: true, display: HIDDEN_DISPLAY };
    return { value: f.value, suppressed: false, display: f.value === null ? '' : `${(f.value * 100).toFixed(1)} %` };
  };
  return new Map([...plans.entries()].map(([key, { ids }]) => [key, {
    referrals: count(ids.referrals),
    byStatus: REFERRAL_STATUSES.map((status) => ({ status, count: count(ids[`status:${status}`]) })),
    participants: count(ids.participants),
    seatsFilled: count(ids.seatsFilled),
    attended: count(ids.attended),
    attendanceRate: rate(ids.attendanceRate),
    immersionsCompleted: count(ids.immersionsCompleted),
    outcomes: FOLLOW_UP_MILESTONES.map((milestone) => ({
      milestone, recorded: count(ids[`recorded:${milestone}`]), durable: count(ids[`durable:${milestone}`]), durableRate: rate(ids[`durableRate:${milestone}`]),
    })),
  }]));
}
