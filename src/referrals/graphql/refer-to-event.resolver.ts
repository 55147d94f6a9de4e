import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { ReferralType } from './referral.types';
import { referToMultiSiteEvent } from '../use-cases/refer-to-event';
import type { ProjectedReferral } from '../rules/referral-access';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';

@ObjectType('ReferParticipantToEventPayload', { description: 'The referral, to the workshop the hub picked (its `session`).', simpleResolvers: true })
class ReferParticipantToEventPayload {
  @Field(() => ReferralType, { description: 'The referral, as a query would show it to you now.' })
  referral!: ProjectedReferral;
}

@InputType('ReferParticipantToEventInput', { description: 'Refer a participant your structure follows to a multi-site event as a whole: the hub picks a workshop with a seat left.' })
class ReferParticipantToEventInput {
  @Field(() => ID, { description: 'Global id of the participant referred.' })
  participantId!: string;

  @Field(() => ID, { description: 'The multi-site event (rallye).' })
  multiSiteEventId!: string;

  @Field({ description: 'Why you refer this person (motif de prescription), up to 2,000 characters.' })
  motive!: string;

  @Field(() => String, { nullable: true, description: 'Replaying the same key returns the first referral and creates nothing; the same key with another input is a CONFLICT.' })
  idempotencyKey?: string | null;
}

@Resolver()
export class ReferToEventMutationResolver {
  @Mutation(() => ReferParticipantToEventPayload, {
    description: 'A prescriber refers a participant to a whole multi-site event: the hub picks, among the published workshops the participant is old enough for, the one with the most places left (the one the participant is already referred to, if any) and refers to it as referParticipant does. No workshop with a seat left: CAPACITY_REACHED.',
  })
  async referParticipantToEvent(@Arg('input', INPUT_ARG) input: ReferParticipantToEventInput, @Ctx() ctx: GraphQLContext): Promise<ReferParticipantToEventPayload> {
    const id = await referToMultiSiteEvent(ctx.em, ctx.viewer, {
      participantId: idOf('Participant', input.participantId, 'input.participantId'),
      multiSiteEventId: idOf('MultiSiteEvent', input.multiSiteEventId, 'input.multiSiteEventId'),
      motive: input.motive,
      idempotencyKey: input.idempotencyKey,
    });
    return { referral: await reloaded(ctx.loaders.referral, id) };
  }
}
