import { Migration } from '@mikro-orm/migrations';

/**
 * Signed webhooks (issue 14): `webhook_endpoint` (an account's target URL, event kinds, filter, signing secrets and
 * its place in the outbox), `webhook_delivery` (one event for one endpoint, in outbox order) and `webhook_attempt`
 * (each POST, unique per delivery and attempt number: no attempt is made twice). The job queue's own tables
 * (graphile_worker schema) are installed by graphile-worker itself when the workers start. Written by hand.
 */
export class Migration20261202143900Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "webhook_endpoint" ("id" serial primary key, "account_id" int not null, "url" text not null,
      "description" text null, "events" jsonb not null, "filter" jsonb not null default '{}',
      "secret" text not null, "previous_secret" text null, "previous_secret_expires_at" timestamptz null,
      "cursor" bigint not null default 0, "failing_since" timestamptz null,
      "disabled_at" timestamptz null, "disabled_reason" text null,
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "webhook_endpoint_account_id_index" on "webhook_endpoint" ("account_id");`);
    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "webhook_delivery" ("id" bigserial primary key, "endpoint_id" int not null, "event_id" bigint null,
      "event_type" text not null, "message_id" text not null, "payload" jsonb not null,
      "status" text check ("status" in ('PENDING', 'SUCCEEDED', 'DEAD')) not null default 'PENDING',
      "attempts" int not null default 0, "next_attempt_at" timestamptz not null default now(),
      "created_at" timestamptz not null default now(), "completed_at" timestamptz null);`);
    this.addSql(`create index "webhook_delivery_endpoint_pending_index" on "webhook_delivery" ("endpoint_id", "id") where status = 'PENDING';`);
    this.addSql(`create index "webhook_delivery_endpoint_id_id_index" on "webhook_delivery" ("endpoint_id", "id");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "webhook_attempt" ("id" bigserial primary key, "delivery_id" bigint not null, "attempt" int not null,
      "started_at" timestamptz not null default now(), "duration_ms" int null, "status_code" int null, "error" text null,
      "response_body" text null, "succeeded" boolean null,
      constraint "webhook_attempt_delivery_attempt_unique" unique ("delivery_id", "attempt"));`);
    this.addSql(`alter table "webhook_attempt" add constraint "webhook_attempt_delivery_id_foreign" foreign key ("delivery_id") references "webhook_delivery" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "webhook_attempt" cascade;');
    this.addSql('drop table if exists "webhook_delivery" cascade;');
    this.addSql('drop table if exists "webhook_endpoint" cascade;');
  }
}
