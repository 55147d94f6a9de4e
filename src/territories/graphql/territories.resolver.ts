import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { CommuneType, DepartementType } from './territories.types';
import type { CommuneRow, DepartementRow, RegionRow } from '../queries/territories';

@Resolver(() => CommuneType)
export class CommuneResolver {
  @FieldResolver()
  departement(@Root() row: CommuneRow, @Ctx() ctx: GraphQLContext): Promise<DepartementRow | null> {
    return ctx.loaders.departement.load(row.departementCode);
  }
}

@Resolver(() => DepartementType)
export class DepartementResolver {
  @FieldResolver()
  region(@Root() row: DepartementRow, @Ctx() ctx: GraphQLContext): Promise<RegionRow | null> {
    return ctx.loaders.region.load(row.regionCode);
  }
}
