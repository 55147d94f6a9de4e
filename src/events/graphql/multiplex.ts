import {
  createSourceEventStream, execute, getNamedType, getOperationAST, Kind, TypeInfo, visit, visitWithTypeInfo,
  type ASTNode, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GraphQLContext } from '../../graphql/context';
import { Loaders } from '../../graphql/loaders';
import { shareSerialisation } from '../../graphql/shared-serialisation';
import { authorizationClass, PerDatabase, PerEventCache, type SharingStats } from './per-event-cache';

/**
 * Subscription fields whose payload may be shared, and among whom: `class`, subscribers of one authorization class
 * (the root resolver reads the event under the viewer's read rules only); `account`, subscribers of one account
 * (offerFeed names the account's stored subscriptions).
 */
const SHARED_FIELDS: Record<string, 'class' | 'account'> = {
  visitSlotPublished: 'class',
  immersionOfferPublished: 'class',
  offerFeed: 'account',
  referralUpdated: 'class',
};

/**
 * Types whose fields are resolved for each subscriber, never shared: reading a participant's personal data is
 * audited per account that receives it (audit.ts), which a shared result would skip.
 */
const PER_SUBSCRIBER_TYPES = new Set(['Participant', 'ParticipantPersonalData']);

/** The same for fields holding free texts about a person, audited as personal data too (referral.resolver.ts, debrief.resolver.ts, evaluation.resolver.ts). */
const PER_SUBSCRIBER_FIELDS = new Set(['Referral.motive', 'Referral.refusalDetail', 'Referral.outcomeNote', 'ReferralTransition.reason', 'Debrief.comment', 'ImmersionEvaluation.comment']);

/** How results of one subscription may be shared: the part of the key that does not depend on the event. */
interface SharingPlan {
  scope: 'class' | 'account';
  /** Variables the selection uses beyond the root field's arguments (filter, after): they shape the result. */
  variables: string[];
}

/** Plans by document (lru-cache: the least recently used go first); `none` stands for "not shareable". */
const plans = new LRUCache<string, SharingPlan | 'none'>({ max: 1000 });

/**
 * Whether (and how) results of a subscription operation can be shared: one root field of SHARED_FIELDS, without
 * directives, reaching no per-subscriber type. Computed once per distinct document.
 */
function sharingPlan(schema: GraphQLSchema, args: ExecutionArgs): SharingPlan | null {
  const body = args.document.loc?.source.body;
  const cacheKey = body === undefined ? null : `${args.operationName ?? ''}\u0000${body}`;
  const known = cacheKey === null ? undefined : plans.get(cacheKey);
  if (known !== undefined) return known === 'none' ? null : known;
  const plan = computePlan(schema, args);
  if (cacheKey !== null) plans.set(cacheKey, plan ?? 'none');
  return plan;
}

function computePlan(schema: GraphQLSchema, args: ExecutionArgs): SharingPlan | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation || operation.operation !== 'subscription') return null;
  const [root, ...others] = operation.selectionSet.selections;
  if (!root || others.length > 0 || root.kind !== Kind.FIELD || root.directives?.length) return null;
  const scope = SHARED_FIELDS[root.name.value];
  if (!scope) return null;
  const rootArguments = new Set<ASTNode>(root.arguments ?? []);
  const variables = new Set<string>();
  let perSubscriber = false;
  const typeInfo = new TypeInfo(schema);
  visit(
    args.document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition: () => false,
      Argument: (node) => (rootArguments.has(node) ? false : undefined),
      Variable: (node) => {
        variables.add(node.name.value);
      },
      Field: (node) => {
        const type = typeInfo.getType();
        if (type && PER_SUBSCRIBER_TYPES.has(getNamedType(type).name)) perSubscriber = true;
        const parent = typeInfo.getParentType();
        if (parent && PER_SUBSCRIBER_FIELDS.has(`${parent.name}.${node.name.value}`)) perSubscriber = true;
      },
    }),
  );
  return perSubscriber ? null : { scope, variables: [...variables].sort() };
}

