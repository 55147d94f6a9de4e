import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CommitmentAxis, FollowUpMilestone, ReferralStatus, SessionKind } from '../../graphql/all-enums';
import { IndicatorDimension } from '../rules/dimensions';
import { DateTime, LocalDate } from '../../graphql/scalars';
import { ListItems } from '../../graphql/list-size';
import { MAX_INDICATOR_ROWS } from '../queries/indicator-table';

/** Most rows one page of `Indicators.rows` returns. */
export const INDICATOR_ROWS_PAGE = 400;

const SMALL = 'Counts of people from 1 to 4 read "< 5" (value null) for a viewer who may not read those people\'s personal data; a figure that would let one recompute such a count reads "hidden" (see the README, "Indicators").';

@ObjectType('PeopleCount', { description: `A count of people, protected by the small-count rule. ${SMALL}`, simpleResolvers: true })
export class PeopleCountType {
  @Field(() => Int, { nullable: true, description: 'The count; null when suppressed.' })
  value!: number | null;

  @Field({ description: 'Whether the count is withheld ("< 5", or "hidden" to protect another count).' })
  suppressed!: boolean;

  @Field({ description: 'What to print: the number, "< 5" for a small count, "hidden" for a count withheld to protect another one.' })
  display!: string;
}

@ObjectType('PeopleRate', { description: 'A ratio of counts of people (0 to 1), withheld when one of the counts it is made of is.', simpleResolvers: true })
export class PeopleRateType {
  @Field(() => Float, { nullable: true, description: 'The ratio from 0 to 1; null when withheld or when it has no denominator (nobody to count).' })
  value!: number | null;

  @Field({ description: 'Whether it is withheld because one of its counts is.' })
  suppressed!: boolean;

  @Field({ description: 'What to print: a percentage with one decimal ("66.7 %"), "hidden", or empty when there is no denominator.' })
  display!: string;
}

@ObjectType('IndicatorKey', { description: 'The value of one grouping dimension of a row.', simpleResolvers: true })
export class IndicatorKeyType {
  @Field(() => IndicatorDimension, { description: 'The dimension.' })
  dimension!: IndicatorDimension;

  @Field(() => String, {
    nullable: true,
    description: 'Its value: `2026-11` (MONTH), `2026-Q4` (QUARTER), `2026` (YEAR), a département code, the global id of a structure or programme, a SessionKind, a ROME domaine code (`F17`), an age band (`18-25`). Null: the activity has none (an immersion has no session kind; a session outside any programme; a participant with no recorded age band).',
  })
  value!: string | null;

  @Field(() => String, { nullable: true, description: 'Its name (département, structure, programme, ROME domaine); null for other dimensions and null values.' })
  label!: string | null;
}

@ObjectType('SessionFigures', { description: 'Sessions starting in the period (Paris time), drafts aside. Public: every viewer reads them, over every session of the network.', simpleResolvers: true })
export class SessionFiguresType {
  @Field(() => Int, { description: 'Sessions that took place: status HELD or COMPLETED.' })
  held!: number;

  @Field(() => Int, { description: 'Sessions cancelled before they started (status CANCELLED).' })
  cancelled!: number;

  @Field(() => Int, { description: 'Seats (capacity) of the sessions not cancelled: published, full, held or completed.' })
  seatsOffered!: number;
}

@ObjectType('OfferFigures', { description: 'Immersion offers (PMSMP) published in the period (by their publication day, Paris time), closed ones included. Public.', simpleResolvers: true })
export class OfferFiguresType {
  @Field(() => Int, { description: 'Offers published.' })
  published!: number;

  @Field(() => Int, { description: 'Positions those offers open (how many people each can host over its window).' })
  positions!: number;
}

@ObjectType('ReferralStatusCount', { description: 'Referrals in one status.', simpleResolvers: true })
export class ReferralStatusCountType {
  @Field(() => ReferralStatus, { description: 'Their current status.' })
  status!: ReferralStatus;

  @Field(() => PeopleCountType, { description: 'How many referrals are in that status now.' })
  count!: PeopleCountType;
}

