import { Migration } from '@mikro-orm/migrations';

/**
 * Joining the network through the API (issue 11, item 1): a structure may be the antenna of another
 * (`structure.parent_id`), and a club membership that ends is kept in `past_company_membership` with its dates,
 * leaving `company_membership` to current members.
 */
export class Migration20261202135157NetworkJoining extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "structure" add column "parent_id" int null;`);
    this.addSql(`alter table "structure" add constraint "structure_parent_id_foreign" foreign key ("parent_id") references "structure" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "structure" add constraint "structure_parent_not_self" check ("parent_id" is null or "parent_id" <> "id");`);
    this.addSql(`create index "structure_parent_id_index" on "structure" ("parent_id");`);
    this.addSql(`create table "past_company_membership" ("id" serial primary key, "company_id" int not null, "structure_id" int not null, "joined_on" date null, "left_on" date not null, "recorded_at" timestamptz not null default now(), constraint "past_company_membership_dates" check ("joined_on" is null or "joined_on" <= "left_on"));`);
    this.addSql(`create index "past_company_membership_company_id_index" on "past_company_membership" ("company_id");`);
    this.addSql(`create index "past_company_membership_structure_id_index" on "past_company_membership" ("structure_id");`);
    this.addSql(`alter table "past_company_membership" add constraint "past_company_membership_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "past_company_membership" add constraint "past_company_membership_structure_id_foreign" foreign key ("structure_id") references "structure" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "past_company_membership" cascade;`);
    this.addSql(`alter table "structure" drop constraint "structure_parent_not_self";`);
    this.addSql(`alter table "structure" drop constraint "structure_parent_id_foreign";`);
    this.addSql(`alter table "structure" drop column "parent_id";`);
  }
}
