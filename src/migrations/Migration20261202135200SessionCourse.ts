import { Migration } from '@mikro-orm/migrations';

/**
 * Sessions run their course and say their shape (issue 11, items 4 and 5): the HELD status (past its end, awaiting
 * attendance); a minimum group size (capacity is the maximum); a meeting point apart from the visited site; the
 * counsellors who go along (`session_counsellor`); a minimum age between 14 and 99 on sessions and, new, on
 * immersion offers (16 by default, as before).
 */
export class Migration20261202135200SessionCourse extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "session" drop constraint "session_status_check";`);
    this.addSql(`alter table "session" add constraint "session_status_check" check ("status" in ('DRAFT', 'PUBLISHED', 'FULL', 'HELD', 'COMPLETED', 'CANCELLED'));`);
    this.addSql(`alter table "session"
      add column "minimum_size" int null,
      add column "meeting_point_label" text null,
      add column "meeting_point_address" text null,
      add constraint session_minimum_size check (minimum_size between 1 and capacity),
      add constraint session_minimum_age check (minimum_age between 14 and 99);`);
    this.addSql(`create table "session_counsellor" ("session_id" int not null, "account_id" int not null, constraint "session_counsellor_pkey" primary key ("session_id", "account_id"));`);
    this.addSql(`create index "session_counsellor_account_id_index" on "session_counsellor" ("account_id");`);
    this.addSql(`alter table "session_counsellor" add constraint "session_counsellor_session_id_foreign" foreign key ("session_id") references "session" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "session_counsellor" add constraint "session_counsellor_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "immersion_offer"
      add column "minimum_age" smallint not null default 16,
      add constraint immersion_offer_minimum_age check (minimum_age between 14 and 99);`);
    // Sessions already past their end were listed as visit slots: the session course job holds them at its first run.
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "immersion_offer" drop constraint immersion_offer_minimum_age, drop column "minimum_age";`);
    this.addSql(`drop table "session_counsellor";`);
    this.addSql(`alter table "session" drop constraint session_minimum_age, drop constraint session_minimum_size,
      drop column "meeting_point_address", drop column "meeting_point_label", drop column "minimum_size";`);
    this.addSql(`update "session" set "status" = 'COMPLETED' where "status" = 'HELD';`);
    this.addSql(`alter table "session" drop constraint "session_status_check";`);
    this.addSql(`alter table "session" add constraint "session_status_check" check ("status" in ('DRAFT', 'PUBLISHED', 'FULL', 'COMPLETED', 'CANCELLED'));`);
  }
}
