import { Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { accountEventStream, eventCursor, OutboxEventType, type OfferEventFilterInput, type OutboxEventRow } from '../../events';
import { BadInputError, NotFoundError } from '../../common/errors';
import type { GraphQLContext } from '../../graphql/context';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../rules/retry-schedule';
import { staleLockMsFor, type WebhookSettings } from '../settings';
import {
  createWebhookEndpoint, deleteWebhookEndpoint, MAX_WEBHOOK_ENDPOINTS, rotateWebhookSecret, setWebhookEndpointEnabled, updateWebhookEndpoint,
} from '../use-cases/endpoints';
import { replayWebhookDeliveries, sendTestWebhook } from '../use-cases/replay';
import { webhookDeliveriesOf, webhookEndpointsOf, type WebhookDeliveryRow, type WebhookEndpointRow } from '../queries/webhooks';
import { ListItems } from '../../graphql/list-size';
import { INPUT_ARG } from '../../graphql/mutation-result';
import {
  CreateWebhookEndpointInput, ReplayWebhookDeliveriesInput, ReplayWebhookDeliveriesPayload, RotateWebhookSecretInput, SendTestWebhookPayload,
  UpdateWebhookEndpointInput, WebhookDeliveryFilterInput, WebhookDeliveryType, WebhookEndpointDisabledEventType, WebhookEndpointIdInput, WebhookEndpointPayload,
  WebhookEndpointType,
} from './webhook.types';

/** Without configuration (contexts made outside the server): https only, no private address, no worker. */
const STRICT: WebhookSettings = {
  workers: false, allowHttp: false, allowPrivate: false, concurrency: 1, timeoutMs: 10_000, retryScheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
  disableAfterMs: 5 * 86_400_000, pollMs: 2000, secretKey: null, staleLockMs: staleLockMsFor(10_000),
};

const MAX_DELIVERIES = 100;

function idOf(raw: string, field: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new BadInputError(field, 'is not a webhook endpoint id');
  return id;
}

function withoutNulls(filter: OfferEventFilterInput | null | undefined): Record<string, unknown> | null {
  if (!filter) return null;
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v != null).map(([k, v]) => [k, k === 'near' ? { ...(v as object) } : v]));
}

// The stored filter was validated at write time (validateOfferEventFilter): its values are those of the criteria.
const endpointView = (row: WebhookEndpointRow): WebhookEndpointType => ({ ...row, id: String(row.id), filter: row.filter as WebhookEndpointType['filter'] });

const deliveryView = (row: WebhookDeliveryRow): WebhookDeliveryType => ({
  ...row,
  cursor: row.eventId === null ? null : eventCursor(Number(row.eventId)),
  attempts: row.attemptLog,
});

async function endpointPayload(ctx: GraphQLContext, id: number, secret: string | null): Promise<WebhookEndpointPayload> {
  const row = (await webhookEndpointsOf(ctx.em, ctx.viewer.accountId)).find((e) => e.id === id);
  return { endpoint: row ? endpointView(row) : null, secret };
}

@Resolver()
export class WebhookResolver {
  @Query(() => [WebhookEndpointType], { description: 'Your webhook endpoints, oldest first.' })
  @ListItems(MAX_WEBHOOK_ENDPOINTS)
  async webhookEndpoints(@Ctx() ctx: GraphQLContext): Promise<WebhookEndpointType[]> {
    return (await webhookEndpointsOf(ctx.em, ctx.viewer.accountId)).map(endpointView);
  }

