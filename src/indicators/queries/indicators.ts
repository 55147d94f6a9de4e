import type { EntityManager } from '@mikro-orm/postgresql';
import { rows, sql } from '../../db/sql';
import { IndicatorDimension, type IndicatorFact } from '../rules/dimensions';
import { FollowUpMilestone } from '../../referrals';

/** Which activity: every condition holds. Days are Paris calendar days, both included. */
export interface IndicatorFilter {
  from: string;
  to: string;
  regionCodes?: string[] | null;
  departementCodes?: string[] | null;
  communeCodes?: string[] | null;
  structureIds?: number[] | null;
  programmeIds?: number[] | null;
  sessionKinds?: string[] | null;
  /** ROME grands domaines (`F`) or domaines (`F17`). */
  romeCodes?: string[] | null;
}

/** Whose activity a viewer's counts of people cover, and which of those people it may read in full. */
export type PeopleScope =
  | { kind: 'ALL' }
  | { kind: 'STRUCTURE'; structureId: number }
  | { kind: 'COMPANY'; companyId: number };

/** One grouped row: the dimension keys (null in a grouping set's total) and the aggregates. */
export interface GroupedRow {
  /** 1 for the total row (every dimension rolled up), 0 for a cell. */
  total: number;
  k0: string | null;
  k1: string | null;
  [aggregate: string]: string | number | null;
}

const PARIS = `'Europe/Paris'`;

/** SQL of a dimension for each fact, over the aliases of its FROM clause. */
function dimensionSql(fact: IndicatorFact, dimension: IndicatorDimension): string {
  const at = { sessions: 's.starts_at', offers: 'o.published_at', referrals: 'f.at', commitments: 'c.period_start::timestamp' }[fact];
  const local = fact === 'commitments' ? at : `(${at} at time zone ${PARIS})`;
  switch (dimension) {
    case IndicatorDimension.MONTH: return `to_char(${local}, 'YYYY-MM')`;
    case IndicatorDimension.QUARTER: return `to_char(${local}, 'YYYY-"Q"Q')`;
    case IndicatorDimension.YEAR: return `to_char(${local}, 'YYYY')`;
    case IndicatorDimension.DEPARTEMENT:
      return { sessions: 's.departement_code', offers: 'o.departement_code', referrals: 'f.departement_code', commitments: 'co.departement_code' }[fact];
    case IndicatorDimension.STRUCTURE:
      return { sessions: 's.organiser_id::text', offers: 'null', referrals: 'f.structure_id::text', commitments: 'c.animator_id::text' }[fact];
    case IndicatorDimension.PROGRAMME:
      return { sessions: 's.programme_id::text', offers: 'o.programme_id::text', referrals: 'f.programme_id::text', commitments: 'null' }[fact];
    case IndicatorDimension.SESSION_KIND:
      return { sessions: 's.kind', offers: 'null', referrals: 'f.session_kind', commitments: 'null' }[fact];
    case IndicatorDimension.ROME_DOMAINE:
      return { sessions: 'sd.domaine', offers: 'left(o.metier_code, 3)', referrals: 'f.domaine', commitments: 'null' }[fact];
    case IndicatorDimension.AGE_BAND:
      return { sessions: 'null', offers: 'null', referrals: 'f.age_band', commitments: 'null' }[fact];
  }
}

/**
 * The domaine a session counts in: the ROME domaine most of its métiers belong to (ties: the smallest code), so
 * that a session counts once. A filter on ROME codes keeps a session when any of its métiers matches.
 */
const SESSION_DOMAINE = `left join lateral (select left(sm.metier_code, 3) as domaine from session_metier sm where sm.session_id = s.id
  group by 1 order by count(*) desc, 1 limit 1) sd on true`;

/** `select` list and `group by grouping sets` of the requested dimensions, plus the total. */
function grouping(fact: IndicatorFact, groupBy: readonly IndicatorDimension[]): { select: string; groupBy: string } {
  const dims = groupBy.map((d) => dimensionSql(fact, d));
  const keys = [0, 1].map((i) => `${dims[i] ?? 'null'} as k${i}`).join(', ');
  if (dims.length === 0) return { select: `1 as total, ${keys}`, groupBy: '' };
  return {
    select: `grouping(${dims.join(', ')})::int as total_bits, ${keys}`,
    groupBy: `group by grouping sets ((${dims.join(', ')}), ())`,
  };
}