@ObjectType('OutcomeFigures', {
  description: 'Outcomes at one follow-up milestone (3 or 6 months after a referral was COMPLETED): the follow-ups recorded whose due date (the Paris day 3 or 6 months after completion) falls in the period, whenever they were recorded; follow-ups not recorded yet are not counted. Placed, grouped and filtered by their referral otherwise (its session\'s or offer\'s place, structure, programme, kind, domaine; its participant\'s age band), MONTH, QUARTER and YEAR by the due date.',
  simpleResolvers: true,
})
export class OutcomeFiguresType {
  @Field(() => FollowUpMilestone, { description: 'Which follow-up: MONTH_3 or MONTH_6.' })
  milestone!: FollowUpMilestone;

  @Field(() => PeopleCountType, { description: 'Follow-ups of this milestone recorded (one per completed referral), due in the period.' })
  recorded!: PeopleCountType;

  @Field(() => PeopleCountType, { description: 'Of those, the ones in durable employment (a CDI, a CDD or interim of 6 months or more, a business created: ReferralFollowUp.durableEmployment).' })
  durable!: PeopleCountType;

  @Field(() => PeopleRateType, { description: 'Durable employment rate: durable / recorded (empty when none is recorded).' })
  durableRate!: PeopleRateType;
}

@ObjectType('PeopleFigures', {
  description: 'Referrals and the people they concern, within what the viewer may count (README, "Indicators"). A referral to a session counts at the session\'s start, one to an immersion offer on the day it was sent (Paris time); its place is the session\'s or the offer\'s. Outcomes at 3 and 6 months are placed by their follow-up\'s due date (see `outcomes`).',
  simpleResolvers: true,
})
export class PeopleFiguresType {
  @Field(() => PeopleCountType, { description: 'Referrals (to sessions and immersion offers), whatever their status.' })
  referrals!: PeopleCountType;

  @Field(() => [ReferralStatusCountType], { description: 'Referrals per current status, every status listed (0 included).' })
  @ListItems(8)
  byStatus!: ReferralStatusCountType[];

  @Field(() => PeopleCountType, { description: 'Distinct participants referred (a person referred twice in the row counts once).' })
  participants!: PeopleCountType;

  @Field(() => PeopleCountType, { description: 'Seats of sessions filled: referrals to sessions that hold a seat (ACCEPTED, ATTENDED, NO_SHOW, COMPLETED), as the seat ledger counts them.' })
  seatsFilled!: PeopleCountType;

  @Field(() => PeopleCountType, { description: 'Referrals whose participant attended the session or did the immersion: ATTENDED or COMPLETED.' })
  attended!: PeopleCountType;

  @Field(() => PeopleRateType, { description: 'Attendance rate: attended / (attended + NO_SHOW), over sessions and immersions.' })
  attendanceRate!: PeopleRateType;

  @Field(() => PeopleCountType, { description: 'Immersions (PMSMP) completed: referrals to immersion offers ATTENDED or COMPLETED.' })
  immersionsCompleted!: PeopleCountType;

  @Field(() => [OutcomeFiguresType], { description: 'Outcomes at 3 and at 6 months (MONTH_3 then MONTH_6, both listed), from the recorded follow-ups due in the period.' })
  @ListItems(2)
  outcomes!: OutcomeFiguresType[];
}

@ObjectType('CommitmentAxisFigures', {
  description: 'PAQTE commitments of one axis whose period starts in the period (placed at their company). Not counts of people: never withheld.',
  simpleResolvers: true,
})
export class CommitmentAxisFiguresType {
  @Field(() => CommitmentAxis, { description: 'The PAQTE axis.' })
  axis!: CommitmentAxis;

  @Field(() => Int, { description: 'Commitments proposed: all of them, whatever became of them (withdrawn ones included).' })
  proposed!: number;

  @Field(() => Int, { description: 'Commitments signed at some point: SIGNED, FULFILLED or LAPSED.' })
  signed!: number;

  @Field(() => Int, { description: 'Commitments fulfilled (FULFILLED).' })
  fulfilled!: number;
}

@ObjectType('IndicatorProgrammeTargets', { description: 'The targets of the row\'s programme, to set beside what the row measures. Null: no target on that measure.', simpleResolvers: true })
export class IndicatorProgrammeTargetsType {
  @Field(() => Int, { nullable: true, description: 'Participants to reach: compare with people.participants.' })
  targetParticipants!: number | null;

  @Field(() => Int, { nullable: true, description: 'Sessions to hold: compare with sessions.held.' })
  targetSessions!: number | null;

  @Field(() => Int, { nullable: true, description: 'Immersions to complete: compare with people.immersionsCompleted.' })
  targetImmersionsCompleted!: number | null;

