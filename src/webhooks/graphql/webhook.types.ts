import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OfferEventFilterInput, OfferFilterType } from '../../events';
import { DateTime } from '../../graphql/scalars';
import { ListItems } from '../../graphql/list-size';
import { MAX_ATTEMPTS } from '../rules/retry-schedule';
import { WebhookDeliveryStatus } from '../rules/delivery-status';

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a webhook delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not yet acknowledged with a 2xx; retried on the schedule.' },
    SUCCEEDED: { description: 'The receiver answered 2xx.' },
    DEAD: { description: 'Every attempt failed: a dead letter, which replayWebhookDeliveries can send again.' },
  },
});

@ObjectType('WebhookEndpoint', { description: 'Where the hub POSTs the events you choose, signed (Standard Webhooks).', simpleResolvers: true })
export class WebhookEndpointType {
  @Field(() => ID, { description: 'Its id.' })
  id!: string;

  @Field({ description: 'The target URL (https unless the hub allows http).' })
  url!: string;

  @Field(() => String, { nullable: true, description: 'Your note about it.' })
  description!: string | null;

  @Field(() => [String], { description: 'Event kinds it receives: SESSION_SLOT_PUBLISHED, IMMERSION_OFFER_PUBLISHED, REFERRAL_UPDATED.' })
  events!: string[];

  @Field(() => OfferFilterType, { description: 'Which visit slots and immersion offers it receives, as for a subscription.' })
  filter!: OfferFilterType;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt!: string;

  @Field(() => DateTime, { nullable: true, description: 'When it was disabled; nothing is sent while it is (deliveries wait).' })
  disabledAt!: string | null;

  @Field(() => String, { nullable: true, description: 'MANUAL (disableWebhookEndpoint) or FAILING (every attempt failed for too long).' })
  disabledReason!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'Since when every attempt has failed (null once one succeeds).' })
  failingSince!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'Until when the secret before the last rotation still signs too.' })
  previousSecretExpiresAt!: string | null;
}

@ObjectType('WebhookEndpointDisabledEvent', { description: 'The hub disabled one of your webhook endpoints: every attempt to it failed for too long (5 days by default).', simpleResolvers: true })
export class WebhookEndpointDisabledEventType {
  @Field({ description: 'Cursor of this event: give it as `after` when reconnecting to get what you missed.' })
  cursor!: string;

  @Field(() => ID, { description: 'The endpoint disabled.' })
  endpointId!: string;

  @Field({ description: 'Why: FAILING (every attempt failed for longer than the hub allows).' })
  reason!: string;

  @Field(() => DateTime, { description: 'When it was disabled.' })
  disabledAt!: string;

  @Field(() => DateTime, { nullable: true, description: 'Since when every attempt had failed.' })
  failingSince!: string | null;

  @Field(() => WebhookEndpointType, { nullable: true, description: 'The endpoint as it is now (null once deleted): enable it again with enableWebhookEndpoint once the receiver is fixed; what waited goes out in order.' })
  endpoint!: WebhookEndpointType | null;
}

@ObjectType('WebhookAttempt', { description: 'One POST of a delivery.', simpleResolvers: true })
export class WebhookAttemptType {
  @Field(() => Int, { description: '1 for the first, then each retry.' })
  attempt!: number;

  @Field(() => DateTime, { description: 'When it was sent.' })
  startedAt!: string;

  @Field(() => Int, { nullable: true, description: 'How long the receiver took, in milliseconds (null while in flight).' })
  durationMs!: number | null;

  @Field(() => Int, { nullable: true, description: 'The HTTP status answered (null: no answer).' })
  statusCode!: number | null;

  @Field(() => String, { nullable: true, description: 'What went wrong: a status, a timeout, a refused address.' })
  error!: string | null;

  @Field(() => String, { nullable: true, description: 'The first kilobyte of the answer.' })
  responseBody!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether it was acknowledged (2xx); null while in flight.' })
  succeeded!: boolean | null;
}

@ObjectType('WebhookDelivery', { description: 'One event sent to one endpoint, with its attempts.', simpleResolvers: true })
export class WebhookDeliveryType {
  @Field(() => ID, { description: 'Its id.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Cursor of its event (as subscriptions give it): replay after it. Null for a test delivery.' })
  cursor!: string | null;

  @Field({ description: 'Event kind, or WEBHOOK_TEST.' })
  eventType!: string;

  @Field({ description: 'The webhook-id header: the same on every attempt and replay of this event.' })
  messageId!: string;

  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands.' })
  status!: WebhookDeliveryStatus;