function normalise(raw: Record<string, unknown>[], grouped: boolean): GroupedRow[] {
  return raw.map((r) => {
    const { total_bits: bits, ...rest } = r as Record<string, string | number | null> & { total_bits?: number };
    return { ...rest, total: grouped ? (Number(bits) === 0 ? 0 : 1) : 1 } as GroupedRow;
  });
}

/** Conditions on a place (`alias.departement_code`, `alias.commune_code`) by the filter's territories. */
function territory(filter: IndicatorFilter, alias: string, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter.regionCodes?.length) {
    // An array computed once (an init plan), so that the (departement_code, starts_at) index can take it.
    where.push(`${alias}.departement_code = any(array(select d.code from departement d where d.region_code = any(array[?])))`);
    params.push(filter.regionCodes);
  }
  if (filter.departementCodes?.length) { where.push(`${alias}.departement_code = any(array[?])`); params.push(filter.departementCodes); }
  if (filter.communeCodes?.length) { where.push(`${alias}.commune_code = any(array[?])`); params.push(filter.communeCodes); }
  return where;
}

/** The instants of the period: from the first day's Paris midnight to the midnight after the last day. */
function period(filter: IndicatorFilter, column: string, params: unknown[]): string {
  params.push(filter.from, filter.to);
  return `${column} >= (?::date)::timestamp at time zone ${PARIS} and ${column} < ((?::date) + 1)::timestamp at time zone ${PARIS}`;
}

function romeCondition(filter: IndicatorFilter, column: string, params: unknown[]): string | null {
  if (!filter.romeCodes?.length) return null;
  params.push(filter.romeCodes.map((c) => `${c}%`));
  return `${column} like any(array[?])`;
}

/** Conditions on a session; `dated`: its start in the period (follow-ups are placed by their own date instead). */
function sessionConditions(filter: IndicatorFilter, params: unknown[], dated = true): string[] {
  const where = [...(dated ? [period(filter, 's.starts_at', params)] : []), `s.status <> 'DRAFT'`, ...territory(filter, 's', params)];
  if (filter.structureIds?.length) { where.push('s.organiser_id = any(array[?])'); params.push(filter.structureIds); }
  if (filter.programmeIds?.length) { where.push('s.programme_id = any(array[?])'); params.push(filter.programmeIds); }
  if (filter.sessionKinds?.length) { where.push('s.kind = any(array[?])'); params.push(filter.sessionKinds); }
  const rome = romeCondition(filter, 'sm.metier_code', params);
  if (rome) where.push(`exists (select 1 from session_metier sm where sm.session_id = s.id and ${rome})`);
  return where;
}

/**
 * Sessions of the period (by their start, Paris time), drafts aside: held (HELD or COMPLETED), cancelled, and the
 * seats offered by those not cancelled. Public figures: every viewer gets them over every session.
 */
export async function sessionFigures(em: EntityManager, filter: IndicatorFilter, groupBy: readonly IndicatorDimension[]): Promise<GroupedRow[]> {
  const params: unknown[] = [];
  const g = grouping('sessions', groupBy);
  const where = sessionConditions(filter, params);
  const needsDomaine = groupBy.includes(IndicatorDimension.ROME_DOMAINE);
  const text = `select ${g.select},
      count(*) filter (where s.status in ('HELD', 'COMPLETED'))::int as held,
      count(*) filter (where s.status = 'CANCELLED')::int as cancelled,
      coalesce(sum(s.capacity) filter (where s.status <> 'CANCELLED'), 0)::int as seats_offered
    from session s ${needsDomaine ? SESSION_DOMAINE : ''}
    where ${where.join(' and ')} ${g.groupBy}`;
  return normalise(await rows(em, sql(em).raw(text, params as never[])), groupBy.length > 0);
}

/** Immersion offers published in the period (by their publication, Paris time), and the positions they offer. Public. */
export async function offerFigures(em: EntityManager, filter: IndicatorFilter, groupBy: readonly IndicatorDimension[]): Promise<GroupedRow[]> {
  const params: unknown[] = [];
  const g = grouping('offers', groupBy);
  const where = [`o.published_at is not null`, period(filter, 'o.published_at', params), ...territory(filter, 'o', params)];
  if (filter.programmeIds?.length) { where.push('o.programme_id = any(array[?])'); params.push(filter.programmeIds); }
  const rome = romeCondition(filter, 'o.metier_code', params);
  if (rome) where.push(rome);
  const text = `select ${g.select}, count(*)::int as published, coalesce(sum(o.positions), 0)::int as positions
    from immersion_offer o where ${where.join(' and ')} ${g.groupBy}`;
  return normalise(await rows(em, sql(em).raw(text, params as never[])), groupBy.length > 0);
}

