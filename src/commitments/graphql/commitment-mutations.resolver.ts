import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { CommitmentType } from './commitment.types';
import { LocalDate } from '../../graphql/scalars';
import { CommitmentAxis } from '../rules/commitment-axis';
import { CommitmentMeasure } from '../rules/commitment-measure';
import { proposeCommitment, recordCommitmentProgress, signCommitment, withdrawCommitment } from '../use-cases/commitments';
import type { CommitmentRow } from '../queries/commitments';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';

@ObjectType('CommitmentPayload', { description: 'The commitment after the change.', simpleResolvers: true })
class CommitmentPayload {
  @Field(() => CommitmentType, { description: 'The commitment, as a query would show it to you now.' })
  commitment!: CommitmentRow;
}

@InputType('ProposeCommitmentInput', { description: 'A new PAQTE commitment, PROPOSED until its animator signs the convention.' })
class ProposeCommitmentInput {
  @Field(() => ID, { nullable: true, description: 'The committing company: required for a CRÉPI (one of its members) and for network admins; company staff propose for their own company.' })
  companyId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The CRÉPI animating the convention (it signs it). Left out: the company\'s CRÉPI, or BAD_USER_INPUT when the company is a member of none or of several. A CRÉPI animates what it proposes.' })
  animatorId?: string | null;

  @Field(() => CommitmentAxis, { description: 'The PAQTE axis of the pledge.' })
  axis!: CommitmentAxis;

  @Field({ description: 'The pledge in the company\'s words, up to 2,000 characters.' })
  pledge!: string;

  @Field(() => CommitmentMeasure, { description: 'What the target counts: sessions hosted and immersions offered are measured by the hub, the rest is declared.' })
  measure!: CommitmentMeasure;

  @Field(() => Int, { description: '1 to 1,000,000,000.' })
  target!: number;

  @Field(() => LocalDate, { description: 'First day of the pledge\'s period.' })
  periodStart!: string;

  @Field(() => LocalDate, { description: 'On or after periodStart, at most 5 years later, and not already past.' })
  periodEnd!: string;

  @Field(() => String, { nullable: true, description: 'Replaying the same key returns the first commitment and creates nothing; the same key with another input is a CONFLICT.' })
  idempotencyKey?: string | null;
}

@InputType('CommitmentIdInput', { description: 'The commitment the operation applies to.' })
class CommitmentIdInput {
  @Field(() => ID, { description: 'Global id of the commitment.' })
  commitmentId!: string;
}

@InputType('SignCommitmentInput', { description: 'The animating structure signs a PROPOSED commitment, naming the convention\'s public partners.' })
class SignCommitmentInput extends CommitmentIdInput {
  @Field(() => [String], { description: 'The public partners of the tripartite convention, 1 to 5 ("Préfecture de la Seine-Saint-Denis", "Plaine Commune").' })
  publicPartners!: string[];

  @Field(() => LocalDate, { description: 'The day the convention was signed: today or earlier.' })
  conventionSignedOn!: string;
}

@InputType('RecordCommitmentProgressInput', { description: 'Progress declared on a SIGNED commitment whose measure the hub does not count.' })
class RecordCommitmentProgressInput extends CommitmentIdInput {
  @Field(() => Int, { description: 'Progress so far, 0 to 1,000,000,000, replacing the previous declaration; reaching the target fulfils the commitment.' })
  declaredProgress!: number;
}

@InputType('WithdrawCommitmentInput', { description: 'The company or its animator withdraws a PROPOSED or SIGNED commitment.' })
class WithdrawCommitmentInput extends CommitmentIdInput {
  @Field(() => String, { nullable: true, description: 'Why, up to 2,000 characters.' })
  reason?: string | null;
}

const commitmentId = (input: CommitmentIdInput) => idOf('Commitment', input.commitmentId, 'input.commitmentId');

@Resolver()
export class CommitmentMutationResolver {
  @Mutation(() => CommitmentPayload, { description: 'A company, its CRÉPI or a network admin proposes a PAQTE commitment (status PROPOSED).' })
  async proposeCommitment(@Arg('input', INPUT_ARG) input: ProposeCommitmentInput, @Ctx() ctx: GraphQLContext): Promise<CommitmentPayload> {
    const id = await proposeCommitment(ctx.em, ctx.viewer, {
      ...input,
      companyId: input.companyId != null ? idOf('Company', input.companyId, 'input.companyId') : null,
      animatorId: input.animatorId != null ? idOf('Structure', input.animatorId, 'input.animatorId') : null,
    });
    return { commitment: await reloaded(ctx.loaders.commitment, id) };
  }

  @Mutation(() => CommitmentPayload, { description: 'The animating CRÉPI signs the tripartite convention with its public partners: SIGNED.' })
  async signCommitment(@Arg('input', INPUT_ARG) input: SignCommitmentInput, @Ctx() ctx: GraphQLContext): Promise<CommitmentPayload> {
    const id = await signCommitment(ctx.em, ctx.viewer, { ...input, commitmentId: commitmentId(input) });
    return { commitment: await reloaded(ctx.loaders.commitment, id) };
  }

  @Mutation(() => CommitmentPayload, { description: 'The company or its animator declares progress on a SIGNED commitment the hub does not measure; reaching the target makes it FULFILLED.' })
  async recordCommitmentProgress(@Arg('input', INPUT_ARG) input: RecordCommitmentProgressInput, @Ctx() ctx: GraphQLContext): Promise<CommitmentPayload> {
    const id = await recordCommitmentProgress(ctx.em, ctx.viewer, { ...input, commitmentId: commitmentId(input) });
    return { commitment: await reloaded(ctx.loaders.commitment, id) };
  }

  @Mutation(() => CommitmentPayload, { description: 'The company or its animator withdraws a PROPOSED or SIGNED commitment: WITHDRAWN.' })
  async withdrawCommitment(@Arg('input', INPUT_ARG) input: WithdrawCommitmentInput, @Ctx() ctx: GraphQLContext): Promise<CommitmentPayload> {
    const id = await withdrawCommitment(ctx.em, ctx.viewer, { commitmentId: commitmentId(input), reason: input.reason });
    return { commitment: await reloaded(ctx.loaders.commitment, id) };
  }
}