/**
 * A number per document object: the document cache (graphql/limits.ts) gives every operation with the same text the
 * same document, so this stands for the text in the sharing key (each subscriber's key would otherwise hold a copy of
 * it). A text parsed again after leaving that cache gets another number: its subscribers then share apart, never wrongly.
 */
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;
function documentId(document: DocumentNode): number {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = ++nextDocumentId));
  return id;
}

/** Sharing keys by their text: the subscribers of one key hold one string. */
const keys = new LRUCache<string, string>({ max: 10_000 });

/** The key of a result among the subscribers of one event: same document, same shaping variables, same viewer class. */
function sharingKey(plan: SharingPlan, args: ExecutionArgs, ctx: GraphQLContext): string {
  const who = plan.scope === 'account' ? `account:${ctx.viewer.accountId}` : authorizationClass(ctx.viewer);
  const values = args.variableValues ?? {};
  const shaping = plan.variables.length ? JSON.stringify(plan.variables.map((v) => values[v] ?? null)) : '';
  const key = `${who}\u0000${args.operationName ?? ''}\u0000${shaping}\u0000${documentId(args.document)}`;
  const known = keys.get(key);
  if (known !== undefined) return known;
  keys.set(key, key);
  return key;
}

/** Executions of event results, and results shared instead, over the whole process. */
export const resultSharing: SharingStats = { computed: 0, shared: 0 };

/** Execution results of recent events, by sharing key: what the subscribers of an event have in common. */
const sharedResults = new PerDatabase(() => new PerEventCache<ExecutionResult>(resultSharing));

/**
 * graphql-ws's `subscribe`, multiplexed (as Hasura does): the source stream of each subscription is its
 * own (its filters, cursor, queue and back-pressure), but the result of an event is executed once per distinct
 * document, shaping variables and authorization class (or account), on a context of its own with fresh loaders,
 * and the same result is sent to every subscriber that shares that key, instead of executing the selection, and
 * its SQL, once per subscriber. Operations it cannot prove shareable run as graphql-js's `subscribe` does.
 */
export async function multiplexedSubscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const ctx = args.contextValue as GraphQLContext;
  const plan = sharingPlan(args.schema, args);
  const key = plan ? sharingKey(plan, args, ctx) : null;
  const cache = sharedResults.of(ctx.origin);
  const resultOf = (event: unknown): ExecutionResult | Promise<ExecutionResult> => {
    const id = (event as { id?: unknown }).id;
    if (key === null || typeof id !== 'number') return execute({ ...args, rootValue: event }) as ExecutionResult | Promise<ExecutionResult>;
    return cache.get(id, key, () => {
      const em = ctx.origin.fork();
      const contextValue: GraphQLContext = { ...ctx, em, loaders: new Loaders(em, ctx.viewer) };
      return Promise.resolve(execute({ ...args, rootValue: event, contextValue })).then((result) => {
        // The same object goes to every subscriber of the key: serialised once (graphql-ws-socket.ts).
        shareSerialisation(result);
        return result;
      });
    });
  };
  const fail = async (error: unknown): Promise<never> => {
    await iterator.return?.();
    throw error;
  };
  const step = (next: IteratorResult<unknown>): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> => {
    if (next.done) return { value: undefined, done: true };
    try {
      const result = resultOf(next.value);
      return result instanceof Promise ? result.then((value) => ({ value, done: false }), fail) : { value: result, done: false };
    } catch (error) {
      return fail(error);
    }
  };
  // Plain promise chains, no async functions: a shared result already computed goes out without extra microtasks.
  const results: AsyncIterableIterator<ExecutionResult> = {
    next: () => iterator.next().then(step),
    return: async () => {
      await iterator.return?.();
      return { value: undefined, done: true };
    },
    throw: async (error?: unknown) => {
      if (!iterator.throw) throw error;
      return step(await iterator.throw(error));
    },
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === 'function';
}
