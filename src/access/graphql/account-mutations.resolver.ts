import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { AccountRole } from '../rules/account-role';
import { createAccount, disableAccount, issueApiToken, revokeApiToken } from '../use-cases/accounts';
import { inviteCompanyStaff } from '../use-cases/invite-company-staff';
import { BadInputError } from '../../common/errors';
import type { AccountRow, ApiTokenRow } from '../queries/accounts';
import type { GraphQLContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { AccountType, ApiTokenType } from './account.types';
import { INPUT_ARG, reloaded } from '../../graphql/mutation-result';

@InputType('CreateAccountInput', { description: 'A new account, by an admin: network admins for anyone; a structure\'s admin for its structure (admins, staff, integrations, its participants); a company\'s admin for its company.' })
class CreateAccountInput {
  @Field({ description: 'Email of the account, up to 200 characters, unique across the network (stored in lower case).' })
  email!: string;

  @Field({ description: 'Name shown for the account, up to 200 characters.' })
  displayName!: string;

  @Field(() => AccountRole, { description: 'Its role: one you may grant (a structure\'s admin: structure roles, PARTNER_INTEGRATION, PARTICIPANT; a company\'s admin: company roles).' })
  role!: AccountRole;

  @Field(() => ID, { nullable: true, description: 'Network admins only; others create accounts of their own structure.' })
  structureId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Network admins only; others create accounts of their own company.' })
  companyId?: string | null;

  @Field(() => ID, { nullable: true, description: 'For a PARTICIPANT account: a participant your structure follows.' })
  participantId?: string | null;
}

@InputType('AccountIdInput', { description: 'The account the operation applies to.' })
class AccountIdInput {
  @Field(() => ID, { description: 'Global id of the account.' })
  accountId!: string;
}

@InputType('CreateApiTokenInput', { description: 'A new bearer token for an account: your own, or one of the accounts you manage.' })
class CreateApiTokenInput extends AccountIdInput {
  @Field(() => String, { nullable: true, description: 'Your name for it, up to 100 characters.' })
  label?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Days before it expires (1 to 3650). Network admins may leave it out: the token never expires. For anyone else at most RELAIS_TOKEN_MAX_DAYS (90 by default), which is also the default.',
  })
  expiresInDays?: number | null;
}

@InputType('RevokeApiTokenInput', { description: 'A token to revoke: your own, or one of an account you manage.' })
class RevokeApiTokenInput {
  @Field(() => ID, { description: 'The token\'s id (ApiToken.id).' })
  tokenId!: string;
}

@ObjectType('AccountPayload', { description: 'The account after the change.', simpleResolvers: true })
class AccountPayload {
  @Field(() => AccountType, { description: 'The account, as a query would show it to you now.' })
  account!: AccountRow;
}

@ObjectType('ApiTokenPayload', { description: 'The token after the change (and its secret, once, at creation).', simpleResolvers: true })
class ApiTokenPayload {
  @Field(() => ApiTokenType, { description: 'The token (never its secret).' })
  token!: Omit<ApiTokenRow, 'id'> & { id: string };

  @Field(() => String, { nullable: true, description: 'The secret, shown this once (createApiToken only): store it now.' })
  secret!: string | null;
}

@InputType('InviteCompanyStaffInput', { description: 'A member of a company\'s staff, invited by its admin.' })
class InviteCompanyStaffInput {
  @Field(() => ID, { nullable: true, description: 'The company: network admins only (required for them); a company\'s admin invites to its own.' })
  companyId?: string | null;

  @Field({ description: 'Email of the new COMPANY_STAFF account, unique across the network.' })
  email!: string;

  @Field({ description: 'Name shown for the account, up to 200 characters.' })
  displayName!: string;

  @Field(() => String, { nullable: true, description: 'Replaying the same key answers the same account and token, without the secret, and creates nothing; the same key with another input is a CONFLICT.' })
  idempotencyKey?: string | null;
}

@ObjectType('InviteCompanyStaffPayload', { description: 'The invited account and its first token.', simpleResolvers: true })
class InviteCompanyStaffPayload {
  @Field(() => AccountType, { description: 'The new COMPANY_STAFF account.' })
  account!: AccountRow;

  @Field(() => ApiTokenType, { description: 'Its first token, expiring within RELAIS_TOKEN_MAX_DAYS.' })
  token!: Omit<ApiTokenRow, 'id'> & { id: string };

