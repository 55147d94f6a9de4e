import { Arg, Args, Ctx, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { AccountType, ApiTokenType } from './account.types';
import { CompanyType, StructureType, type CompanyRow, type StructureRow } from '../../network';
import { ParticipantType, type ParticipantRow } from '../../participants';
import { Connection, DEFAULT_PAGE_SIZE, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { managesAccount } from '../use-cases/accounts';
import { listAccounts, type AccountRow, type ApiTokenRow } from '../queries/accounts';
import { nestedLimit } from '../../graphql/nested-limit';

@ObjectType({ description: 'A page of accounts.' })
class AccountConnection extends Connection(AccountType, 'A page of accounts.') {}

type ApiTokenView = Omit<ApiTokenRow, 'id'> & { id: string };

@Resolver(() => AccountType)
export class AccountResolver {
  @Query(() => AccountType, { description: 'The account of the bearer token: who you are, your role, your structure or company.' })
  viewer(@Ctx() ctx: GraphQLContext): AccountRow {
    const { accountId, tokenId: _token, ...viewer } = ctx.viewer;
    // referentStructureId only decides who manages the account: not needed for one's own.
    return { ...viewer, id: accountId, referentStructureId: null, disabledAt: null };
  }

  @Query(() => AccountConnection, { description: 'Accounts you manage: all for network admins, your structure\'s or company\'s for its admins, yourself otherwise.' })
  async accounts(@Args() args: PageArgsType, @Ctx() ctx: GraphQLContext) {
    return toConnection(await listAccounts(ctx.em, ctx.viewer, pageArgs(args, ctx.maxPageSize)));
  }

  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure the account belongs to; null for others.' })
  structure(@Root() row: AccountRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> | null {
    return row.structureId === null ? null : ctx.loaders.structure.load(row.structureId);
  }

  @FieldResolver(() => CompanyType, { nullable: true, description: 'The company the account belongs to; null for others.' })
  company(@Root() row: AccountRow, @Ctx() ctx: GraphQLContext): Promise<CompanyRow | null> | null {
    return row.companyId === null ? null : ctx.loaders.company.load(row.companyId);
  }

  @FieldResolver(() => ParticipantType, { nullable: true, description: 'For a participant\'s own account (the mobile app).' })
  participant(@Root() row: AccountRow, @Ctx() ctx: GraphQLContext): Promise<ParticipantRow | null> | null {
    return row.participantId === null ? null : ctx.loaders.visibleParticipant.load(row.participantId);
  }

  @FieldResolver(() => [ApiTokenType], { description: 'Its tokens (never their secrets), newest first: the first `first` of them. Visible to the account itself and its admins.' })
  async tokens(
    @Root() row: AccountRow,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: 'How many tokens at most (1 to the server\'s maximum page size).' }) first: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ApiTokenView[]> {
    if (row.id !== ctx.viewer.accountId && !managesAccount(ctx.viewer, row)) return [];
    // An account holds few tokens (live ones are capped): all are read, the page is cut here.
    const tokens = (await ctx.loaders.tokensByAccount.load(row.id)).slice(0, nestedLimit(first, ctx.maxPageSize));
    return tokens.map((t) => ({ ...t, id: String(t.id) }));
  }
}
