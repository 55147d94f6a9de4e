import { Arg, Ctx, Query, Root, Resolver, Subscription, type SubscribeResolverData } from 'type-graphql';
import { OutboxEventType } from '../entities/outbox-event';
import { type FollowUpMilestone, type FollowUpStatus, ReferralChange, type ReferralStatus, referralsByIds } from '../../referrals';
import { BadInputError, ServiceError } from '../../common/errors';
import { matchesOfferEvent, validateOfferEventFilter, type OfferEventData, type OfferEventFilter } from '../rules/offer-event-filter';
import { lastEventId, type OutboxEventRow } from '../outbox-reader';
import { mayConcern, type ReferralEventData } from '../rules/referral-event-audience';
import { offerFilterKeys, offerFiltersKeys, referralViewerKeys } from '../subscriber-index';
import { isNetworkAdmin } from '../../access';
import { offerSubscriptionsOf } from '../use-cases/offer-subscriptions';
import type { GraphQLContext } from '../../graphql/context';
import { toGraphQLError } from '../../graphql/errors';
import { Loaders } from '../../graphql/loaders';
import { eventCursor, eventStream, parseEventCursor } from './event-stream';
import { authorizationClass, PerDatabase, PerEventCache } from './per-event-cache';
import { ImmersionOfferEventType, OfferEventFilterInput, OfferFeedEventType, ReferralEventType, VisitSlotEventType } from './events.types';

interface OfferArgs {
  filter?: OfferEventFilterInput | null;
  after?: string | null;
}

/** Subscriptions run over graphql-ws only, where the server gives each operation its channel. */
function channelOf(context: GraphQLContext) {
  if (!context.channel) throw new BadInputError('subscription', 'needs a graphql-ws connection on /graphql');
  return context.channel;
}

function afterOf(after: string | null | undefined): number | null {
  try {
    return parseEventCursor(after);
  } catch {
    throw new BadInputError('after', 'is not an event cursor');
  }
}

/** Business errors thrown while subscribing reach the client with their code. */
function subscribing<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw error instanceof ServiceError ? toGraphQLError(error) : error;
  }
}

function filterOf(filter: OfferEventFilterInput | null | undefined): OfferEventFilter {
  const { near, ...rest } = filter ?? {};
  const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v != null)) as OfferEventFilter;
  return validateOfferEventFilter(near ? { ...clean, near: { ...near } } : clean, 'filter');
}

/** Each event is resolved with fresh loaders: what a subscriber sees is the data as it is now, under its rights. */
function freshLoaders(ctx: GraphQLContext): Loaders {
  ctx.loaders = new Loaders(ctx.em, ctx.viewer);
  return ctx.loaders;
}

/** Whether a referral is visible, per event and authorization class: one check shared by the subscribers of a class. */
const referralVisibility = new PerDatabase(() => new PerEventCache<boolean>());

const offerKindOf = (event: OutboxEventRow) => (event.type === OutboxEventType.SESSION_SLOT_PUBLISHED ? 'SESSION' : 'IMMERSION_OFFER') as 'SESSION' | 'IMMERSION_OFFER';

@Resolver()
export class SubscriptionResolver {
  @Query(() => String, { description: 'Cursor of the newest event: subscribe with it as `after` to miss nothing from now on, even before the subscription is live.' })
  async latestEventCursor(@Ctx() ctx: GraphQLContext): Promise<string> {
    return eventCursor(await lastEventId(ctx.em));
  }

  @Subscription(() => VisitSlotEventType, {
    description: 'Sessions with seats, as they are published or reopen. With `after`, first replays what came after that cursor.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, OfferArgs, GraphQLContext>) =>
      subscribing(() => {
        const filter = filterOf(args.filter);
        const matches = (event: OutboxEventRow) => matchesOfferEvent('SESSION', event.data as OfferEventData, filter);
        return eventStream({
          channel: channelOf(context), em: () => context.em, after: afterOf(args.after), types: [OutboxEventType.SESSION_SLOT_PUBLISHED],
          test: matches, keys: offerFilterKeys(filter),
        });
      }),
  })
  async visitSlotPublished(
    @Root() event: OutboxEventRow,
    @Arg('filter', () => OfferEventFilterInput, { nullable: true, description: 'Which ones to receive; all when absent.' }) _filter: OfferEventFilterInput | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event received.' }) _after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<VisitSlotEventType> {
    return { cursor: eventCursor(event.id), reason: String(event.data.reason), session: await freshLoaders(ctx).session.load(event.entityId) };
  }

