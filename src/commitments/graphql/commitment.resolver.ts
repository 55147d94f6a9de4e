import { Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idsOf } from '../../graphql/global-id';
import { CommitmentType } from './commitment.types';
import { CommitmentProgressType, CompanyType, StructureType, type CompanyRow, type StructureRow } from '../../network';
import { Connection, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { LocalDate } from '../../graphql/scalars';
import { CommitmentAxis } from '../rules/commitment-axis';
import { CommitmentStatus } from '../rules/commitment-status';
import { progressOf, type CommitmentProgress } from '../rules/commitment-progress';
import { listCommitments, type CommitmentRow } from '../queries/commitments';

@ObjectType({ description: 'A page of commitments.' })
class CommitmentConnection extends Connection(CommitmentType, 'A page of commitments.') {}

@InputType('CommitmentFilter', { description: 'Which commitments; all conditions must hold.' })
class CommitmentFilterInput {
  @Field(() => [ID], { nullable: true, description: 'Commitments of any of these companies (global ids).' })
  companies?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Animating structures (usually a CRÉPI).' })
  animators?: string[] | null;

  @Field(() => [CommitmentAxis], { nullable: true, description: 'Commitments on any of these axes (all when absent or empty).' })
  axes?: CommitmentAxis[] | null;

  @Field(() => [CommitmentStatus], { nullable: true, description: 'Commitments in any of these statuses (all when absent or empty).' })
  statuses?: CommitmentStatus[] | null;

  @Field(() => LocalDate, { nullable: true, description: 'Commitments whose period contains this day.' })
  activeOn?: string | null;
}

@ArgsType()
class CommitmentsArgs extends PageArgsType {
  @Field(() => CommitmentFilterInput, { nullable: true, description: 'Which commitments; all when absent.' })
  filter?: CommitmentFilterInput | null;
}

@Resolver(() => CommitmentType)
export class CommitmentResolver {
  @Query(() => CommitmentConnection, { description: 'Commitments (PAQTE engagements) of companies, newest first.' })
  async commitments(@Args() args: CommitmentsArgs, @Ctx() ctx: GraphQLContext) {
    const { companies, animators, ...f } = args.filter ?? {};
    const filter = { ...f, companyIds: idsOf('Company', companies, 'filter.companies'), animatorIds: idsOf('Structure', animators, 'filter.animators') };
    return toConnection(await listCommitments(ctx.em, filter, pageArgs(args, ctx.maxPageSize)));
  }

  @FieldResolver(() => CompanyType, { nullable: true, description: 'The committing company.' })
  company(@Root() row: CommitmentRow, @Ctx() ctx: GraphQLContext): Promise<CompanyRow | null> {
    return ctx.loaders.company.load(row.companyId);
  }

  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure animating the convention (usually a CRÉPI).' })
  animator(@Root() row: CommitmentRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> | null {
    return row.animatorId === null ? null : ctx.loaders.structure.load(row.animatorId);
  }

  @FieldResolver(() => CommitmentProgressType, { description: 'Achieved against target: measured by the hub for sessions hosted and immersions offered in the period, declared otherwise.' })
  progress(@Root() row: CommitmentRow): CommitmentProgress {
    return progressOf(row.achieved, row.target);
  }
}
