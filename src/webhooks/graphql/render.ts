import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { OutboxEventType, type OutboxEventRow } from '../../events';
import { recordPersonalDataReads, type Viewer } from '../../access';
import type { GraphQLContext } from '../../graphql/context';
import { Loaders } from '../../graphql/loaders';
import type { Logger } from '../../common/logger';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The body of a webhook is what the owner's subscription would receive for the event: the same subscription
 * field (subscription.resolver.ts) executed with the event as its root and the owner as the viewer, so that the
 * read rules, the personal-data projection and the personal-data audit are exactly those of the subscriptions.
 * The selection is fixed (a webhook has no query of its own).
 */
const SESSION = `id title kind status startsAt endsAt capacity seatsLeft minimumAge address postalCode latitude longitude publishedAt
  commune { code name } departement { code name } metiers { code label } organiser { id name } hostCompany { id name siret } hostStructure { id name siret }`;
const OFFER = `id title objective status availableFrom availableUntil positions minimumAge maxPresenceDays address postalCode latitude longitude publishedAt
  commune { code name } departement { code name } metier { code label } company { id name siret }`;
const REFERRAL = `id status createdAt updatedAt answeredAt motive outcome outcomeNote refusalReason cancellationReason
  session { id title startsAt } immersionOffer { id title } prescriberStructure { id name }
  participant { id ageBand departementCode personalData { firstName lastName email phone birthDate } }
  debriefs { side interests { metierCode interest } wishes comment sharedWithParticipant updatedAt }`;

const DOCUMENTS: Record<string, { field: string; document: DocumentNode }> = {
  [OutboxEventType.SESSION_SLOT_PUBLISHED]: { field: 'visitSlotPublished', document: parse(`subscription { visitSlotPublished { cursor reason session { ${SESSION} } } }`) },
  [OutboxEventType.IMMERSION_OFFER_PUBLISHED]: { field: 'immersionOfferPublished', document: parse(`subscription { immersionOfferPublished { cursor immersionOffer { ${OFFER} } } }`) },
  [OutboxEventType.REFERRAL_UPDATED]: { field: 'referralUpdated', document: parse(`subscription { referralUpdated { cursor change status referral { ${REFERRAL} } } }`) },
};

/** What a delivery sends: `{ type, timestamp, data }` (the Standard Webhooks payload shape). */
export interface WebhookPayload {
  [key: string]: unknown;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** Renders an event for a viewer; null when there is nothing the viewer may see (the object is hidden from them). */
export type WebhookRenderer = (em: EntityManager, event: OutboxEventRow & { createdAt?: string }, viewer: Viewer) => Promise<WebhookPayload | null>;

/** The object of each event type's payload, null when the viewer may not see it. */
const OBJECT_OF: Record<string, string> = { visitSlotPublished: 'session', immersionOfferPublished: 'immersionOffer', referralUpdated: 'referral' };

export function createWebhookRenderer(schema: GraphQLSchema, logger: Logger): WebhookRenderer {
  // A selection that no longer fits the schema fails at start, not at the first delivery.
  for (const { document } of Object.values(DOCUMENTS)) {
    const errors = validate(schema, document);
    if (errors.length) throw new Error(`webhook payload selection: ${errors[0]!.message}`);
  }
  return async (em, event, viewer) => {
    const spec = DOCUMENTS[event.type];
    if (!spec) return null;
    const ctx: GraphQLContext = { em, origin: em, viewer, loaders: new Loaders(em, viewer), maxPageSize: 100, tokenPolicy: { maxLivePerAccount: 0, maxLifetimeDays: 0 } };
    const result = await execute({ schema, document: spec.document, rootValue: event, contextValue: ctx });
    if (result.errors?.length) throw new Error(`webhook payload of event ${event.id}: ${result.errors[0]!.message}`);
    const data = (result.data as Record<string, Record<string, unknown>> | null)?.[spec.field];
    // Personal data goes out recorded, as for a subscription's result; if it cannot be recorded, it does not go out.
    const auditFailure = await recordPersonalDataReads(ctx, logger);
    if (auditFailure) throw new Error(`webhook payload of event ${event.id}: personal-data reads could not be audited`);
    if (!data || data[OBJECT_OF[spec.field]!] == null) return null;
    return { type: event.type, timestamp: event.createdAt ?? new Date().toISOString(), data };
  };
}
