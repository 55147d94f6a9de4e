import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { ReferralType } from './referral.types';
import { ContractType } from '../rules/contract-type';
import { NoShowParty } from '../rules/no-show-party';
import { ReferralOutcome } from '../rules/referral-outcome';
import { RefusalReason } from '../rules/refusal-reason';
import {
  acceptReferral, cancelReferral, completeReferral, recordAttendance, referParticipant, refuseReferral,
} from '../use-cases/referrals';
import { recordFollowUp, RecordFollowUpInput } from '../use-cases/follow-ups';
import { addZodFields } from '../../graphql/zod-input';
import type { z } from '../../common/validate';
import type { ProjectedReferral } from '../rules/referral-access';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';

@ObjectType('ReferralPayload', { description: 'The referral after the change.', simpleResolvers: true })
class ReferralPayload {
  @Field(() => ReferralType, { description: 'The referral, as a query would show it to you now.' })
  referral!: ProjectedReferral;
}

@InputType('ReferParticipantInput', { description: 'Refer a participant your structure follows to a session or an immersion offer (give exactly one).' })
class ReferParticipantInput {
  @Field(() => ID, { description: 'Global id of the participant referred.' })
  participantId!: string;

  @Field(() => ID, { nullable: true, description: 'Global id of the session referred to; or give immersionOfferId.' })
  sessionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Global id of the immersion offer referred to (a published one); or give sessionId.' })
  immersionOfferId?: string | null;

  @Field({ description: 'Why you refer this person (motif de prescription), up to 2,000 characters.' })
  motive!: string;

  @Field(() => String, { nullable: true, description: 'Replaying the same key returns the first referral and creates nothing; the same key with another input is a CONFLICT.' })
  idempotencyKey?: string | null;
}

@InputType('ReferralIdInput', { description: 'The referral the operation applies to.' })
class ReferralIdInput {
  @Field(() => ID, { description: 'Global id of the referral.' })
  referralId!: string;
}

@InputType('RefuseReferralInput', { description: 'The host refuses a referral, with a reason.' })
class RefuseReferralInput extends ReferralIdInput {
  @Field(() => RefusalReason, { description: 'Why (motif de refus); OTHER needs a detail.' })
  reason!: RefusalReason;

  @Field(() => String, { nullable: true, description: 'Free text; required for OTHER.' })
  detail?: string | null;

  @Field({ description: 'Whether the reason may be shared with the participant.' })
  sharedWithParticipant!: boolean;
}

@InputType('CancelReferralInput', { description: 'Its prescriber, or the participant, withdraws a referral.' })
class CancelReferralInput extends ReferralIdInput {
  @Field(() => String, { nullable: true, description: 'Why, up to 2,000 characters: written in the referral\'s log (personal data: read by the prescriber, the referent and the participant).' })
  reason?: string | null;
}

@InputType('RecordAttendanceInput', { description: 'The host records whether the participant of an accepted referral came.' })
class RecordAttendanceInput extends ReferralIdInput {
  @Field({ description: 'Whether the participant came (présent).' })
  attended!: boolean;

  @Field(() => NoShowParty, { nullable: true, description: 'Who missed it; required when attended is false.' })
  noShowParty?: NoShowParty | null;
}

@InputType('CompleteReferralInput', { description: 'Its prescriber records what came out of a referral (suite de parcours).' })
class CompleteReferralInput extends ReferralIdInput {
  @Field(() => ReferralOutcome, { description: 'What came out of it.' })
  outcome!: ReferralOutcome;

  @Field(() => ContractType, { nullable: true, description: 'Required for HIRED.' })
  contractType?: ContractType | null;

  @Field(() => String, { nullable: true, description: 'A free note, up to 2,000 characters: read back as outcomeNote (personal data).' })
  note?: string | null;
}

@InputType('RecordFollowUpInput', { description: 'Its prescriber records the participant\'s situation at a follow-up (3 or 6 months after completion) of a COMPLETED referral.' })
class RecordFollowUpGraphQLInput {}
// Its fields and descriptions come from the use case's schema (one declaration: see src/graphql/zod-input.ts).
interface RecordFollowUpGraphQLInput extends Omit<z.input<typeof RecordFollowUpInput>, 'referralId'> {
  referralId: string;
}
addZodFields(RecordFollowUpGraphQLInput, RecordFollowUpInput, { types: { referralId: ID } });

