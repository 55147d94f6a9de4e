import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';
import { ImmersionEvaluationType } from './evaluation.types';
import { EvaluationLevel } from '../rules/evaluation-level';
import type { EvaluationRow } from '../queries/evaluations';
import { MAX_GRID_COMPETENCES, recordImmersionEvaluation, shareImmersionEvaluation } from '../use-cases/evaluations';

@ObjectType('ImmersionEvaluationPayload', { description: 'The evaluation after the change.', simpleResolvers: true })
class ImmersionEvaluationPayload {
  @Field(() => ImmersionEvaluationType, { description: 'The evaluation, as a query would show it to you now.' })
  evaluation!: EvaluationRow;
}

@InputType('EvaluatedCompetenceInput', { description: 'The level observed for one core compétence of the métier.' })
class EvaluatedCompetenceInput {
  @Field(() => Int, { description: 'OGR code of a core compétence of the immersion\'s métier (`Metier.competences`).' })
  code!: number;

  @Field(() => EvaluationLevel, { description: 'The level observed; NOT_OBSERVED when the immersion gave no occasion.' })
  level!: EvaluationLevel;
}

@InputType('RecordImmersionEvaluationInput', { description: 'The evaluation grid of an immersion that took place.' })
class RecordImmersionEvaluationInput {
  @Field(() => ID, { description: 'Global id of the referral to the immersion offer (ATTENDED or COMPLETED).' })
  referralId!: string;

  @Field(() => [EvaluatedCompetenceInput], {
    description: `Every core compétence of the offer's métier once, each with its level (at most ${MAX_GRID_COMPETENCES}); another compétence, one given twice or one left out is refused.`,
  })
  competences!: EvaluatedCompetenceInput[];

  @Field(() => EvaluationLevel, { description: 'Punctuality (ponctualité, assiduité).' })
  punctuality!: EvaluationLevel;

  @Field(() => EvaluationLevel, { description: 'Teamwork (travail en équipe).' })
  teamwork!: EvaluationLevel;

  @Field(() => EvaluationLevel, { description: 'Following instructions (respect des consignes).' })
  instructions!: EvaluationLevel;

  @Field(() => Int, { description: 'The company\'s satisfaction, 1 to 5.' })
  companySatisfaction!: number;

  @Field(() => Int, { description: 'The participant\'s satisfaction, 1 to 5.' })
  participantSatisfaction!: number;

  @Field(() => String, { nullable: true, description: 'A comment, up to 2,000 characters (personal data: erased with the participant).' })
  comment?: string | null;
}

@InputType('ShareImmersionEvaluationInput', { description: 'Which evaluation to share with the participant.' })
class ShareImmersionEvaluationInput {
  @Field(() => ID, { description: 'Global id of the evaluation.' })
  evaluationId!: string;
}

@Resolver()
export class EvaluationMutationResolver {
  @Mutation(() => ImmersionEvaluationPayload, {
    description:
      'The tutor (the offering company\'s admins and staff, or a network admin) records the evaluation grid of an immersion that took place; called again, it replaces the grid until the prescriber shares it (then CONFLICT).',
  })
  async recordImmersionEvaluation(@Arg('input', INPUT_ARG) input: RecordImmersionEvaluationInput, @Ctx() ctx: GraphQLContext): Promise<ImmersionEvaluationPayload> {
    const id = await recordImmersionEvaluation(ctx.em, ctx.viewer, { ...input, referralId: idOf('Referral', input.referralId, 'input.referralId') });
    return { evaluation: await reloaded(ctx.loaders.immersionEvaluation, id) };
  }

  @Mutation(() => ImmersionEvaluationPayload, {
    description: 'The prescriber (staff of the prescribing structure, or a network admin) shares an evaluation with the participant, who reads it from then on; sharing again changes nothing.',
  })
  async shareImmersionEvaluation(@Arg('input', INPUT_ARG) input: ShareImmersionEvaluationInput, @Ctx() ctx: GraphQLContext): Promise<ImmersionEvaluationPayload> {
    const id = await shareImmersionEvaluation(ctx.em, ctx.viewer, { evaluationId: idOf('ImmersionEvaluation', input.evaluationId, 'input.evaluationId') });
    return { evaluation: await reloaded(ctx.loaders.immersionEvaluation, id) };
  }
}
