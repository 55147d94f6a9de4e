import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { AddressInput, locationInput } from '../../territories';
import { addZodFields } from '../../graphql/zod-input';
import type { z } from '../../common/validate';
import { ImmersionOfferType } from './immersion-offer.types';
import { LocalDate } from '../../graphql/scalars';
import { CreateOfferInput, closeImmersionOffer, createImmersionOffer, publishImmersionOffer } from '../use-cases/immersion-offers';
import type { ImmersionOfferRow } from '../queries/immersion-offers';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';

@ObjectType('ImmersionOfferPayload', { description: 'The immersion offer after the change.', simpleResolvers: true })
class ImmersionOfferPayload {
  @Field(() => ImmersionOfferType, { description: 'The immersion offer, as a query would show it to you now.' })
  immersionOffer!: ImmersionOfferRow;
}

@InputType('CreateImmersionOfferInput', { description: 'A new PMSMP offer, created as a DRAFT: publish it to open referrals. Without `communeCode`, the immersion takes place at the company\'s address.' })
class CreateImmersionOfferInput extends AddressInput {}
// Its fields and descriptions come from the use case's schema (one declaration: see src/graphql/zod-input.ts).
interface CreateImmersionOfferInput extends Omit<z.input<typeof CreateOfferInput>, 'companyId' | 'programmeId'> {
  companyId?: string | null;
  programmeId?: string | null;
}
addZodFields(CreateImmersionOfferInput, CreateOfferInput, {
  skip: Object.keys(locationInput),
  types: { companyId: ID, programmeId: ID, availableFrom: LocalDate, availableUntil: LocalDate },
});

@InputType('ImmersionOfferIdInput', { description: 'The immersion offer the operation applies to.' })
class ImmersionOfferIdInput {
  @Field(() => ID, { description: 'Global id of the immersion offer.' })
  immersionOfferId!: string;
}

@InputType('CloseImmersionOfferInput', { description: 'Its company closes a published offer: it takes no more referrals, and those still awaiting an answer are cancelled.' })
class CloseImmersionOfferInput extends ImmersionOfferIdInput {
  @Field(() => String, { nullable: true, description: 'Why: written in the log of every referral cancelled with the offer.' })
  reason?: string | null;
}

const offerId = (input: ImmersionOfferIdInput) => idOf('ImmersionOffer', input.immersionOfferId, 'input.immersionOfferId');

@Resolver()
export class ImmersionOfferMutationResolver {
  @Mutation(() => ImmersionOfferPayload, { description: 'A company creates an immersion offer (PMSMP, status DRAFT).' })
  async createImmersionOffer(@Arg('input', INPUT_ARG) input: CreateImmersionOfferInput, @Ctx() ctx: GraphQLContext): Promise<ImmersionOfferPayload> {
    const id = await createImmersionOffer(ctx.em, ctx.viewer, {
      ...input,
      companyId: input.companyId != null ? idOf('Company', input.companyId, 'input.companyId') : null,
      programmeId: input.programmeId != null ? idOf('Programme', input.programmeId, 'input.programmeId') : null,
    });
    return { immersionOffer: await reloaded(ctx.loaders.immersionOffer, id) };
  }

  @Mutation(() => ImmersionOfferPayload, { description: 'The company publishes a draft whose window is not over; subscribers are told.' })
  async publishImmersionOffer(@Arg('input', INPUT_ARG) input: ImmersionOfferIdInput, @Ctx() ctx: GraphQLContext): Promise<ImmersionOfferPayload> {
    const id = await publishImmersionOffer(ctx.em, ctx.viewer, { immersionOfferId: offerId(input) });
    return { immersionOffer: await reloaded(ctx.loaders.immersionOffer, id) };
  }

  @Mutation(() => ImmersionOfferPayload, { description: 'The company closes a published offer: pending and waitlisted referrals are cancelled (OFFER_CLOSED); accepted immersions go on.' })
  async closeImmersionOffer(@Arg('input', INPUT_ARG) input: CloseImmersionOfferInput, @Ctx() ctx: GraphQLContext): Promise<ImmersionOfferPayload> {
    const id = await closeImmersionOffer(ctx.em, ctx.viewer, { immersionOfferId: offerId(input), reason: input.reason });
    return { immersionOffer: await reloaded(ctx.loaders.immersionOffer, id) };
  }
}
