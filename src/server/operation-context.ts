import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../access/rules/viewer';
import type { Orm } from '../db/orm';
import type { GraphQLContext, SubscriptionChannel } from '../graphql/context';
import { ExecutionBudget } from '../graphql/execution-budget';
import { Loaders } from '../graphql/loaders';
import type { Config } from './config';

/**
 * Builds the context of one GraphQL operation (HTTP request or graphql-ws operation): its own EntityManager fork,
 * the viewer `admit` lets in, its loaders and its execution budget. `channel`: the socket, for subscriptions.
 */
export async function createOperationContext(orm: Orm, config: Config, admit: (em: EntityManager) => Promise<Viewer>, channel?: SubscriptionChannel): Promise<GraphQLContext> {
  const em = orm.em.fork();
  const viewer = await admit(em);
  const budget = new ExecutionBudget(config.maxResponseObjects, config.operationTimeoutMs);
  const tokenPolicy = { maxLivePerAccount: config.maxTokensPerAccount, maxLifetimeDays: config.tokenMaxDays };
  return { em, viewer, loaders: new Loaders(em, viewer), maxPageSize: config.maxPageSize, tokenPolicy, channel, budget, webhooks: config.webhooks };
}
