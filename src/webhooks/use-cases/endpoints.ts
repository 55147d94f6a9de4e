import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, type Viewer } from '../../access';
import { lastEventId, validateOfferEventFilter, type OfferFilterData } from '../../events';
import { BadInputError, NotFoundError } from '../../common/errors';
import { inTransaction } from '../../db/transaction';
import { onceForKey } from '../../db/idempotency';
import { idempotencyKey, optionalText, parseInput, z } from '../../common/validate';
import { WebhookEndpoint } from '../entities/webhook-endpoint';
import { validateEventKinds } from '../rules/event-kinds';
import { hostOf, isForbiddenAddress, validateWebhookUrl, type TargetPolicy } from '../rules/webhook-url';
import type { WebhookSettings } from '../settings';
import { newWebhookSecret, seal } from './secret-box';
import { queueEndpoint } from './queue';

/** Endpoints one account may keep. */
export const MAX_WEBHOOK_ENDPOINTS = 20;
/** Longest overlap of a rotation, during which the old secret signs too. */
export const MAX_ROTATION_OVERLAP_HOURS = 7 * 24;

const CreateInput = z.object({
  url: z.string(),
  events: z.array(z.string()).max(20, 'must name at most 20 event kinds'),
  filter: z.record(z.unknown()).nullish(),
  description: optionalText(500),
  idempotencyKey,
});

const UpdateInput = z.object({
  endpointId: z.number().int().positive(),
  url: z.string().nullish(),
  events: z.array(z.string()).max(20, 'must name at most 20 event kinds').nullish(),
  filter: z.record(z.unknown()).nullish(),
  description: optionalText(500),
});

/**
 * The target as given, then as resolved now: a name resolving to a forbidden address is refused (the address is
 * checked again at each delivery, send.ts).
 */
async function checkTarget(raw: string, policy: TargetPolicy, field: string): Promise<string> {
  const url = validateWebhookUrl(raw, policy, field);
  const host = hostOf(url);
  if (!isIP(host) && !policy.allowPrivate) {
    let addresses: { address: string }[];
    try {
      addresses = await dns.lookup(host, { all: true });
    } catch {
      throw new BadInputError(field, `has a host (${host}) that does not resolve`);
    }
    if (addresses.some((a) => isForbiddenAddress(a.address))) throw new BadInputError(field, 'resolves to a private, loopback or link-local address');
  }
  return url.href;
}

function checkFilter(filter: Record<string, unknown> | null | undefined, field: string): OfferFilterData {
  return filter ? validateOfferEventFilter(filter as OfferFilterData, field) : {};
}

async function ownEndpoint(tx: EntityManager, viewer: Viewer, endpointId: number): Promise<WebhookEndpoint> {
  const endpoint = await tx.findOne(WebhookEndpoint, { id: endpointId, account: viewer.accountId });
  if (!endpoint) throw new NotFoundError('input.endpointId', 'webhook endpoint of yours');
  return endpoint;
}

/**
 * A new endpoint for the viewer's account, receiving events from now on. Any authenticated account may have
 * endpoints, as it may have subscriptions: each receives only what its owner may see (render.ts). Returns the id
 * and the secret, which is shown this once (null when an idempotency key replays the creation).
 */
export async function createWebhookEndpoint(
  em: EntityManager,
  viewer: Viewer,
  settings: WebhookSettings,
  raw: { url: string; events: string[]; filter?: Record<string, unknown> | null; description?: string | null; idempotencyKey?: string | null },
): Promise<{ id: number; secret: string | null }> {
  const input = parseInput(CreateInput, raw);
  const url = await checkTarget(input.url, settings, 'input.url');
  const events = validateEventKinds(input.events, 'input.events');
  const filter = checkFilter(input.filter, 'input.filter');
  const secret = newWebhookSecret();
  let created = false;
  const id = await inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'createWebhookEndpoint', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
      if ((await tx.count(WebhookEndpoint, { account: viewer.accountId })) >= MAX_WEBHOOK_ENDPOINTS) {
        throw new BadInputError('input.url', `would exceed the ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints an account may keep`);
      }
      const endpoint = tx.create(WebhookEndpoint, {
        account: tx.getReference(Account, viewer.accountId),
        url,
        events,
        filter,
        description: input.description,
        secret: seal(secret, settings.secretKey),
        // From now on: the events already in the outbox are not sent (replayWebhookDeliveries can send them).
        cursor: String(await lastEventId(tx)),
      });
      await tx.flush();
      created = true;
      return endpoint.id;
    }),
  );
  return { id, secret: created ? secret : null };
}

