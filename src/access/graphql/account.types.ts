import { Field, ObjectType } from 'type-graphql';
import { AccountRole } from '../rules/account-role';
import { Node } from '../../graphql/connections';
import { DateTime } from '../../graphql/scalars';

@ObjectType('Account', { implements: Node, description: 'An account of the hub (a person or an integration), belonging to a structure, a company or a participant.', simpleResolvers: true })
export class AccountType {
  @Field({ description: 'Email of the account, unique across the network.' })
  email!: string;

  @Field({ description: 'Name shown for the account.' })
  displayName!: string;

  @Field(() => AccountRole, { description: 'What the account may see and do.' })
  role!: AccountRole;

  @Field(() => DateTime, { nullable: true, description: 'Set when an admin disabled it: its tokens no longer work.' })
  disabledAt!: string | null;
}

@ObjectType('ApiToken', { description: 'A bearer token of an account. Its secret is shown once, at creation; only a hash is stored.', simpleResolvers: true })
export class ApiTokenType {
  @Field(() => String, { description: 'Token id (for revocation).' })
  id!: string;

  @Field({ description: 'The first characters of the secret, to recognise it.' })
  prefix!: string;

  @Field(() => String, { nullable: true, description: 'Its owner\'s name for it ("CRM sync"); null when not given.' })
  label!: string | null;

  @Field(() => DateTime, { description: 'When it was issued.' })
  createdAt!: string;

  @Field(() => DateTime, { nullable: true, description: 'When it stops working; null: it never expires (through the API, only network admins create such tokens; the CLI and the demo may too).' })
  expiresAt!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When it was revoked (it no longer works); null while not revoked.' })
  revokedAt!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'Last request made with it (recorded at most once a minute).' })
  lastUsedAt!: string | null;
}
