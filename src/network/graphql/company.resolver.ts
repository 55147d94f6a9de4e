import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idsOf } from '../../graphql/global-id';
import { CommitmentType, type CommitmentRow } from '../../commitments';
import { ClubMembershipType, CompanyType } from './company.types';
import { ImmersionOfferType, type ImmersionOfferRow } from '../../offers';
import { LocationFilterInput } from '../../territories';
import { Connection, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { SessionType, type SessionRow } from '../../sessions';
import { StructureType } from './structure.types';
import { CompanySizeBand } from '../rules/company-size-band';
import { listCompanies, type CompanyRow } from '../queries/companies';
import type { StructureRow } from '../queries/structures';
import type { ClubMembershipRow } from '../queries/memberships';
import { DEFAULT_NESTED_LIMIT, nestedLimit } from '../../graphql/nested-limit';
import { reloaded } from '../../graphql/mutation-result';

@ObjectType({ description: 'A page of companies.' })
class CompanyConnection extends Connection(CompanyType, 'A page of companies.') {}

@InputType('CompanyFilter', { description: 'Which companies; all conditions must hold.' })
class CompanyFilterInput extends LocationFilterInput {
  @Field(() => String, { nullable: true, description: 'Words in the name.' })
  search?: string | null;

  @Field(() => [String], { nullable: true, description: 'NAF codes or prefixes: 43.99C, 4399C, 43.9, 43.' })
  nafCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Members of one of these clubs (CRÉPI structures).' })
  memberOf?: string[] | null;

  @Field(() => [CompanySizeBand], { nullable: true, description: 'Companies in any of these headcount bands (all when absent or empty).' })
  sizeBands?: CompanySizeBand[] | null;
}

@ArgsType()
class CompaniesArgs extends PageArgsType {
  @Field(() => CompanyFilterInput, { nullable: true, description: 'Which companies; all when absent.' })
  filter?: CompanyFilterInput | null;
}

@Resolver(() => CompanyType)
export class CompanyResolver {
  @Query(() => CompanyConnection, { description: 'Companies, by name (or by distance with `filter.near`).' })
  async companies(@Args() args: CompaniesArgs, @Ctx() ctx: GraphQLContext) {
    const f = args.filter ?? {};
    const filter = { ...f, memberOfIds: idsOf('Structure', f.memberOf, 'filter.memberOf') };
    return toConnection(await listCompanies(ctx.em, filter, pageArgs(args, ctx.maxPageSize)));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Label of the NAF code (null if the NAF referential was not imported).' })
  nafLabel(@Root() row: CompanyRow, @Ctx() ctx: GraphQLContext): Promise<string | null> | null {
    return row.nafCode ? ctx.loaders.nafLabel.load(row.nafCode) : null;
  }

  @FieldResolver(() => [StructureType], { description: 'Clubs the company is a member of (usually a CRÉPI): the first `first` of them.' })
  async memberOf(
    @Root() row: CompanyRow,
    @Arg('first', () => Int, { defaultValue: DEFAULT_NESTED_LIMIT, description: 'How many at most (1 to the server\'s maximum page size).' }) first: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<StructureRow[]> {
    // A company belongs to a few clubs: all its memberships are read, the page is cut here.
    const current = (await ctx.loaders.clubMembershipsByCompany.load(row.id)).filter((m) => m.leftOn === null);
    const clubs = await ctx.loaders.structure.loadMany(current.slice(0, nestedLimit(first, ctx.maxPageSize)).map((m) => m.clubId));
    return clubs.filter((c): c is StructureRow => c !== null && !(c instanceof Error));
  }

  @FieldResolver(() => [ClubMembershipType], { description: 'The company\'s memberships of clubs with their dates: current ones first, then, with `includePast`, those that ended (latest first); the first `first` of them.' })
  async memberships(
    @Root() row: CompanyRow,
    @Arg('includePast', { defaultValue: false, description: 'Also the memberships that ended (removeClubMember).' }) includePast: boolean,
    @Arg('first', () => Int, { defaultValue: DEFAULT_NESTED_LIMIT, description: 'How many at most (1 to the server\'s maximum page size).' }) first: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ClubMembershipRow[]> {
    const all = await ctx.loaders.clubMembershipsByCompany.load(row.id);
    return (includePast ? all : all.filter((m) => m.leftOn === null)).slice(0, nestedLimit(first, ctx.maxPageSize));
  }

  @FieldResolver(() => [CommitmentType], { description: 'Commitments (PAQTE engagements) of the company, oldest first: the first `first` of them (`commitmentsCount` says how many there are; `commitments(filter: { companies })` pages through all).' })
  commitments(
    @Root() row: CompanyRow,
    @Arg('first', () => Int, { defaultValue: DEFAULT_NESTED_LIMIT, description: 'How many at most (1 to the server\'s maximum page size).' }) first: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CommitmentRow[]> {
    return ctx.loaders.commitmentsByCompany(nestedLimit(first, ctx.maxPageSize)).load(row.id);
  }

  @FieldResolver(() => Int, { description: 'Number of commitments, all statuses.' })
  commitmentsCount(@Root() row: CompanyRow, @Ctx() ctx: GraphQLContext): Promise<number> | number {
    return row.commitmentsCount ?? ctx.loaders.commitmentCountByCompany.load(row.id);
  }

  @FieldResolver(() => [SessionType], { description: 'Sessions hosted by the company that you may see, latest start first.' })
  sessions(@Root() row: CompanyRow, @Arg('first', () => Int, { defaultValue: DEFAULT_NESTED_LIMIT, description: 'How many at most (1 to the server\'s maximum page size).' }) first: number, @Ctx() ctx: GraphQLContext): Promise<SessionRow[]> {
    return ctx.loaders.sessionsByHostCompany(nestedLimit(first, ctx.maxPageSize)).load(row.id);
  }

  @FieldResolver(() => [ImmersionOfferType], { description: 'Immersion offers of the company that you may see, newest first.' })
  immersionOffers(@Root() row: CompanyRow, @Arg('first', () => Int, { defaultValue: DEFAULT_NESTED_LIMIT, description: 'How many at most (1 to the server\'s maximum page size).' }) first: number, @Ctx() ctx: GraphQLContext): Promise<ImmersionOfferRow[]> {
    return ctx.loaders.immersionOffersByCompany(nestedLimit(first, ctx.maxPageSize)).load(row.id);
  }
}

@Resolver(() => ClubMembershipType)
export class ClubMembershipResolver {
  @FieldResolver(() => StructureType, { description: 'The club (a CRÉPI structure, public).' })
  async club(@Root() row: ClubMembershipRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow> {
    return reloaded(ctx.loaders.structure, row.clubId);
  }
}