  @Field(() => String, { nullable: true, description: 'The token\'s secret, shown this once: hand it to the invited person. Null on a replay of the idempotency key.' })
  secret!: string | null;
}

function tokenIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new BadInputError('input.tokenId', 'is not a token id');
  return id;
}

async function tokenPayload(ctx: GraphQLContext, accountId: number, tokenId: number, secret: string | null): Promise<ApiTokenPayload> {
  const token = (await ctx.loaders.tokensByAccount.clear(accountId).load(accountId)).find((t) => t.id === tokenId)!;
  return { token: { ...token, id: String(token.id) }, secret };
}

@Resolver()
export class AccountMutationResolver {
  @Mutation(() => AccountPayload, { description: 'An admin creates an account of its structure or company (network admins: any).' })
  async createAccount(@Arg('input', INPUT_ARG) input: CreateAccountInput, @Ctx() ctx: GraphQLContext): Promise<AccountPayload> {
    const id = await createAccount(ctx.em, ctx.viewer, {
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      structureId: input.structureId ? idOf('Structure', input.structureId, 'input.structureId') : null,
      companyId: input.companyId ? idOf('Company', input.companyId, 'input.companyId') : null,
      participantId: input.participantId ? idOf('Participant', input.participantId, 'input.participantId') : null,
    });
    return { account: await reloaded(ctx.loaders.account, id) };
  }

  @Mutation(() => AccountPayload, { description: 'An admin disables an account it manages: its tokens are revoked at once.' })
  async disableAccount(@Arg('input', INPUT_ARG) input: AccountIdInput, @Ctx() ctx: GraphQLContext): Promise<AccountPayload> {
    const id = await disableAccount(ctx.em, ctx.viewer, { accountId: idOf('Account', input.accountId, 'input.accountId') });
    return { account: await reloaded(ctx.loaders.account, id) };
  }

  @Mutation(() => ApiTokenPayload, {
    description: 'A new bearer token for your account or one you manage. The secret is in the answer, once. An account holds at most RELAIS_MAX_TOKENS_PER_ACCOUNT live tokens (20 by default): CONFLICT beyond.',
  })
  async createApiToken(@Arg('input', INPUT_ARG) input: CreateApiTokenInput, @Ctx() ctx: GraphQLContext): Promise<ApiTokenPayload> {
    const accountId = idOf('Account', input.accountId, 'input.accountId');
    const { tokenId, secret } = await issueApiToken(ctx.em, ctx.viewer, { accountId, label: input.label, expiresInDays: input.expiresInDays }, ctx.tokenPolicy);
    return tokenPayload(ctx, accountId, tokenId, secret);
  }

  @Mutation(() => InviteCompanyStaffPayload, { description: 'A company\'s admin invites a member of its staff: a COMPANY_STAFF account of the company and its first token, whose secret is in the answer, once.' })
  async inviteCompanyStaff(@Arg('input', INPUT_ARG) input: InviteCompanyStaffInput, @Ctx() ctx: GraphQLContext): Promise<InviteCompanyStaffPayload> {
    const invitation = await inviteCompanyStaff(ctx.em, ctx.viewer, {
      email: input.email,
      displayName: input.displayName,
      companyId: input.companyId ? idOf('Company', input.companyId, 'input.companyId') : null,
      idempotencyKey: input.idempotencyKey,
    }, ctx.tokenPolicy);
    const { token } = await tokenPayload(ctx, invitation.accountId, invitation.tokenId, null);
    return { account: await reloaded(ctx.loaders.account, invitation.accountId), token, secret: invitation.secret };
  }

  @Mutation(() => ApiTokenPayload, { description: 'Revoke a token of your account or of one you manage.' })
  async revokeApiToken(@Arg('input', INPUT_ARG) input: RevokeApiTokenInput, @Ctx() ctx: GraphQLContext): Promise<ApiTokenPayload> {
    const tokenId = tokenIdOf(input.tokenId);
    await revokeApiToken(ctx.em, ctx.viewer, { tokenId });
    const [row] = await ctx.em.getConnection().execute<{ accountId: number }[]>('select account_id as "accountId" from api_token where id = ?', [tokenId]);
    return tokenPayload(ctx, row!.accountId, tokenId, null);
  }
}
