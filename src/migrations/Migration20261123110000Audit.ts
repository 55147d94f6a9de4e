import { Migration } from '@mikro-orm/migrations';

/** The audit log (AuditEntry): mutations, personal-data reads and retention erasures. */
export class Migration20261123110000Audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit_log" ("id" bigserial primary key, "at" timestamptz not null default now(), "account_id" int null, "role" text check ("role" in ('NETWORK_ADMIN', 'STRUCTURE_ADMIN', 'STRUCTURE_STAFF', 'COMPANY_ADMIN', 'COMPANY_STAFF', 'PARTICIPANT', 'PARTNER_INTEGRATION')) null, "structure_id" int null, "company_id" int null, "operation" varchar(64) not null, "error_code" varchar(32) null, "participant_id" int null, "target_type" varchar(32) null, "target_key" varchar(64) null);`);
    // The two ways the log is read: one participant's history, one account's actions, each newest first.
    this.addSql(`create index "audit_log_participant_id_at_index" on "audit_log" ("participant_id", "at");`);
    this.addSql(`create index "audit_log_account_id_at_index" on "audit_log" ("account_id", "at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_log" cascade;`);
  }
}
