import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema } from 'type-graphql';
import './types/enums';
import { AccountMutationResolver } from './resolvers/account-mutations.resolver';
import { auditEveryMutation } from './audit';
import { budgetEveryObjectField } from './execution-budget';
import { AuditLogResolver } from './resolvers/audit-log.resolver';
import { AccountResolver } from './resolvers/account.resolver';
import { CommitmentResolver } from './resolvers/commitment.resolver';
import { CommitmentMutationResolver } from './resolvers/commitment-mutations.resolver';
import { CompanyResolver } from './resolvers/company.resolver';
import { ImmersionOfferResolver } from './resolvers/immersion-offer.resolver';
import { LocatedResolver } from './resolvers/located.resolver';
import { AppellationResolver, DomaineResolver, MetierResolver } from './resolvers/metier.resolver';
import { NodeResolver } from './resolvers/node.resolver';
import { OfferSubscriptionResolver } from './resolvers/offer-subscription.resolver';
import { ParticipantResolver } from './resolvers/participant.resolver';
import { ReferralMutationResolver } from './resolvers/referral-mutations.resolver';
import { SessionMutationResolver } from './resolvers/session-mutations.resolver';
import { ImmersionOfferMutationResolver } from './resolvers/immersion-offer-mutations.resolver';
import { ParticipantMutationResolver } from './resolvers/participant-mutations.resolver';
import { ReferralResolver, ReferralTransitionResolver } from './resolvers/referral.resolver';
import { SessionResolver } from './resolvers/session.resolver';
import { StructureResolver } from './resolvers/structure.resolver';
import { SubscriptionResolver } from './resolvers/subscription.resolver';
import { CommuneResolver, DepartementResolver } from './resolvers/territories.resolver';

export const RESOLVERS = [
  NodeResolver, LocatedResolver, AccountResolver, AccountMutationResolver, MetierResolver, DomaineResolver, AppellationResolver, CommuneResolver,
  DepartementResolver, StructureResolver, CompanyResolver, SessionResolver, ImmersionOfferResolver, ParticipantResolver,
  ReferralResolver, ReferralTransitionResolver, CommitmentResolver, ReferralMutationResolver, SubscriptionResolver, OfferSubscriptionResolver,
  SessionMutationResolver, ImmersionOfferMutationResolver, ParticipantMutationResolver,
  CommitmentMutationResolver, AuditLogResolver,
] as const;

/** The one schema, built from the code (schema/schema.graphql is printed from it). */
export async function buildRelaisSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    // Inputs are validated in services, where the rules live; class-validator is not used on inputs.
    validate: false,
    // type-graphql requires a pub/sub even though every subscription here streams from the outbox (event-stream.ts).
    pubSub: createPubSub(),
    emitSchemaFile: false,
  });
  // Every root mutation is audited from this one place (audit.ts).
  auditEveryMutation(schema);
  // Every field that returns objects counts them against the answer's bound, and checks the deadline.
  budgetEveryObjectField(schema);
  return schema;
}