  @Field(() => DateTime, { description: 'When the next attempt is due (PENDING).' })
  nextAttemptAt!: string;

  @Field(() => DateTime, { description: 'When it was made.' })
  createdAt!: string;

  @Field(() => DateTime, { nullable: true, description: 'When it succeeded or died.' })
  completedAt!: string | null;

  @Field(() => [WebhookAttemptType], { description: 'Its attempts, first first.' })
  @ListItems(MAX_ATTEMPTS)
  attempts!: WebhookAttemptType[];
}

@InputType('WebhookDeliveryFilter', { description: 'Which deliveries to list.' })
export class WebhookDeliveryFilterInput {
  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Only those in this status.' })
  status?: WebhookDeliveryStatus | null;

  @Field(() => DateTime, { nullable: true, description: 'Made at or after this time.' })
  from?: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'Made before this time.' })
  to?: Date | null;
}

@InputType('CreateWebhookEndpointInput', { description: 'A new webhook endpoint.' })
export class CreateWebhookEndpointInput {
  @Field({ description: 'Target URL: https (http only where the hub allows it); its address must not be private, loopback or link-local.' })
  url!: string;

  @Field(() => [String], { description: 'Event kinds to receive: SESSION_SLOT_PUBLISHED, IMMERSION_OFFER_PUBLISHED, REFERRAL_UPDATED.' })
  events!: string[];

  @Field(() => OfferEventFilterInput, { nullable: true, description: 'Which visit slots and immersion offers, as for a subscription; all when absent.' })
  filter?: OfferEventFilterInput | null;

  @Field(() => String, { nullable: true, description: 'Your note, up to 500 characters.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Retrying with the same key creates nothing more (the secret is then not shown again).' })
  idempotencyKey?: string | null;
}

@InputType('UpdateWebhookEndpointInput', { description: 'What to change of an endpoint; what is absent stays.' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID, { description: 'The endpoint.' })
  endpointId!: string;

  @Field(() => String, { nullable: true, description: 'New target URL.' })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: 'New event kinds.' })
  events?: string[] | null;

  @Field(() => OfferEventFilterInput, { nullable: true, description: 'New filter.' })
  filter?: OfferEventFilterInput | null;

  @Field(() => String, { nullable: true, description: 'New note.' })
  description?: string | null;
}

@InputType('WebhookEndpointIdInput', { description: 'An endpoint of yours.' })
export class WebhookEndpointIdInput {
  @Field(() => ID, { description: 'The endpoint.' })
  endpointId!: string;
}

@InputType('RotateWebhookSecretInput', { description: 'A new signing secret for an endpoint.' })
export class RotateWebhookSecretInput {
  @Field(() => ID, { description: 'The endpoint.' })
  endpointId!: string;

  @Field(() => Int, { nullable: true, description: 'Hours during which the old secret signs too (both signatures are sent); 24 when absent, 0 for none, at most 168.' })
  overlapHours?: number | null;
}

@InputType('ReplayWebhookDeliveriesInput', { description: 'Send again what an endpoint was sent after a cursor.' })
export class ReplayWebhookDeliveriesInput {
  @Field(() => ID, { description: 'The endpoint.' })
  endpointId!: string;

  @Field({ description: 'Event cursor (a delivery\'s `cursor`, or a subscription\'s): what came after it is sent again, in order.' })
  after!: string;

  @Field(() => String, { nullable: true, description: 'Retrying with the same key queues nothing more.' })
  idempotencyKey?: string | null;
}

@ObjectType('WebhookEndpointPayload', { description: 'An endpoint after a change.', simpleResolvers: true })
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpointType, { nullable: true, description: 'The endpoint (null after deleting it).' })
  endpoint!: WebhookEndpointType | null;

  @Field(() => String, { nullable: true, description: 'The signing secret (whsec_...), shown only here, once: store it.' })
  secret!: string | null;
}

@ObjectType('ReplayWebhookDeliveriesPayload', { description: 'What a replay queued.', simpleResolvers: true })
export class ReplayWebhookDeliveriesPayload {
  @Field(() => Int, { description: 'Deliveries queued again.' })
  queued!: number;
}

@ObjectType('SendTestWebhookPayload', { description: 'The test delivery queued.', simpleResolvers: true })
export class SendTestWebhookPayload {
  @Field(() => WebhookDeliveryType, { nullable: true, description: 'The delivery; follow it with webhookDeliveries.' })
  delivery!: WebhookDeliveryType | null;
}