const referralId = (input: { referralId: string }) => idOf('Referral', input.referralId, 'input.referralId');

@Resolver()
export class ReferralMutationResolver {
  @Mutation(() => ReferralPayload, { description: 'A prescriber refers a participant its structure follows (status PENDING).' })
  async referParticipant(@Arg('input', INPUT_ARG) input: ReferParticipantInput, @Ctx() ctx: GraphQLContext): Promise<ReferralPayload> {
    const id = await referParticipant(ctx.em, ctx.viewer, {
      participantId: idOf('Participant', input.participantId, 'input.participantId'),
      sessionId: input.sessionId ? idOf('Session', input.sessionId, 'input.sessionId') : null,
      immersionOfferId: input.immersionOfferId ? idOf('ImmersionOffer', input.immersionOfferId, 'input.immersionOfferId') : null,
      motive: input.motive,
      idempotencyKey: input.idempotencyKey,
    });
    return { referral: await reloaded(ctx.loaders.referral, id) };
  }

  @Mutation(() => ReferralPayload, { description: 'The host accepts: a seat is taken (ACCEPTED), or the referral joins the waiting list when the session is full (WAITLISTED).' })
  async acceptReferral(@Arg('input', INPUT_ARG) input: ReferralIdInput, @Ctx() ctx: GraphQLContext): Promise<ReferralPayload> {
    const id = await acceptReferral(ctx.em, ctx.viewer, { referralId: referralId(input) });
    return { referral: await reloaded(ctx.loaders.referral, id) };
  }

  @Mutation(() => ReferralPayload, { description: 'The host refuses, with a reason.' })
  async refuseReferral(@Arg('input', INPUT_ARG) input: RefuseReferralInput, @Ctx() ctx: GraphQLContext): Promise<ReferralPayload> {
    const id = await refuseReferral(ctx.em, ctx.viewer, { ...input, referralId: referralId(input) });
    return { referral: await reloaded(ctx.loaders.referral, id) };
  }

  @Mutation(() => ReferralPayload, { description: 'The prescriber or the participant withdraws; a held seat goes to the first of the waiting list.' })
  async cancelReferral(@Arg('input', INPUT_ARG) input: CancelReferralInput, @Ctx() ctx: GraphQLContext): Promise<ReferralPayload> {
    const id = await cancelReferral(ctx.em, ctx.viewer, { referralId: referralId(input), reason: input.reason });
    return { referral: await reloaded(ctx.loaders.referral, id) };
  }

  @Mutation(() => ReferralPayload, { description: 'The host records attendance after the start: ATTENDED, or NO_SHOW with who missed.' })
  async recordAttendance(@Arg('input', INPUT_ARG) input: RecordAttendanceInput, @Ctx() ctx: GraphQLContext): Promise<ReferralPayload> {
    const id = await recordAttendance(ctx.em, ctx.viewer, { ...input, referralId: referralId(input) });
    return { referral: await reloaded(ctx.loaders.referral, id) };
  }

  @Mutation(() => ReferralPayload, { description: 'The prescriber records the outcome (suite de parcours): interested, immersion requested, training, hired...' })
  async completeReferral(@Arg('input', INPUT_ARG) input: CompleteReferralInput, @Ctx() ctx: GraphQLContext): Promise<ReferralPayload> {
    const id = await completeReferral(ctx.em, ctx.viewer, { ...input, referralId: referralId(input) });
    return { referral: await reloaded(ctx.loaders.referral, id) };
  }

  @Mutation(() => ReferralPayload, {
    description: 'The prescriber records a follow-up (3 or 6 months after completion): the situation, from which durable employment is computed, and a note.',
  })
  async recordFollowUp(@Arg('input', INPUT_ARG) input: RecordFollowUpGraphQLInput, @Ctx() ctx: GraphQLContext): Promise<ReferralPayload> {
    const id = await recordFollowUp(ctx.em, ctx.viewer, { ...input, referralId: referralId(input) });
    return { referral: await reloaded(ctx.loaders.referral, id) };
  }
}