  @Field(() => Int, { nullable: true, description: 'Durable outcomes (CDI, CDD or interim of 6 months or more, business created): compare with the `durable` count of people.outcomes at MONTH_6.' })
  targetDurableOutcomes!: number | null;
}

@ObjectType('IndicatorRow', { description: 'The figures of one cell of the grouping (or of the whole filter, for the total). A block is null when the viewer may not read it, or when its activity cannot be split by the grouping or filtered by the filter (README, "Indicators").', simpleResolvers: true })
export class IndicatorRowType {
  @Field(() => String, { nullable: true, description: 'Where this row is in the table: pass it as `rows(after:)` to read the rows that follow. Null for the total.' })
  cursor!: string | null;

  @Field(() => [IndicatorKeyType], { description: 'The value of each groupBy dimension, in the order asked; empty for the total.' })
  @ListItems(2)
  keys!: IndicatorKeyType[];

  @Field(() => SessionFiguresType, { nullable: true, description: 'Sessions (public). Null when grouped by AGE_BAND.' })
  sessions!: SessionFiguresType | null;

  @Field(() => OfferFiguresType, { nullable: true, description: 'Immersion offers (public). Null when grouped by STRUCTURE, SESSION_KIND or AGE_BAND, or filtered by structures or session kinds.' })
  offers!: OfferFiguresType | null;

  @Field(() => PeopleFiguresType, { nullable: true, description: 'Referrals and people: null for partner integrations and participants.' })
  people!: PeopleFiguresType | null;

  @Field(() => [CommitmentAxisFiguresType], {
    nullable: true,
    description: 'Commitments per PAQTE axis (all four listed): network admins all, a structure those it animates, a company its own; null for others, and when grouped by PROGRAMME, SESSION_KIND, ROME_DOMAINE or AGE_BAND or filtered by programmes, session kinds or ROME codes.',
  })
  @ListItems(4)
  commitments!: CommitmentAxisFiguresType[] | null;

  @Field(() => IndicatorProgrammeTargetsType, { nullable: true, description: 'When grouped by PROGRAMME: the targets of the row\'s programme; null otherwise.' })
  programmeTargets!: IndicatorProgrammeTargetsType | null;
}

@ObjectType('Indicators', { description: 'Figures of the network\'s activity for funders and networks, by territory and period.', simpleResolvers: true })
export class IndicatorsType {
  @Field(() => [IndicatorDimension], { description: 'The dimensions the rows are grouped by.' })
  groupBy!: IndicatorDimension[];

  /** Every row of the table, in order; `rows(first, after)` (IndicatorsResolver) pages through them. */
  allRows!: IndicatorRowType[];

  @Field(() => Int, { description: `How many rows the grouping gives in all (at most ${MAX_INDICATOR_ROWS}), whatever page \`rows\` returns.` })
  rowCount!: number;

  @Field(() => IndicatorRowType, { description: 'The whole filter at once (computed from the data, not added up from the rows: a participant in two rows counts once).' })
  total!: IndicatorRowType;

  @Field(() => DateTime, { description: 'When the figures were read: they are computed from the live data, never stale.' })
  computedAt!: Date;
}

@InputType('IndicatorFilter', { description: 'Which activity to count; every condition holds. Territories are where the activity takes place (the session\'s or offer\'s place; a commitment\'s company).' })
export class IndicatorFilterInput {
  @Field(() => LocalDate, { description: 'First day of the period (Paris time), included.' })
  from!: string;

  @Field(() => LocalDate, { description: 'Last day of the period (Paris time), included; at most 10 years after `from`.' })
  to!: string;

  @Field(() => [String], { nullable: true, description: 'Régions (INSEE codes, `11`).' })
  regionCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Départements (INSEE codes, `93`, `2A`).' })
  departementCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Communes (INSEE codes, `93066`).' })
  communeCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Structures (global ids): the sessions they organise and the referrals to them, the immersion referrals they prescribed, the commitments they animate (the structure of STRUCTURE).' })
  structures?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Programmes (global ids): their sessions and immersion offers, and the referrals to them.' })
  programmes?: string[] | null;

  @Field(() => [SessionKind], { nullable: true, description: 'Session kinds: sessions of these kinds and their referrals (immersions left out).' })
  sessionKinds?: SessionKind[] | null;

  @Field(() => [String], { nullable: true, description: 'ROME grands domaines (`F`) or domaines (`F17`): sessions with a métier in one of them, offers of such a métier.' })
  romeCodes?: string[] | null;
}