  @Query(() => [WebhookDeliveryType], { description: 'The delivery log of one of your endpoints, newest first, with each attempt.' })
  @ListItems(MAX_DELIVERIES)
  async webhookDeliveries(
    @Arg('endpointId', () => ID, { description: 'The endpoint.' }) endpointId: string,
    @Arg('filter', () => WebhookDeliveryFilterInput, { nullable: true, description: 'Status and period.' }) filter: WebhookDeliveryFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: `How many, at most ${MAX_DELIVERIES} (50 when absent).` }) first: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebhookDeliveryType[]> {
    const limit = first ?? 50;
    if (limit < 1 || limit > MAX_DELIVERIES) throw new BadInputError('first', `must be between 1 and ${MAX_DELIVERIES}`);
    const rows = await webhookDeliveriesOf(ctx.em, ctx.viewer.accountId, idOf(endpointId, 'endpointId'), filter ?? {}, limit);
    if (!rows) throw new NotFoundError('endpointId', 'webhook endpoint of yours');
    return rows.map(deliveryView);
  }

  @Subscription(() => WebhookEndpointDisabledEventType, {
    description: 'Your webhook endpoints as the hub disables them for failing (every attempt failed for too long). With `after`, first replays what came after that cursor.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { after?: string | null }, GraphQLContext>) =>
      accountEventStream(context, args.after, [OutboxEventType.WEBHOOK_ENDPOINT_DISABLED]),
  })
  async webhookEndpointDisabled(
    @Root() event: OutboxEventRow,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event received: what came after it is replayed first; absent: new events only.' }) _after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebhookEndpointDisabledEventType> {
    const row = (await webhookEndpointsOf(ctx.em, ctx.viewer.accountId)).find((e) => e.id === event.entityId);
    return {
      cursor: eventCursor(event.id),
      endpointId: String(event.entityId),
      reason: String(event.data.reason),
      disabledAt: String(event.data.disabledAt),
      failingSince: typeof event.data.failingSince === 'string' ? event.data.failingSince : null,
      endpoint: row ? endpointView(row) : null,
    };
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Create a webhook endpoint: from now on, the events of the chosen kinds that you may see are POSTed to it, signed. The secret is shown once.' })
  async createWebhookEndpoint(@Arg('input', INPUT_ARG) input: CreateWebhookEndpointInput, @Ctx() ctx: GraphQLContext): Promise<WebhookEndpointPayload> {
    const { id, secret } = await createWebhookEndpoint(ctx.em, ctx.viewer, ctx.webhooks ?? STRICT, { ...input, filter: withoutNulls(input.filter) });
    return endpointPayload(ctx, id, secret);
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Change the URL, event kinds, filter or note of one of your endpoints.' })
  async updateWebhookEndpoint(@Arg('input', INPUT_ARG) input: UpdateWebhookEndpointInput, @Ctx() ctx: GraphQLContext): Promise<WebhookEndpointPayload> {
    const id = await updateWebhookEndpoint(ctx.em, ctx.viewer, ctx.webhooks ?? STRICT, { ...input, endpointId: idOf(input.endpointId, 'input.endpointId'), filter: withoutNulls(input.filter) });
    return endpointPayload(ctx, id, null);
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Stop sending to one of your endpoints: its deliveries are still made, and wait.' })
  async disableWebhookEndpoint(@Arg('input', INPUT_ARG) input: WebhookEndpointIdInput, @Ctx() ctx: GraphQLContext): Promise<WebhookEndpointPayload> {
    return endpointPayload(ctx, await setWebhookEndpointEnabled(ctx.em, ctx.viewer, idOf(input.endpointId, 'input.endpointId'), false), null);
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Send again to one of your endpoints (disabled by you or for failing): what waited goes out, in order.' })
  async enableWebhookEndpoint(@Arg('input', INPUT_ARG) input: WebhookEndpointIdInput, @Ctx() ctx: GraphQLContext): Promise<WebhookEndpointPayload> {
    return endpointPayload(ctx, await setWebhookEndpointEnabled(ctx.em, ctx.viewer, idOf(input.endpointId, 'input.endpointId'), true), null);
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Delete one of your endpoints and its delivery log.' })
  async deleteWebhookEndpoint(@Arg('input', INPUT_ARG) input: WebhookEndpointIdInput, @Ctx() ctx: GraphQLContext): Promise<WebhookEndpointPayload> {
    await deleteWebhookEndpoint(ctx.em, ctx.viewer, idOf(input.endpointId, 'input.endpointId'));
    return { endpoint: null, secret: null };
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'A new signing secret, shown once; the old one keeps signing too during the overlap.' })
  async rotateWebhookSecret(@Arg('input', INPUT_ARG) input: RotateWebhookSecretInput, @Ctx() ctx: GraphQLContext): Promise<WebhookEndpointPayload> {
    const { id, secret } = await rotateWebhookSecret(ctx.em, ctx.viewer, ctx.webhooks ?? STRICT, { endpointId: idOf(input.endpointId, 'input.endpointId'), overlapHours: input.overlapHours });
    return endpointPayload(ctx, id, secret);
  }

  @Mutation(() => ReplayWebhookDeliveriesPayload, { description: 'Send again, in order, what one of your endpoints was sent after a cursor (dead letters included).' })
  async replayWebhookDeliveries(@Arg('input', INPUT_ARG) input: ReplayWebhookDeliveriesInput, @Ctx() ctx: GraphQLContext): Promise<ReplayWebhookDeliveriesPayload> {
    const queued = await replayWebhookDeliveries(ctx.em, ctx.viewer, { endpointId: idOf(input.endpointId, 'input.endpointId'), after: input.after, idempotencyKey: input.idempotencyKey });
    return { queued };
  }

  @Mutation(() => SendTestWebhookPayload, { description: 'Queue a test delivery (WEBHOOK_TEST, no one\'s data) to one of your endpoints.' })
  async sendTestWebhook(@Arg('input', INPUT_ARG) input: WebhookEndpointIdInput, @Ctx() ctx: GraphQLContext): Promise<SendTestWebhookPayload> {
    const endpointId = idOf(input.endpointId, 'input.endpointId');
    const id = await sendTestWebhook(ctx.em, ctx.viewer, endpointId);
    const rows = (await webhookDeliveriesOf(ctx.em, ctx.viewer.accountId, endpointId, {}, 20)) ?? [];
    const row = rows.find((r) => r.id === String(id));
    return { delivery: row ? deliveryView(row) : null };
  }
}
