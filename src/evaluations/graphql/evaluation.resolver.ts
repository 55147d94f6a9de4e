import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { notePersonalDataRead } from '../../access';
import type { GraphQLContext } from '../../graphql/context';
import { ListItems } from '../../graphql/list-size';
import { CompetenceType, MetierType, type CompetenceRow, type MetierRow } from '../../metiers';
import { ReferralType, type ProjectedReferral } from '../../referrals';
import { EvaluatedCompetenceType, ImmersionEvaluationType } from './evaluation.types';
import type { EvaluationRow } from '../queries/evaluations';
import type { CompetenceLevel } from '../rules/evaluation-level';
import { evaluationReadable } from '../rules/evaluation-rules';
import { MAX_GRID_COMPETENCES } from '../use-cases/evaluations';

@Resolver(() => ReferralType)
export class ReferralEvaluationResolver {
  @FieldResolver(() => ImmersionEvaluationType, {
    nullable: true,
    description: 'The tutor\'s evaluation grid, for an immersion that took place: read by the prescribing and referent structures, network admins and the offering company; by the participant once shared; null before it is recorded, for a session, and for whoever may not read it.',
  })
  async evaluation(@Root() row: ProjectedReferral, @Ctx() ctx: GraphQLContext): Promise<EvaluationRow | null> {
    if (row.immersionOfferId === null) return null;
    const evaluation = await ctx.loaders.evaluationByReferral.load(row.id);
    return evaluation && evaluationReadable(row.view, evaluation.sharedAt) ? evaluation : null;
  }
}

@Resolver(() => ImmersionEvaluationType)
export class ImmersionEvaluationResolver {
  @FieldResolver(() => ReferralType, { nullable: true, description: 'The referral to the immersion offer it evaluates.' })
  referral(@Root() row: EvaluationRow, @Ctx() ctx: GraphQLContext): Promise<ProjectedReferral | null> {
    return ctx.loaders.referral.load(row.referralId);
  }

  @FieldResolver(() => MetierType, { nullable: true, description: 'The métier evaluated: the offer\'s, when the grid was recorded.' })
  metier(@Root() row: EvaluationRow, @Ctx() ctx: GraphQLContext): Promise<MetierRow | null> {
    return ctx.loaders.metier.load(row.metierCode);
  }

  @FieldResolver(() => [EvaluatedCompetenceType], { description: 'A level for each core compétence of the métier, in the order `Metier.competences` lists them.' })
  @ListItems(MAX_GRID_COMPETENCES)
  competences(@Root() row: EvaluationRow): CompetenceLevel[] {
    return row.competences;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The tutor\'s comment (free text about a person, personal data: each read audited); null when none, and after erasure.',
  })
  comment(@Root() row: EvaluationRow, @Ctx() ctx: GraphQLContext): string | null {
    if (row.comment !== null) notePersonalDataRead(ctx, row.participantId);
    return row.comment;
  }
}

@Resolver(() => EvaluatedCompetenceType)
export class EvaluatedCompetenceResolver {
  @FieldResolver(() => CompetenceType, { nullable: true, description: 'The ROME compétence (label, category).' })
  competence(@Root() row: CompetenceLevel, @Ctx() ctx: GraphQLContext): Promise<CompetenceRow | null> {
    return ctx.loaders.competence.load(row.code);
  }
}
