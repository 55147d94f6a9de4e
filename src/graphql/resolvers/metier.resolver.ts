import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { AppellationType, DomaineType, MetierType } from '../types/metier';
import { Connection, PageArgsType, pageArgs, toConnection } from '../types/relay';
import { SessionType } from '../types/session';
import { listMetiers, type AppellationRow, type DomaineRow, type GrandDomaineRow, type MetierRow } from '../../services/read/metiers';
import type { SessionRow } from '../../services/read/sessions';
import { DEFAULT_NESTED_LIMIT, nestedLimit } from './nested-limit';

@ObjectType()
class MetierConnection extends Connection(MetierType, 'A page of ROME fiches métiers.') {}

@ArgsType()
class MetiersArgs extends PageArgsType {
  @Field(() => String, { nullable: true, description: 'Words to find in the code, label or any appellation (accents and case ignored): "coffreur bancheur".' })
  search?: string | null;

  @Field(() => [String], { nullable: true, description: 'ROME fiches, domaines or grands domaines: F1701, F17, F.' })
  romeCodes?: string[] | null;
}

@Resolver(() => MetierType)
export class MetierResolver {
  @Query(() => MetierConnection, { description: 'ROME 4.0 fiches métiers, by code.' })
  async metiers(@Args() args: MetiersArgs, @Ctx() ctx: GraphQLContext) {
    return toConnection(await listMetiers(ctx.em, { search: args.search, romeCodes: args.romeCodes }, pageArgs(args, ctx.maxPageSize)));
  }

  @Query(() => MetierType, { nullable: true, description: 'One fiche métier by ROME code (F1701); null if unknown.' })
  metier(@Arg('code') code: string, @Ctx() ctx: GraphQLContext): Promise<MetierRow | null> {
    return ctx.loaders.metier.load(code.trim().toUpperCase());
  }

  @FieldResolver(() => DomaineType, { nullable: true })
  domaine(@Root() row: MetierRow, @Ctx() ctx: GraphQLContext): Promise<DomaineRow | null> {
    return ctx.loaders.domaine.load(row.domaineCode);
  }

  @FieldResolver(() => [AppellationType], { description: 'Job titles of this fiche, the principal one first.' })
  appellations(@Root() row: MetierRow, @Ctx() ctx: GraphQLContext): Promise<AppellationRow[]> {
    return ctx.loaders.appellationsByMetier.load(row.code);
  }

  @FieldResolver(() => [SessionType], { description: 'Sessions about this métier that you may see, latest start first.' })
  sessions(
    @Root() row: MetierRow,
    @Arg('first', () => Int, { defaultValue: DEFAULT_NESTED_LIMIT }) first: number,
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