  @Subscription(() => ImmersionOfferEventType, {
    description: 'Immersion offers (PMSMP) as they are published. With `after`, first replays what came after that cursor.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, OfferArgs, GraphQLContext>) =>
      subscribing(() => {
        const filter = filterOf(args.filter);
        const matches = (event: OutboxEventRow) => matchesOfferEvent('IMMERSION_OFFER', event.data as OfferEventData, filter);
        return eventStream({
          channel: channelOf(context), em: () => context.em, after: afterOf(args.after), types: [OutboxEventType.IMMERSION_OFFER_PUBLISHED],
          test: matches, keys: offerFilterKeys(filter),
        });
      }),
  })
  async immersionOfferPublished(
    @Root() event: OutboxEventRow,
    @Arg('filter', () => OfferEventFilterInput, { nullable: true, description: 'Which ones to receive; all when absent.' }) _filter: OfferEventFilterInput | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event received: what came after it is replayed first; absent: new events only.' }) _after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ImmersionOfferEventType> {
    return { cursor: eventCursor(event.id), immersionOffer: await freshLoaders(ctx).immersionOffer.load(event.entityId) };
  }

  @Subscription(() => OfferFeedEventType, {
    description: 'New visit slots and immersion offers matching any of your stored subscriptions (`subscribeToOffers`), as of when the feed opens.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, OfferArgs, GraphQLContext>) => {
      const after = subscribing(() => afterOf(args.after));
      // Read on a fork of its own: the subscription keeps none while it waits (operation-context.ts).
      const stored = await offerSubscriptionsOf(context.origin.fork(), context.viewer.accountId);
      const matches = (event: OutboxEventRow) => stored.some((s) => matchesOfferEvent(offerKindOf(event), event.data as OfferEventData, s.filter));
      return eventStream({
        channel: subscribing(() => channelOf(context)), em: () => context.em, after,
        types: [OutboxEventType.SESSION_SLOT_PUBLISHED, OutboxEventType.IMMERSION_OFFER_PUBLISHED],
        test: matches, keys: offerFiltersKeys(stored.map((s) => s.filter)),
      });
    },
  })
  async offerFeed(
    @Root() event: OutboxEventRow,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event received: what came after it is replayed first; absent: new events only.' }) _after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OfferFeedEventType> {
    const loaders = freshLoaders(ctx);
    const stored = await offerSubscriptionsOf(ctx.em, ctx.viewer.accountId);
    const isSession = event.type === OutboxEventType.SESSION_SLOT_PUBLISHED;
    return {
      cursor: eventCursor(event.id),
      matchedSubscriptions: stored.filter((s) => matchesOfferEvent(offerKindOf(event), event.data as OfferEventData, s.filter)).map((s) => s.name),
      session: isSession ? await loaders.session.load(event.entityId) : null,
      immersionOffer: isSession ? null : await loaders.immersionOffer.load(event.entityId),
    };
  }

  @Subscription(() => ReferralEventType, {
    description: 'Status changes of the referrals you may see, debriefs recorded about them, and, for their prescribing and referent structures, their follow-ups becoming due, overdue or recorded. With `after`, first replays what came after that cursor.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, OfferArgs, GraphQLContext>) =>
      subscribing(() =>
        eventStream({
          channel: channelOf(context), em: () => context.em, after: afterOf(args.after), types: [OutboxEventType.REFERRAL_UPDATED],
          // The ids in the event are a first cut; the read rules decide, as for any query (once per event and
          // authorization class: they decide from the class only).
          test: (event) => mayConcern(context.viewer, event.data as unknown as ReferralEventData),
          accept: (event) =>
            referralVisibility.of(context.origin).get(event.id, authorizationClass(context.viewer), async () => (await referralsByIds(context.em, context.viewer, [event.entityId])).length === 1),
          keys: referralViewerKeys(context.viewer, isNetworkAdmin(context.viewer)),
        }),
      ),
  })
  async referralUpdated(
    @Root() event: OutboxEventRow,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event received: what came after it is replayed first; absent: new events only.' }) _after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ReferralEventType> {
    const followUp = (event.data as unknown as ReferralEventData).followUp ?? null;
    return {
      cursor: eventCursor(event.id),
      // Events written before `change` existed are status changes.
      change: (event.data.change as ReferralChange | undefined) ?? ReferralChange.STATUS,
      status: event.data.status as ReferralStatus,
      followUp: followUp ? { milestone: followUp.milestone as FollowUpMilestone, status: followUp.status as FollowUpStatus } : null,
      referral: await freshLoaders(ctx).referral.load(event.entityId),
    };
  }
}
