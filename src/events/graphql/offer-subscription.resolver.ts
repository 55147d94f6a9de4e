import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { OfferFilterData } from '../entities/offer-subscription';
import { MAX_OFFER_SUBSCRIPTIONS, offerSubscriptionsOf, subscribeToOffers, unsubscribeFromOffers, type OfferSubscriptionRow } from '../use-cases/offer-subscriptions';
import { BadInputError } from '../../common/errors';
import { type Viewer, AccountType } from '../../access';
import type { GraphQLContext } from '../../graphql/context';
import { OfferEventFilterInput, OfferSubscriptionType } from './events.types';
import { ListItems } from '../../graphql/list-size';
import { INPUT_ARG } from '../../graphql/mutation-result';

@InputType('SubscribeToOffersInput', { description: 'A named filter to store for your account (the same name replaces its filter).' })
class SubscribeToOffersInput {
  @Field({ description: 'Your name for it (unique per account; the same name replaces the filter), up to 100 characters.' })
  name!: string;

  @Field(() => OfferEventFilterInput, { description: 'What the subscription matches (offerFeed delivers what matches any of yours).' })
  filter!: OfferEventFilterInput;
}

@InputType('UnsubscribeFromOffersInput', { description: 'One of your stored subscriptions to delete.' })
class UnsubscribeFromOffersInput {
  @Field(() => ID, { description: 'Its id (OfferSubscription.id).' })
  subscriptionId!: string;
}

@ObjectType('OfferSubscriptionPayload', { description: 'Your stored subscriptions after the change.', simpleResolvers: true })
class OfferSubscriptionPayload {
  @Field(() => OfferSubscriptionType, { nullable: true, description: 'The stored subscription (null after unsubscribing).' })
  subscription!: OfferSubscriptionView | null;

  @Field(() => [OfferSubscriptionType], { description: 'All your stored subscriptions after the change.' })
  @ListItems(MAX_OFFER_SUBSCRIPTIONS)
  subscriptions!: OfferSubscriptionView[];
}

type OfferSubscriptionView = Omit<OfferSubscriptionRow, 'id'> & { id: string };

const view = (row: OfferSubscriptionRow): OfferSubscriptionView => ({ ...row, id: String(row.id) });

function withoutNulls(filter: OfferEventFilterInput): OfferFilterData {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v != null).map(([k, v]) => [k, k === 'near' ? { ...(v as object) } : v])) as OfferFilterData;
}

async function payload(ctx: GraphQLContext, id: number | null): Promise<OfferSubscriptionPayload> {
  const all = (await offerSubscriptionsOf(ctx.em, ctx.viewer.accountId)).map(view);
  return { subscription: all.find((s) => s.id === String(id)) ?? null, subscriptions: all };
}

@Resolver(() => AccountType)
export class OfferSubscriptionResolver {
  @Mutation(() => OfferSubscriptionPayload, { description: 'Store a named filter: `offerFeed` then pushes the new visit slots and immersion offers that match it.' })
  async subscribeToOffers(@Arg('input', INPUT_ARG) input: SubscribeToOffersInput, @Ctx() ctx: GraphQLContext): Promise<OfferSubscriptionPayload> {
    const id = await subscribeToOffers(ctx.em, ctx.viewer, { name: input.name, filter: withoutNulls(input.filter) });
    return payload(ctx, id);
  }

  @Mutation(() => OfferSubscriptionPayload, { description: 'Remove one of your stored subscriptions.' })
  async unsubscribeFromOffers(@Arg('input', INPUT_ARG) input: UnsubscribeFromOffersInput, @Ctx() ctx: GraphQLContext): Promise<OfferSubscriptionPayload> {
    const id = Number(input.subscriptionId);
    if (!Number.isInteger(id) || id <= 0) throw new BadInputError('input.subscriptionId', 'is not a subscription id');
    await unsubscribeFromOffers(ctx.em, ctx.viewer, id);
    return payload(ctx, null);
  }

  @FieldResolver(() => [OfferSubscriptionType], { description: 'Your stored offer subscriptions (only on your own account).' })
  @ListItems(MAX_OFFER_SUBSCRIPTIONS)
  async offerSubscriptions(@Root() account: Viewer & { id: number }, @Ctx() ctx: GraphQLContext): Promise<OfferSubscriptionView[]> {
    if (account.id !== ctx.viewer.accountId) return [];
    return (await offerSubscriptionsOf(ctx.em, account.id)).map(view);
  }
}
