// The public surface of webhooks: what the server, the schema and the ORM configuration import (dependency-cruiser checks it).
export { WebhookEndpoint } from './entities/webhook-endpoint';
export { WebhookDelivery } from './entities/webhook-delivery';
export { WebhookAttempt } from './entities/webhook-attempt';
export { WebhookResolver } from './graphql/webhook.resolver';
export { createWebhookRenderer, type WebhookRenderer, type WebhookPayload } from './graphql/render';
export { WebhookWorker } from './delivery-worker';
export { DEFAULT_RETRY_SCHEDULE_MS } from './rules/retry-schedule';
export type { WebhookSettings } from './settings';
export { webhookQueueDepth, type WebhookQueueDepth } from './queries/queue-depth';
