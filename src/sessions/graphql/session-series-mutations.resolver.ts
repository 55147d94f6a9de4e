import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { DateTime } from '../../graphql/scalars';
import { CreateSessionInput, sessionInputOf } from './session-mutations.resolver';
import { GroupedSessionConnection, MultiSiteEventType, SessionSeriesType } from './session-group.types';
import { groupedSessions } from './session-groups.resolver';
import { createMultiSiteEvent, createSessionSeries, MAX_EVENT_WORKSHOPS } from '../use-cases/session-groups';
import { MAX_SERIES_EVERY_DAYS, MAX_SERIES_OCCURRENCES } from '../rules/session-recurrence';
import type { MultiSiteEventRow, SessionSeriesRow } from '../queries/session-groups';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';
import { PageArgsType } from '../../graphql/connections';

@InputType('SessionRecurrenceInput', { description: 'Every N days, N times: the first occurrence at startsAt, the next ones at the same Paris time.' })
class SessionRecurrenceInput {
  @Field(() => Int, { description: `Days between two occurrences, 1 to ${MAX_SERIES_EVERY_DAYS} (15: the PLIE's fortnightly visits).` })
  everyDays!: number;

  @Field(() => Int, { description: `Number of occurrences, the first included: 1 to ${MAX_SERIES_OCCURRENCES}.` })
  count!: number;
}

@InputType('CreateSessionSeriesInput', {
  description: 'A series of sessions: the fields of one session (startsAt and endsAt give the first occurrence and the length of each), repeated by `recurrence` or on `dates` (one of the two).',
})
class CreateSessionSeriesInput extends CreateSessionInput {
  @Field(() => SessionRecurrenceInput, { nullable: true, description: 'Every N days, N times.' })
  recurrence?: SessionRecurrenceInput | null;

  @Field(() => [DateTime], { nullable: true, description: `Or the start of each occurrence, in order, 1 to ${MAX_SERIES_OCCURRENCES}; each lasts endsAt − startsAt.` })
  dates?: Date[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: publish every occurrence at once (each a visit slot pushed to subscribers); needs a host company that confirmed, or none. Left out: drafts.' })
  publish?: boolean | null;
}

@ObjectType('CreateSessionSeriesPayload', { description: 'The series and its occurrences.', simpleResolvers: true })
class CreateSessionSeriesPayload {
  @Field(() => SessionSeriesType, { description: 'The series created.' })
  series!: SessionSeriesRow;

  @Field(() => GroupedSessionConnection, { description: 'The first occurrences (up to 100), by start.' })
  sessions!: unknown;
}

@InputType('CreateMultiSiteEventInput', { description: 'A multi-site event (a rallye) with its workshops, each a session of the event\'s organiser.' })
class CreateMultiSiteEventInput {
  @Field(() => ID, { nullable: true, description: 'The organising structure: network admins only (required for them); others create for their own structure.' })
  organiserId?: string | null;

  @Field({ description: 'Up to 200 characters ("Rallye des métiers des Deux-Sèvres").' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters.' })
  description?: string | null;

  @Field(() => [CreateSessionInput], { description: `The workshops, 1 to ${MAX_EVENT_WORKSHOPS}: each with its host, place, times and seats (kind RALLYE or WORKSHOP, as it says). organiserId and idempotencyKey are left out: the event's apply.` })
  workshops!: CreateSessionInput[];

  @Field(() => Boolean, { nullable: true, description: 'true: publish every workshop at once (each a visit slot); needs host companies that confirmed, or none. Left out: drafts.' })
  publish?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Replaying the same key returns the first event and creates nothing; the same key with another input is a CONFLICT.' })
  idempotencyKey?: string | null;
}

@ObjectType('CreateMultiSiteEventPayload', { description: 'The event and its workshops.', simpleResolvers: true })
class CreateMultiSiteEventPayload {
  @Field(() => MultiSiteEventType, { description: 'The event created.' })
  multiSiteEvent!: MultiSiteEventRow;

  @Field(() => GroupedSessionConnection, { description: `The workshops (up to ${MAX_EVENT_WORKSHOPS}), by start.` })
  workshops!: unknown;
}

/** A new group's sessions in one page (100 by default: all of them). */
const wholeGroup = (ctx: GraphQLContext) => Object.assign(new PageArgsType(), { first: ctx.maxPageSize });

@Resolver()
export class SessionSeriesMutationResolver {
  @Mutation(() => CreateSessionSeriesPayload, {
    description: 'The organiser creates a series in one go: one session per occurrence, each with its own seats, in one transaction (DRAFT, or published with `publish`).',
  })
  async createSessionSeries(@Arg('input', INPUT_ARG) input: CreateSessionSeriesInput, @Ctx() ctx: GraphQLContext): Promise<CreateSessionSeriesPayload> {
    const { recurrence, dates, publish, ...session } = input;
    const id = await createSessionSeries(ctx.em, ctx.viewer, {
      ...sessionInputOf(session),
      recurrence: recurrence ? { ...recurrence } : null,
      dates,
      publish,
    });
    return { series: await reloaded(ctx.loaders.sessionSeries, id), sessions: await groupedSessions(ctx, 'series_id', id, wholeGroup(ctx)) };
  }

  @Mutation(() => CreateMultiSiteEventPayload, {
    description: 'The organiser creates a multi-site event (rallye) and its workshops in one transaction (DRAFT, or published with `publish`). Refer participants to a workshop as to any session.',
  })
  async createMultiSiteEvent(@Arg('input', INPUT_ARG) input: CreateMultiSiteEventInput, @Ctx() ctx: GraphQLContext): Promise<CreateMultiSiteEventPayload> {
    const id = await createMultiSiteEvent(ctx.em, ctx.viewer, {
      ...input,
      organiserId: input.organiserId != null ? idOf('Structure', input.organiserId, 'input.organiserId') : null,
      workshops: input.workshops.map((w, i) => sessionInputOf(w, `input.workshops.${i}`)),
    });
    return { multiSiteEvent: await reloaded(ctx.loaders.multiSiteEvent, id), workshops: await groupedSessions(ctx, 'multi_site_event_id', id, wholeGroup(ctx)) };
  }
}