/** Statuses a referral can be in, as the columns of the grouped referral query name them. */
export const REFERRAL_STATUSES = ['PENDING', 'ACCEPTED', 'WAITLISTED', 'REFUSED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED'] as const;

/** Which referrals a scope covers, and which of them its viewer may read in full (then its counts are exact). */
function scopeSql(scope: PeopleScope, params: unknown[]): { where: string; readable: string } {
  switch (scope.kind) {
    case 'ALL': return { where: 'true', readable: 'true' };
    case 'STRUCTURE':
      params.push(scope.structureId, scope.structureId, scope.structureId, scope.structureId);
      // Its activity (sessions it runs, and those it hosts, as a host company counts them) and what it prescribed or
      // follows; it reads in full those it prescribed or follows.
      return { where: '(s.organiser_id = ? or s.host_structure_id = ? or r.prescriber_structure_id = ? or p.referent_structure_id = ?)', readable: `(r.prescriber_structure_id = ${scope.structureId} or p.referent_structure_id = ${scope.structureId})` };
    case 'COMPANY':
      params.push(scope.companyId, scope.companyId);
      return { where: '(s.host_company_id = ? or o.company_id = ?)', readable: 'false' };
  }
}

/**
 * Referrals of the period, as counts of people: a referral to a session counts at the session's start, one to an
 * immersion offer when it was sent (Paris time); its place is the session's or the offer's; its structure the
 * session's organiser, or for an immersion its prescriber (who signs the PMSMP convention). Per cell: referrals per
 * status and kind of target (`s_<STATUS>`, `o_<STATUS>`), distinct participants, and how many the viewer may not
 * read in full (`unreadable`). Two branches (sessions, offers) so that each uses its own index.
 */
export async function referralFigures(em: EntityManager, filter: IndicatorFilter, groupBy: readonly IndicatorDimension[], scope: PeopleScope): Promise<GroupedRow[]> {
  const params: unknown[] = [];
  const branches: string[] = [];
  const sessionWhere = sessionConditions(filter, params);
  const sessionScope = scopeSql(scope, params);
  const needsDomaine = groupBy.includes(IndicatorDimension.ROME_DOMAINE);
  // The participant row is read only for its age band or its referent structure.
  const needsParticipant = groupBy.includes(IndicatorDimension.AGE_BAND) || scope.kind === 'STRUCTURE';
  const participant = (alias: string) => (needsParticipant ? `join participant p on p.id = ${alias}.participant_id` : 'left join participant p on false');
  branches.push(`select r.id, r.participant_id, r.status, true as to_session, s.starts_at as at, s.departement_code, s.organiser_id as structure_id,
      s.programme_id, s.kind as session_kind, ${needsDomaine ? 'sd.domaine' : 'null'} as domaine, p.age_band, ${sessionScope.readable} as readable
    from session s ${needsDomaine ? SESSION_DOMAINE : ''}
    join referral r on r.session_id = s.id ${participant('r')}
    left join immersion_offer o on false
    where ${sessionWhere.join(' and ')} and ${sessionScope.where}`);
  if (!filter.sessionKinds?.length) {
    const offerWhere = [period(filter, 'r.created_at', params), 'r.immersion_offer_id is not null', ...territory(filter, 'o', params)];
    if (filter.structureIds?.length) { offerWhere.push('r.prescriber_structure_id = any(array[?])'); params.push(filter.structureIds); }
    if (filter.programmeIds?.length) { offerWhere.push('o.programme_id = any(array[?])'); params.push(filter.programmeIds); }
    const rome = romeCondition(filter, 'o.metier_code', params);
    if (rome) offerWhere.push(rome);
    const offerScope = scopeSql(scope, params);
    branches.push(`select r.id, r.participant_id, r.status, false, r.created_at, o.departement_code, r.prescriber_structure_id,
        o.programme_id, null, left(o.metier_code, 3), p.age_band, ${offerScope.readable}
      from referral r join immersion_offer o on o.id = r.immersion_offer_id ${participant('r')}
      left join session s on false
      where ${offerWhere.join(' and ')} and ${offerScope.where}`);
  }
  const g = grouping('referrals', groupBy);
  const counts = REFERRAL_STATUSES.flatMap((status) => [
    `count(*) filter (where f.to_session and f.status = '${status}')::int as "s_${status}"`,
    `count(*) filter (where not f.to_session and f.status = '${status}')::int as "o_${status}"`,
  ]);
  const text = `select ${g.select}, ${counts.join(', ')}, count(distinct f.participant_id)::int as participants,
      count(*) filter (where not f.readable)::int as unreadable
    from (${branches.join(' union all ')}) f ${g.groupBy}`;
  return normalise(await rows(em, sql(em).raw(text, params as never[])), groupBy.length > 0);
}

