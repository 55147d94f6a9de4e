import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { AddressInput } from '../../territories';
import { ImmersionOfferType } from './immersion-offer.types';
import { LocalDate } from '../../graphql/scalars';
import { ImmersionObjective } from '../rules/immersion-objective';
import { closeImmersionOffer, createImmersionOffer, publishImmersionOffer } from '../use-cases/immersion-offers';
import type { ImmersionOfferRow } from '../queries/immersion-offers';
import { reloaded } from '../../graphql/mutation-result';

@ObjectType('ImmersionOfferPayload', { description: 'The immersion offer after the change.', simpleResolvers: true })
class ImmersionOfferPayload {
  @Field(() => ImmersionOfferType)
  immersionOffer!: ImmersionOfferRow;
}

@InputType('CreateImmersionOfferInput', { description: 'A new PMSMP offer, created as a DRAFT: publish it to open referrals. Without `communeCode`, the immersion takes place at the company\'s address.' })
class CreateImmersionOfferInput extends AddressInput {
  @Field(() => ID, { nullable: true, description: 'The offering company: network admins only (required for them); company staff create for their own company.' })
  companyId?: string | null;

  @Field({ description: 'ROME fiche of the immersion (F1701).' })
  metierCode!: string;

  @Field(() => Int, { nullable: true, description: 'OGR code of an appellation of that fiche (12680 "Coffreur bancheur / Coffreuse bancheuse").' })
  appellationCode?: number | null;

  @Field(() => ImmersionObjective, { description: 'Say it plainly: people otherwise read an immersion as a job offer.' })
  objective!: ImmersionObjective;

  @Field({ description: 'Up to 200 characters.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Up to 5,000 characters.' })
  description?: string | null;

  @Field(() => LocalDate, { description: 'First day the company can host: today (in France) or later, at most two years ahead.' })
  availableFrom!: string;

  @Field(() => LocalDate, { description: 'Last day the company can host: at most 365 days after the first, and at most two years ahead.' })
  availableUntil!: string;

  @Field(() => Int, { description: 'Longest immersion proposed, in days of presence: 1 to 30 (PMSMP rule), within the window.' })
  maxPresenceDays!: number;

  @Field(() => Int, { description: 'How many people the company can host over the window, 1 to 100.' })
  positions!: number;

  @Field(() => String, { nullable: true, description: 'Replaying the same key returns the first offer and creates nothing; the same key with another input is a CONFLICT.' })
  idempotencyKey?: string | null;
}

@InputType('ImmersionOfferIdInput')
class ImmersionOfferIdInput {
  @Field(() => ID)
  immersionOfferId!: string;
}

@InputType('CloseImmersionOfferInput')
class CloseImmersionOfferInput extends ImmersionOfferIdInput {
  @Field(() => String, { nullable: true, description: 'Why: written in the log of every referral cancelled with the offer.' })
  reason?: string | null;
}

const offerId = (input: ImmersionOfferIdInput) => idOf('ImmersionOffer', input.immersionOfferId, 'input.immersionOfferId');

@Resolver()
export class ImmersionOfferMutationResolver {
  @Mutation(() => ImmersionOfferPayload, { description: 'A company creates an immersion offer (PMSMP, status DRAFT).' })
  async createImmersionOffer(@Arg('input') input: CreateImmersionOfferInput, @Ctx() ctx: GraphQLContext): Promise<ImmersionOfferPayload> {
    const id = await createImmersionOffer(ctx.em, ctx.viewer, {
      ...input,
      companyId: input.companyId != null ? idOf('Company', input.companyId, 'input.companyId') : null,
    });
    return { immersionOffer: await reloaded(ctx.loaders.immersionOffer, id) };
  }

  @Mutation(() => ImmersionOfferPayload, { description: 'The company publishes a draft whose window is not over; subscribers are told.' })
  async publishImmersionOffer(@Arg('input') input: ImmersionOfferIdInput, @Ctx() ctx: GraphQLContext): Promise<ImmersionOfferPayload> {
    const id = await publishImmersionOffer(ctx.em, ctx.viewer, { immersionOfferId: offerId(input) });
    return { immersionOffer: await reloaded(ctx.loaders.immersionOffer, id) };
  }

  @Mutation(() => ImmersionOfferPayload, { description: 'The company closes a published offer: pending and waitlisted referrals are cancelled (OFFER_CLOSED); accepted immersions go on.' })
  async closeImmersionOffer(@Arg('input') input: CloseImmersionOfferInput, @Ctx() ctx: GraphQLContext): Promise<ImmersionOfferPayload> {
    const id = await closeImmersionOffer(ctx.em, ctx.viewer, { immersionOfferId: offerId(input), reason: input.reason });
    return { immersionOffer: await reloaded(ctx.loaders.immersionOffer, id) };
  }
}
