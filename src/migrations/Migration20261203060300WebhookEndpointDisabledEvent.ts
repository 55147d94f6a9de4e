import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox's event types gain WEBHOOK_ENDPOINT_DISABLED (an endpoint disabled for failing, told to its owner): the
 * check constraint on `event.type` is replaced by one listing it. Written by hand.
 */
export class Migration20261203060300WebhookEndpointDisabledEvent extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "event" drop constraint if exists "event_type_check";`);
    this.addSql(`alter table "event" add constraint "event_type_check" check ("type" in ('SESSION_SLOT_PUBLISHED', 'IMMERSION_OFFER_PUBLISHED', 'REFERRAL_UPDATED', 'WEBHOOK_ENDPOINT_DISABLED'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "event" where "type" = 'WEBHOOK_ENDPOINT_DISABLED';`);
    this.addSql(`alter table "event" drop constraint if exists "event_type_check";`);
    this.addSql(`alter table "event" add constraint "event_type_check" check ("type" in ('SESSION_SLOT_PUBLISHED', 'IMMERSION_OFFER_PUBLISHED', 'REFERRAL_UPDATED'));`);
  }
}
