import { Migration } from '@mikro-orm/migrations';

/** The write side: idempotency keys, cancellation reasons, and one open referral per participant and target. */
export class Migration20261123095000Mutations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_key" ("id" serial primary key, "account_id" int not null, "key" varchar(128) not null, "operation" varchar(64) not null, "request_hash" varchar(64) not null, "result_id" int null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "idempotency_key_account_id_index" on "idempotency_key" ("account_id");`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_account_id_key_unique" unique ("account_id", "key");`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "referral" add column "cancellation_reason" varchar(32) null;`);
    // A participant has at most one open referral per session or offer, even under concurrent requests.
    this.addSql(`create unique index "referral_open_per_session" on "referral" ("participant_id", "session_id") where "session_id" is not null and "status" in ('PENDING', 'ACCEPTED', 'WAITLISTED');`);
    this.addSql(`create unique index "referral_open_per_offer" on "referral" ("participant_id", "immersion_offer_id") where "immersion_offer_id" is not null and "status" in ('PENDING', 'ACCEPTED', 'WAITLISTED');`);
    // Waiting lists are read in order.
    this.addSql(`create index "referral_waitlist" on "referral" ("session_id", "waitlisted_at", "id") where "status" = 'WAITLISTED';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "referral_waitlist";`);
    this.addSql(`drop index "referral_open_per_offer";`);
    this.addSql(`drop index "referral_open_per_session";`);
    this.addSql(`alter table "referral" drop column "cancellation_reason";`);
    this.addSql(`drop table if exists "idempotency_key" cascade;`);
  }
}
