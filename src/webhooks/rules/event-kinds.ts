import { OutboxEventType } from '../../events';
import { BadInputError } from '../../common/errors';

/** The outbox event kinds a webhook may receive: those the subscriptions deliver, rendered as they see them. */
export const WEBHOOK_EVENT_KINDS: readonly OutboxEventType[] = [
  OutboxEventType.SESSION_SLOT_PUBLISHED,
  OutboxEventType.IMMERSION_OFFER_PUBLISHED,
  OutboxEventType.REFERRAL_UPDATED,
];

/** Kind of a test delivery (sendTestWebhook); never an outbox event. */
export const TEST_EVENT_KIND = 'WEBHOOK_TEST';

/** Validates the kinds asked for: at least one, each known, without repeats (kept in the order given). */
export function validateEventKinds(kinds: readonly string[], field: string): OutboxEventType[] {
  if (kinds.length === 0) throw new BadInputError(field, 'must name at least one event kind');
  const unknown = kinds.find((k) => !(WEBHOOK_EVENT_KINDS as readonly string[]).includes(k));
  if (unknown !== undefined) throw new BadInputError(field, `contains "${unknown}", which is not an event kind (${WEBHOOK_EVENT_KINDS.join(', ')})`);
  return [...new Set(kinds)] as OutboxEventType[];
}
