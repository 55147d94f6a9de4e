import { Migration } from '@mikro-orm/migrations';

/**
 * Debriefs after a session (issue 12, item 1): `debrief`, one per referral and side (the organiser's animator, the
 * host company), with the wishes to go further, a comment (personal data, erased with the participant) and whether
 * it is shared with the participant; `debrief_interest`, the interest shown in each métier of the session. Written
 * by hand: only these statements.
 */
export class Migration20261202180100Debriefs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "debrief" ("id" serial primary key, "referral_id" int not null,
      "side" text check ("side" in ('ORGANISER', 'HOST')) not null,
      "author_structure_id" int null, "author_company_id" int null, "author_account_id" int null,
      "wishes" jsonb not null default '[]', "comment" text null, "shared_with_participant" boolean not null,
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "debrief_author_structure_id_index" on "debrief" ("author_structure_id");`);
    this.addSql(`create index "debrief_author_company_id_index" on "debrief" ("author_company_id");`);
    this.addSql(`create index "debrief_author_account_id_index" on "debrief" ("author_account_id");`);
    this.addSql(`alter table "debrief" add constraint "debrief_referral_id_side_unique" unique ("referral_id", "side");`);
    this.addSql(`alter table "debrief" add constraint "debrief_referral_id_foreign" foreign key ("referral_id") references "referral" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "debrief" add constraint "debrief_author_structure_id_foreign" foreign key ("author_structure_id") references "structure" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "debrief" add constraint "debrief_author_company_id_foreign" foreign key ("author_company_id") references "company" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "debrief" add constraint "debrief_author_account_id_foreign" foreign key ("author_account_id") references "account" ("id") on update cascade on delete set null;`);

    this.addSql(`create table "debrief_interest" ("debrief_id" int not null, "metier_code" varchar(5) not null,
      "interest" text check ("interest" in ('YES', 'MAYBE', 'NO')) not null,
      constraint "debrief_interest_pkey" primary key ("debrief_id", "metier_code"));`);
    this.addSql(`create index "debrief_interest_metier_code_index" on "debrief_interest" ("metier_code");`);
    this.addSql(`alter table "debrief_interest" add constraint "debrief_interest_debrief_id_foreign" foreign key ("debrief_id") references "debrief" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "debrief_interest" add constraint "debrief_interest_metier_code_foreign" foreign key ("metier_code") references "metier" ("code") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "debrief_interest";`);
    this.addSql(`drop table "debrief";`);
  }
}
