import { Migration } from '@mikro-orm/migrations';

/** The event outbox (subscriptions) and partners' stored subscriptions. */
export class Migration20261123100000Outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "event" ("id" bigserial primary key, "type" text check ("type" in ('SESSION_SLOT_PUBLISHED', 'IMMERSION_OFFER_PUBLISHED', 'REFERRAL_UPDATED')) not null, "entity_id" int not null, "data" jsonb not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "event_type_id_index" on "event" ("type", "id");`);
    this.addSql(`create table "offer_subscription" ("id" serial primary key, "account_id" int not null, "name" varchar(100) not null, "filter" jsonb not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "offer_subscription_account_id_index" on "offer_subscription" ("account_id");`);
    this.addSql(`alter table "offer_subscription" add constraint "offer_subscription_account_id_name_unique" unique ("account_id", "name");`);
    this.addSql(`alter table "offer_subscription" add constraint "offer_subscription_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "offer_subscription" cascade;`);
    this.addSql(`drop table if exists "event" cascade;`);
  }
}