/**
 * Follow-ups of outcomes (referrals/rules/follow-up.ts) recorded, placed in the period by their due date (the Paris
 * day 3 or 6 months after the referral was completed), whenever they were recorded; unrecorded ones are not counted.
 * Every other dimension and criterion is the referral's, as in referralFigures (its session's or offer's place,
 * structure, programme, kind, domaine; the participant's age band), under the same scope. Per cell and milestone:
 * recorded follow-ups in durable employment (`MONTH_3_durable`) and not (`MONTH_3_other`); `unreadable` as there.
 */
export async function followUpFigures(em: EntityManager, filter: IndicatorFilter, groupBy: readonly IndicatorDimension[], scope: PeopleScope): Promise<GroupedRow[]> {
  const params: unknown[] = [];
  const branches: string[] = [];
  const needsDomaine = groupBy.includes(IndicatorDimension.ROME_DOMAINE);
  const needsParticipant = groupBy.includes(IndicatorDimension.AGE_BAND) || scope.kind === 'STRUCTURE';
  const participant = needsParticipant ? 'join participant p on p.id = r.participant_id' : 'left join participant p on false';
  // The due date as the instant of its Paris midnight: the time dimensions read it back as that day.
  const at = `(fu.due_on::timestamp at time zone ${PARIS})`;
  const dueIn = () => { params.push(filter.from, filter.to); return 'fu.due_on between ?::date and ?::date'; };
  const sessionDue = dueIn();
  const sessionWhere = sessionConditions(filter, params, false);
  const sessionScope = scopeSql(scope, params);
  branches.push(`select r.participant_id, fu.milestone, fu.durable, ${at} as at, s.departement_code, s.organiser_id as structure_id,
      s.programme_id, s.kind as session_kind, ${needsDomaine ? 'sd.domaine' : 'null'} as domaine, p.age_band, ${sessionScope.readable} as readable
    from referral_follow_up fu join referral r on r.id = fu.referral_id join session s on s.id = r.session_id
    ${needsDomaine ? SESSION_DOMAINE : ''} ${participant}
    left join immersion_offer o on false
    where fu.recorded_at is not null and ${sessionDue} and ${sessionWhere.join(' and ')} and ${sessionScope.where}`);
  if (!filter.sessionKinds?.length) {
    const offerWhere = ['fu.recorded_at is not null', dueIn(), ...territory(filter, 'o', params)];
    if (filter.structureIds?.length) { offerWhere.push('r.prescriber_structure_id = any(array[?])'); params.push(filter.structureIds); }
    if (filter.programmeIds?.length) { offerWhere.push('o.programme_id = any(array[?])'); params.push(filter.programmeIds); }
    const rome = romeCondition(filter, 'o.metier_code', params);
    if (rome) offerWhere.push(rome);
    const offerScope = scopeSql(scope, params);
    branches.push(`select r.participant_id, fu.milestone, fu.durable, ${at}, o.departement_code, r.prescriber_structure_id,
        o.programme_id, null, left(o.metier_code, 3), p.age_band, ${offerScope.readable}
      from referral_follow_up fu join referral r on r.id = fu.referral_id join immersion_offer o on o.id = r.immersion_offer_id ${participant}
      left join session s on false
      where ${offerWhere.join(' and ')} and ${offerScope.where}`);
  }
  const g = grouping('referrals', groupBy);
  const counts = FOLLOW_UP_MILESTONES.flatMap((m) => [
    `count(*) filter (where f.milestone = '${m}' and f.durable)::int as "${m}_durable"`,
    `count(*) filter (where f.milestone = '${m}' and not f.durable)::int as "${m}_other"`,
  ]);
  const text = `select ${g.select}, ${counts.join(', ')}, count(*) filter (where not f.readable)::int as unreadable
    from (${branches.join(' union all ')}) f ${g.groupBy}`;
  return normalise(await rows(em, sql(em).raw(text, params as never[])), groupBy.length > 0);
}

