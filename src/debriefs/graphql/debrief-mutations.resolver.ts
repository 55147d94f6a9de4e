import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ReferralType, type ProjectedReferral } from '../../referrals';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';
import { addZodFields } from '../../graphql/zod-input';
import type { z } from '../../common/validate';
import type { DebriefRow } from '../queries/debriefs';
import { DebriefInterestInput, RecordDebriefInput, recordDebrief } from '../use-cases/record-debrief';
import { DebriefType } from './debrief.types';

@ObjectType('RecordDebriefPayload', { description: 'The debrief written, and its referral.', simpleResolvers: true })
class RecordDebriefPayload {
  @Field(() => DebriefType, { description: 'The debrief, as a query would show it to you now.' })
  debrief!: DebriefRow;

  @Field(() => ReferralType, { description: 'The referral debriefed, as a query would show it to you now.' })
  referral!: ProjectedReferral;
}

@InputType('DebriefInterestInput', { description: 'The interest shown in one métier of the session.' })
class DebriefInterestGraphQLInput {}
interface DebriefInterestGraphQLInput extends z.input<typeof DebriefInterestInput> {}
addZodFields(DebriefInterestGraphQLInput, DebriefInterestInput);

@InputType('RecordDebriefInput', {
  description: `Debrief a participant who attended a session, within 30 days of its end. One debrief per side (the organiser's, the host company's) and referral: recording again replaces your side's debrief.`,
})
class RecordDebriefGraphQLInput {}
// Its fields and descriptions come from the use case's schema (one declaration: see src/graphql/zod-input.ts).
interface RecordDebriefGraphQLInput extends Omit<z.input<typeof RecordDebriefInput>, 'referralId'> {
  referralId: string;
}
addZodFields(RecordDebriefGraphQLInput, RecordDebriefInput, { types: { referralId: ID, interests: [DebriefInterestGraphQLInput] } });

@Resolver()
export class DebriefMutationResolver {
  @Mutation(() => RecordDebriefPayload, {
    description: 'The organiser (SA/SS of the organising structure) or the host company (CA/CS) records, or rewrites, its debrief of a participant who attended; the parties are told through referralUpdated (change DEBRIEF_RECORDED).',
  })
  async recordDebrief(@Arg('input', INPUT_ARG) input: RecordDebriefGraphQLInput, @Ctx() ctx: GraphQLContext): Promise<RecordDebriefPayload> {
    const referralId = idOf('Referral', input.referralId, 'input.referralId');
    const id = await recordDebrief(ctx.em, ctx.viewer, { ...input, referralId });
    const referral = await reloaded(ctx.loaders.referral, referralId);
    const debrief = (await ctx.loaders.debriefsByReferral.clear(referral).load(referral)).find((d) => d.id === id);
    if (!debrief) throw new Error(`the debrief ${id} is not visible to its writer`);
    return { debrief, referral };
  }
}
