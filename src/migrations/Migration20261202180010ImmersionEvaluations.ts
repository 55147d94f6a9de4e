import { Migration } from '@mikro-orm/migrations';

/**
 * The evaluation grid at the end of an immersion (issue 12, item 3): one row per referral to an immersion offer,
 * levels per core compétence (JSON), attitudes, satisfactions, the tutor's comment and when it was shared with the
 * participant. Written by hand: only these statements.
 */
export class Migration20261202180010ImmersionEvaluations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "immersion_evaluation" ("id" serial primary key, "referral_id" int not null, "metier_code" varchar(5) not null, "competences" jsonb not null, "punctuality" text check ("punctuality" in ('NOT_OBSERVED', 'BEGINNER', 'PRACTISING', 'MASTERED')) not null, "teamwork" text check ("teamwork" in ('NOT_OBSERVED', 'BEGINNER', 'PRACTISING', 'MASTERED')) not null, "instructions" text check ("instructions" in ('NOT_OBSERVED', 'BEGINNER', 'PRACTISING', 'MASTERED')) not null, "company_satisfaction" smallint not null, "participant_satisfaction" smallint not null, "comment" text null, "recorded_by_id" int null, "shared_at" timestamptz null, "shared_by_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint immersion_evaluation_satisfaction check (((company_satisfaction >= 1) AND (company_satisfaction <= 5) AND (participant_satisfaction >= 1) AND (participant_satisfaction <= 5))));`);
    this.addSql(`alter table "immersion_evaluation" add constraint "immersion_evaluation_referral_id_unique" unique ("referral_id");`);
    this.addSql(`create index "immersion_evaluation_metier_code_index" on "immersion_evaluation" ("metier_code");`);
    this.addSql(`alter table "immersion_evaluation" add constraint "immersion_evaluation_referral_id_foreign" foreign key ("referral_id") references "referral" ("id") on update cascade;`);
    this.addSql(`alter table "immersion_evaluation" add constraint "immersion_evaluation_metier_code_foreign" foreign key ("metier_code") references "metier" ("code") on update cascade;`);
    this.addSql(`alter table "immersion_evaluation" add constraint "immersion_evaluation_recorded_by_id_foreign" foreign key ("recorded_by_id") references "account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "immersion_evaluation" add constraint "immersion_evaluation_shared_by_id_foreign" foreign key ("shared_by_id") references "account" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "immersion_evaluation";`);
  }
}
