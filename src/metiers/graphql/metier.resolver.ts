import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { AppellationType, DomaineType, MetierCompetenceType, MetierType } from './metier.types';
import { CompetenceRelevance } from '../rules/competence-relevance';
import type { MetierCompetenceRow } from '../queries/competences';
import { ListItems } from '../../graphql/list-size';
import { Connection, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { SessionType, type SessionRow } from '../../sessions';
import { listMetiers, type AppellationRow, type DomaineRow, type GrandDomaineRow, type MetierRow } from '../queries/metiers';
import { DEFAULT_NESTED_LIMIT, nestedLimit } from '../../graphql/nested-limit';

@ObjectType({ description: 'A page of ROME fiches métiers.' })
class MetierConnection extends Connection(MetierType, 'A page of ROME fiches métiers.') {}

@ArgsType()
class MetiersArgs extends PageArgsType {
  @Field(() => String, { nullable: true, description: 'Words to find in the code, label or any appellation (accents and case ignored): "coffreur bancheur". Text without a letter or digit ("%") matches nothing.' })
  search?: string | null;

  @Field(() => [String], { nullable: true, description: 'ROME fiches, domaines or grands domaines: F1701, F17, F.' })
  romeCodes?: string[] | null;
}

/** Above the largest fiche of the ROME 4.0 (121 appellations): one page can always hold a whole fiche. */
const MAX_APPELLATIONS = 200;

/** Above the largest fiche of the ROME 4.0 v460 (84 compétences, 20 of them core): bounds the cost estimate. */
const MAX_COMPETENCES = 120;

@Resolver(() => MetierType)
export class MetierResolver {
  @Query(() => MetierConnection, {
    description:
      'ROME 4.0 fiches métiers, by code; with `search`, best match first: a fiche whose label is the search ("maçon": F1703 "Maçon / Maçonne"), one with an appellation that is, then labels and appellations starting with it, then the other matches by trigram similarity, then by code.',
  })
  async metiers(@Args() args: MetiersArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await listMetiers(ctx.em, { search: args.search, romeCodes: args.romeCodes }, pageArgs(args, ctx.maxPageSize)));
  }

  @Query(() => MetierType, { nullable: true, description: 'One fiche métier by ROME code (F1701); null if unknown.' })
  metier(@Arg('code', { description: 'ROME code of the fiche (F1701), case and surrounding spaces ignored.' }) code: string, @Ctx() ctx: GraphQLContext): Promise<MetierRow | null> {
    return ctx.loaders.metier.load(code.trim().toUpperCase());
  }

  @FieldResolver(() => DomaineType, { nullable: true, description: 'The domaine professionnel of the fiche (its first three characters).' })
  domaine(@Root() row: MetierRow, @Ctx() ctx: GraphQLContext): Promise<DomaineRow | null> {
    return ctx.loaders.domaine.load(row.domaineCode);
  }

  @FieldResolver(() => [AppellationType], {
    description: `Job titles of this fiche, the principal one first, then by label: the first \`first\` of them (at most ${MAX_APPELLATIONS}; the ROME 4.0's largest fiche has 121).`,
  })
  appellations(
    @Root() row: MetierRow,
    @Arg('first', () => Int, { defaultValue: DEFAULT_NESTED_LIMIT, description: `How many job titles at most (1 to ${MAX_APPELLATIONS}).` }) first: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AppellationRow[]> {
    return ctx.loaders.appellationsByMetier(nestedLimit(first, MAX_APPELLATIONS)).load(row.code);
  }

  @FieldResolver(() => [MetierCompetenceType], {
    description: 'ROME compétences of this fiche, core first, then by label: the core ones (what an immersion\'s evaluation grid lists) unless `coreOnly` is false. Empty when the compétences were not imported (`import-rome-competences`).',
  })
  @ListItems(MAX_COMPETENCES)
  async competences(
    @Root() row: MetierRow,
    @Arg('coreOnly', () => Boolean, { defaultValue: true, description: 'Only the core compétences (true, the default), or every compétence of the fiche.' }) coreOnly: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<(MetierCompetenceRow & { core: boolean })[]> {
    const rows = await ctx.loaders.competencesByMetier(coreOnly).load(row.code);
    return rows.map((r) => ({ ...r, core: r.relevance === CompetenceRelevance.CORE }));
  }

  @FieldResolver(() => [SessionType], { description: 'Sessions about this métier that you may see, latest start first.' })
  sessions(
    @Root() row: MetierRow,
    @Arg('first', () => Int, { defaultValue: DEFAULT_NESTED_LIMIT, description: 'How many sessions at most (1 to the server\'s maximum page size).' }) first: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SessionRow[]> {
    return ctx.loaders.sessionsByMetier(nestedLimit(first, ctx.maxPageSize)).load(row.code);
  }
}

@Resolver(() => DomaineType)
export class DomaineResolver {
  @FieldResolver()
  grandDomaine(@Root() row: DomaineRow, @Ctx() ctx: GraphQLContext): Promise<GrandDomaineRow | null> {
    return ctx.loaders.grandDomaine.load(row.grandDomaineCode);
  }
}

@Resolver(() => AppellationType)
export class AppellationResolver {
  @FieldResolver()
  metier(@Root() row: AppellationRow, @Ctx() ctx: GraphQLContext): Promise<MetierRow | null> {
    return ctx.loaders.metier.load(row.metierCode);
  }
}
