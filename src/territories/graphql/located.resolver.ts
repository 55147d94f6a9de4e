import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { Located } from './located.types';
import type { CommuneRow, DepartementRow } from '../queries/territories';

interface LocatedRow {
  communeCode: string | null;
  departementCode: string | null;
  distanceKm?: number;
}

@Resolver(() => Located)
export class LocatedResolver {
  @FieldResolver()
  commune(@Root() row: LocatedRow, @Ctx() ctx: GraphQLContext): Promise<CommuneRow | null> | null {
    return row.communeCode ? ctx.loaders.commune.load(row.communeCode) : null;
  }

  @FieldResolver()
  departement(@Root() row: LocatedRow, @Ctx() ctx: GraphQLContext): Promise<DepartementRow | null> | null {
    return row.departementCode ? ctx.loaders.departement.load(row.departementCode) : null;
  }

  @FieldResolver()
  distanceKm(@Root() row: LocatedRow): number | null {
    return row.distanceKm ?? null;
  }
}
