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
 *
 * On graphql-ws operations (`channel` given) the fork and the loaders are made when first used: a subscription
 * waiting for events, thousands of them on an instance, holds neither (a fork is about 4 KB). They are then
 * non-enumerable properties, so that a copy of the context (`{ ...ctx, em }`) does not make them.
 */
export async function createOperationContext(orm: Orm, config: Config, admit: (em: EntityManager) => Promise<Viewer>, channel?: SubscriptionChannel): Promise<GraphQLContext> {
  const em = orm.em.fork();
  const viewer = await admit(em);
  const budget = new ExecutionBudget(config.maxResponseObjects, config.operationTimeoutMs);
  const tokenPolicy = { maxLivePerAccount: config.maxTokensPerAccount, maxLifetimeDays: config.tokenMaxDays };
  const origin = orm.em;
  if (!channel) return { em, origin, viewer, loaders: new Loaders(em, viewer), maxPageSize: config.maxPageSize, tokenPolicy, budget, webhooks: config.webhooks };
  const context = { origin, viewer, maxPageSize: config.maxPageSize, tokenPolicy, channel, budget, webhooks: config.webhooks } as GraphQLContext;
  let ownEm: EntityManager | undefined;
  let loaders: Loaders | undefined;
  Object.defineProperties(context, {
    em: {
      get: () => (ownEm ??= origin.fork()),
      set: (value: EntityManager) => (ownEm = value),
      enumerable: false,
    },
    loaders: {
      get: () => (loaders ??= new Loaders(context.em, viewer)),
      set: (value: Loaders) => (loaders = value),
      enumerable: false,
    },
  });
  return context;
}
