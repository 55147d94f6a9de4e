import { Migration } from '@mikro-orm/migrations';

/**
 * Programmes with targets, recurring and multi-site sessions (issue 11, items 2 and 3): the `programme` table (a
 * structure's action over a period, with its targets), `session_series` (one session repeated) and
 * `multi_site_event` (a rallye of workshops); sessions point to their programme, series and event, offers to their
 * programme. Written by hand: only these statements.
 */
export class Migration20261202135400ProgrammesSeries extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "programme" ("id" serial primary key, "structure_id" int not null,
      "kind" text check ("kind" in ('AMBASSADEURS_DES_METIERS', 'SITE_VISITS', 'COHORT_ACCOMPANIMENT', 'IMMERSIONS', 'OTHER')) not null,
      "name" text not null, "description" text null, "starts_on" date not null, "ends_on" date not null,
      "target_participants" int null, "target_sessions" int null, "target_immersions_completed" int null, "target_durable_outcomes" int null,
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
      constraint programme_period check (ends_on >= starts_on),
      constraint programme_targets check ((target_participants is null or target_participants >= 0) and (target_sessions is null or target_sessions >= 0) and (target_immersions_completed is null or target_immersions_completed >= 0) and (target_durable_outcomes is null or target_durable_outcomes >= 0)));`);
    this.addSql(`create index "programme_structure_id_index" on "programme" ("structure_id");`);
    this.addSql(`create index "programme_kind_index" on "programme" ("kind");`);
    this.addSql(`create index "programme_starts_on_ends_on_index" on "programme" ("starts_on", "ends_on");`);
    this.addSql(`alter table "programme" add constraint "programme_structure_id_foreign" foreign key ("structure_id") references "structure" ("id") on update cascade;`);

    this.addSql(`create table "session_series" ("id" serial primary key, "organiser_id" int not null, "every_days" smallint null, "occurrences" smallint not null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "session_series_organiser_id_index" on "session_series" ("organiser_id");`);
    this.addSql(`alter table "session_series" add constraint "session_series_organiser_id_foreign" foreign key ("organiser_id") references "structure" ("id") on update cascade;`);

    this.addSql(`create table "multi_site_event" ("id" serial primary key, "organiser_id" int not null, "title" text not null, "description" text null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "multi_site_event_organiser_id_index" on "multi_site_event" ("organiser_id");`);
    this.addSql(`alter table "multi_site_event" add constraint "multi_site_event_organiser_id_foreign" foreign key ("organiser_id") references "structure" ("id") on update cascade;`);

    this.addSql(`alter table "session" add column "programme_id" int null, add column "series_id" int null, add column "multi_site_event_id" int null;`);
    this.addSql(`create index "session_programme_id_index" on "session" ("programme_id");`);
    this.addSql(`create index "session_series_id_index" on "session" ("series_id");`);
    this.addSql(`create index "session_multi_site_event_id_index" on "session" ("multi_site_event_id");`);
    this.addSql(`alter table "session" add constraint "session_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "session" add constraint "session_series_id_foreign" foreign key ("series_id") references "session_series" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "session" add constraint "session_multi_site_event_id_foreign" foreign key ("multi_site_event_id") references "multi_site_event" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "immersion_offer" add column "programme_id" int null;`);
    this.addSql(`create index "immersion_offer_programme_id_index" on "immersion_offer" ("programme_id");`);
    this.addSql(`alter table "immersion_offer" add constraint "immersion_offer_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "immersion_offer" drop column "programme_id";`);
    this.addSql(`alter table "session" drop column "multi_site_event_id", drop column "series_id", drop column "programme_id";`);
    this.addSql(`drop table "multi_site_event";`);
    this.addSql(`drop table "session_series";`);
    this.addSql(`drop table "programme";`);
  }
}
