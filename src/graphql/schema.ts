import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema } from 'type-graphql';
import './enums';
import { AccountMutationResolver } from '../access/graphql/account-mutations.resolver';
import { auditEveryMutation } from '../access/graphql/audit-recording';
import { budgetEveryObjectField } from './execution-budget';
import { callFieldResolversDirectly } from './direct-resolvers';
import { resolveCalledValues } from './jit-execution';
import { resolveNodeTypeSynchronously } from './connections';
import { AuditLogResolver } from '../access/graphql/audit-log.resolver';
import { AccountResolver } from '../access/graphql/account.resolver';
import { CommitmentResolver } from '../commitments/graphql/commitment.resolver';
import { CommitmentMutationResolver } from '../commitments/graphql/commitment-mutations.resolver';
import { ClubMembershipResolver, CompanyResolver } from '../network/graphql/company.resolver';
import { NetworkMutationResolver } from '../network/graphql/network-mutations.resolver';
import { ImmersionOfferResolver } from '../offers/graphql/immersion-offer.resolver';
import { LocatedResolver } from '../territories/graphql/located.resolver';
import { AppellationResolver, DomaineResolver, MetierResolver } from '../metiers/graphql/metier.resolver';
import { NodeResolver } from './node.resolver';
import { OfferSubscriptionResolver } from '../events/graphql/offer-subscription.resolver';
import { ParticipantResolver } from '../participants/graphql/participant.resolver';
import { ReferralMutationResolver } from '../referrals/graphql/referral-mutations.resolver';
import { SessionMutationResolver } from '../sessions/graphql/session-mutations.resolver';
import { ImmersionOfferMutationResolver } from '../offers/graphql/immersion-offer-mutations.resolver';
import { ParticipantMutationResolver } from '../participants/graphql/participant-mutations.resolver';
import { ReferralFollowUpResolver, ReferralResolver, ReferralTransitionResolver } from '../referrals/graphql/referral.resolver';
import { SessionResolver } from '../sessions/graphql/session.resolver';
import { StructureResolver } from '../network/graphql/structure.resolver';
import { SubscriptionResolver } from '../events/graphql/subscription.resolver';
import { CommuneResolver, DepartementResolver } from '../territories/graphql/territories.resolver';
import { ImmersionOfferProgrammeResolver, ProgrammeResolver, SessionProgrammeResolver } from '../programmes/graphql/programme.resolver';
import { ProgrammeMutationResolver } from '../programmes/graphql/programme-mutations.resolver';
import { SessionGroupsResolver, MultiSiteEventResolver, SessionSeriesResolver } from '../sessions/graphql/session-groups.resolver';
import { SessionSeriesMutationResolver } from '../sessions/graphql/session-series-mutations.resolver';
import { ReferToEventMutationResolver } from '../referrals/graphql/refer-to-event.resolver';
import { WebhookResolver } from '../webhooks/graphql/webhook.resolver';
import { DebriefInterestResolver, DebriefResolver, ReferralDebriefsResolver } from '../debriefs/graphql/debrief.resolver';
import { DebriefMutationResolver } from '../debriefs/graphql/debrief-mutations.resolver';
import { PASSEPORT_RESOLVERS } from '../passeport/graphql/passeport.resolver';
import { EvaluatedCompetenceResolver, ImmersionEvaluationResolver, ReferralEvaluationResolver } from '../evaluations/graphql/evaluation.resolver';
import { EvaluationMutationResolver } from '../evaluations/graphql/evaluation-mutations.resolver';
import { IndicatorsResolver } from '../indicators/graphql/indicators.resolver';

export const RESOLVERS = [
  NodeResolver, LocatedResolver, AccountResolver, AccountMutationResolver, MetierResolver, DomaineResolver, AppellationResolver, CommuneResolver,
  DepartementResolver, StructureResolver, CompanyResolver, ClubMembershipResolver, SessionResolver, ImmersionOfferResolver, ParticipantResolver,
  ReferralResolver, ReferralTransitionResolver, ReferralFollowUpResolver, CommitmentResolver, ReferralMutationResolver, SubscriptionResolver, OfferSubscriptionResolver,
  SessionMutationResolver, ImmersionOfferMutationResolver, ParticipantMutationResolver,
  CommitmentMutationResolver, AuditLogResolver, NetworkMutationResolver,
  ProgrammeResolver, SessionProgrammeResolver, ImmersionOfferProgrammeResolver, ProgrammeMutationResolver,
  SessionGroupsResolver, SessionSeriesResolver, MultiSiteEventResolver, SessionSeriesMutationResolver, ReferToEventMutationResolver,
  WebhookResolver, ...PASSEPORT_RESOLVERS, IndicatorsResolver,
  ReferralDebriefsResolver, DebriefResolver, DebriefInterestResolver, DebriefMutationResolver,
  ReferralEvaluationResolver, ImmersionEvaluationResolver, EvaluatedCompetenceResolver, EvaluationMutationResolver,
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
  // First, while the resolvers are type-graphql's own: the simple field resolvers called directly (direct-resolvers.ts).
  callFieldResolversDirectly(schema, RESOLVERS);
  // Every root mutation is audited from this one place (audit.ts).
  auditEveryMutation(schema);
  // Every field that returns objects counts them against the answer's bound, and checks the deadline.
  budgetEveryObjectField(schema);
  // Fields whose value is a function to call (a connection's totalCount) get a resolver that calls it.
  resolveCalledValues(schema);
  // The Node interface's type is read synchronously from the row (graphql-jit needs it so).
  resolveNodeTypeSynchronously(schema);
  return schema;
}