/** Changes what is given of an endpoint of the viewer's; the same checks as at creation. */
export async function updateWebhookEndpoint(
  em: EntityManager,
  viewer: Viewer,
  settings: WebhookSettings,
  raw: { endpointId: number; url?: string | null; events?: string[] | null; filter?: Record<string, unknown> | null; description?: string | null },
): Promise<number> {
  const input = parseInput(UpdateInput, raw);
  const url = input.url != null ? await checkTarget(input.url, settings, 'input.url') : null;
  const events = input.events != null ? validateEventKinds(input.events, 'input.events') : null;
  const filter = input.filter != null ? checkFilter(input.filter, 'input.filter') : null;
  return inTransaction(em, async (tx) => {
    const endpoint = await ownEndpoint(tx, viewer, input.endpointId);
    if (url !== null) endpoint.url = url;
    if (events !== null) endpoint.events = events;
    if (filter !== null) endpoint.filter = filter;
    if (raw.description !== undefined) endpoint.description = input.description;
    endpoint.updatedAt = new Date();
    await tx.flush();
    return endpoint.id;
  });
}

/**
 * Disables (nothing is sent; deliveries are still made, and wait) or enables an endpoint. Enabling clears the
 * failure record and queues the endpoint: what waited is sent, in order.
 */
export async function setWebhookEndpointEnabled(em: EntityManager, viewer: Viewer, endpointId: number, enabled: boolean): Promise<number> {
  return inTransaction(em, async (tx) => {
    const endpoint = await ownEndpoint(tx, viewer, endpointId);
    endpoint.disabledAt = enabled ? null : new Date();
    endpoint.disabledReason = enabled ? null : 'MANUAL';
    if (enabled) endpoint.failingSince = null;
    endpoint.updatedAt = new Date();
    await tx.flush();
    if (enabled) await queueEndpoint(tx, endpoint.id);
    return endpoint.id;
  });
}

/** Deletes an endpoint of the viewer's, with its delivery log. */
export async function deleteWebhookEndpoint(em: EntityManager, viewer: Viewer, endpointId: number): Promise<number> {
  return inTransaction(em, async (tx) => {
    await ownEndpoint(tx, viewer, endpointId);
    await tx.nativeDelete(WebhookEndpoint, { id: endpointId, account: viewer.accountId });
    return endpointId;
  });
}

/**
 * A new secret for an endpoint, shown once. The old one keeps signing too for `overlapHours` (every delivery
 * carries both signatures meanwhile), so the receiver can switch without losing a delivery.
 */
export async function rotateWebhookSecret(
  em: EntityManager,
  viewer: Viewer,
  settings: WebhookSettings,
  raw: { endpointId: number; overlapHours?: number | null },
): Promise<{ id: number; secret: string }> {
  const input = parseInput(
    z.object({ endpointId: z.number().int().positive(), overlapHours: z.number().min(0).max(MAX_ROTATION_OVERLAP_HOURS, `must be at most ${MAX_ROTATION_OVERLAP_HOURS}`).nullish() }),
    raw,
  );
  const secret = newWebhookSecret();
  const overlapMs = (input.overlapHours ?? 24) * 3_600_000;
  const id = await inTransaction(em, async (tx) => {
    const endpoint = await ownEndpoint(tx, viewer, input.endpointId);
    endpoint.previousSecret = overlapMs > 0 ? endpoint.secret : null;
    endpoint.previousSecretExpiresAt = overlapMs > 0 ? new Date(Date.now() + overlapMs) : null;
    endpoint.secret = seal(secret, settings.secretKey);
    endpoint.updatedAt = new Date();
    await tx.flush();
    return endpoint.id;
  });
  return { id, secret };
}
