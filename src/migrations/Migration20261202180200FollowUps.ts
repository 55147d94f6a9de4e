import { Migration } from '@mikro-orm/migrations';

/**
 * Follow-up of outcomes at 3 and 6 months (issue 12, item 4): `referral_follow_up`, two rows per completed referral,
 * recorded by the prescriber; `durable` is kept equal to the rule (src/referrals/rules/follow-up.ts) by a check.
 * Written by hand: only these statements.
 */
export class Migration20261202180200FollowUps extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "referral_follow_up" ("id" serial primary key, "referral_id" int not null,
      "milestone" text check ("milestone" in ('MONTH_3', 'MONTH_6')) not null, "due_on" date not null,
      "due_notified_at" timestamptz null, "overdue_at" timestamptz null,
      "situation" text check ("situation" in ('CDI', 'CDD', 'INTERIM', 'ALTERNANCE', 'TRAINING', 'IAE_CONTRACT', 'CREATION', 'JOB_SEEKING', 'OTHER')) null,
      "contract_months" smallint null, "durable" boolean null, "note" text null, "recorded_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      constraint referral_follow_up_contract_months check ((contract_months >= 1) and (contract_months <= 600)),
      constraint referral_follow_up_durable check ((durable is null) = (situation is null) and (durable is null or durable =
        (situation in ('CDI', 'CREATION') or (situation in ('CDD', 'INTERIM') and contract_months >= 6)))));`);
    this.addSql(`create index "referral_follow_up_referral_id_index" on "referral_follow_up" ("referral_id");`);
    this.addSql(`alter table "referral_follow_up" add constraint "referral_follow_up_referral_id_milestone_unique" unique ("referral_id", "milestone");`);
    this.addSql(`create index "referral_follow_up_open" on "referral_follow_up" ("due_on", "id") where "recorded_at" is null;`);
    this.addSql(`alter table "referral_follow_up" add constraint "referral_follow_up_referral_id_foreign" foreign key ("referral_id") references "referral" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "referral_follow_up";`);
  }
}