/** The follow-up milestones (referrals' FollowUpMilestone), as the columns of followUpFigures name them. */
export const FOLLOW_UP_MILESTONES = Object.values(FollowUpMilestone);

export const COMMITMENT_AXES = ['SENSIBILISER', 'FORMER', 'RECRUTER', 'ACHETER'] as const;

/**
 * PAQTE commitments whose period starts in the period, per axis: proposed (all of them, whatever became of them),
 * signed (SIGNED, FULFILLED or LAPSED: signed at some point), fulfilled. Their place is the company's.
 */
export async function commitmentFigures(
  em: EntityManager, filter: IndicatorFilter, groupBy: readonly IndicatorDimension[], scope: { companyId?: number; animatorId?: number },
): Promise<GroupedRow[]> {
  const params: unknown[] = [filter.from, filter.to];
  const g = grouping('commitments', groupBy);
  const where = ['c.period_start between ?::date and ?::date', ...territory(filter, 'co', params)];
  if (filter.structureIds?.length) { where.push('c.animator_id = any(array[?])'); params.push(filter.structureIds); }
  if (scope.companyId !== undefined) { where.push('c.company_id = ?'); params.push(scope.companyId); }
  if (scope.animatorId !== undefined) { where.push('c.animator_id = ?'); params.push(scope.animatorId); }
  const counts = COMMITMENT_AXES.flatMap((axis) => [
    `count(*) filter (where c.axis = '${axis}')::int as "proposed_${axis}"`,
    `count(*) filter (where c.axis = '${axis}' and c.status in ('SIGNED', 'FULFILLED', 'LAPSED'))::int as "signed_${axis}"`,
    `count(*) filter (where c.axis = '${axis}' and c.status = 'FULFILLED')::int as "fulfilled_${axis}"`,
  ]);
  const text = `select ${g.select}, ${counts.join(', ')} from commitment c join company co on co.id = c.company_id
    where ${where.join(' and ')} ${g.groupBy}`;
  return normalise(await rows(em, sql(em).raw(text, params as never[])), groupBy.length > 0);
}

export interface KeyLabelRow { kind: string; key: string; label: string }

/** Names of the keys of the answer (départements, structures, programmes, domaines), in one statement. */
export async function keyLabels(em: EntityManager, keys: { departements: string[]; structures: number[]; programmes: number[]; domaines: string[] }): Promise<KeyLabelRow[]> {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (keys.departements.length) { parts.push(`select 'DEPARTEMENT' as kind, code as key, name as label from departement where code = any(array[?])`); params.push(keys.departements); }
  if (keys.structures.length) { parts.push(`select 'STRUCTURE' as kind, id::text as key, name as label from structure where id = any(array[?])`); params.push(keys.structures); }
  if (keys.programmes.length) { parts.push(`select 'PROGRAMME' as kind, id::text as key, name as label from programme where id = any(array[?])`); params.push(keys.programmes); }
  if (keys.domaines.length) { parts.push(`select 'ROME_DOMAINE' as kind, code as key, label from rome_domaine where code = any(array[?])`); params.push(keys.domaines); }
  if (parts.length === 0) return [];
  return rows(em, sql(em).raw(parts.join(' union all '), params as never[]));
}

export interface ProgrammeTargetRow {
  id: number;
  targetParticipants: number | null;
  targetSessions: number | null;
  targetImmersionsCompleted: number | null;
  targetDurableOutcomes: number | null;
}

/** The targets of the programmes that are keys of the answer. */
export function programmeTargets(em: EntityManager, ids: number[]): Promise<ProgrammeTargetRow[]> {
  return rows(em, sql(em).raw(`select id, target_participants as "targetParticipants", target_sessions as "targetSessions",
    target_immersions_completed as "targetImmersionsCompleted", target_durable_outcomes as "targetDurableOutcomes"
    from programme where id = any(array[?])`, [ids] as never[]));
}
