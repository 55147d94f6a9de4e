import { Migration } from '@mikro-orm/migrations';

/**
 * ROME 4.0 compétences and savoirs, and which of them belong to each fiche métier (issue 12, item 3): reference data
 * filled by `import-rome-competences` (and, for the demo métiers' core compétences, by the demo seed). Written by
 * hand: only these statements.
 */
export class Migration20261202180000RomeCompetences extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "rome_competence" ("code" int not null, "nature" text check ("nature" in ('COMPETENCE', 'MACRO_COMPETENCE')) not null, "label" text not null, "definition" text null, "macro_competence_code" int null, "category" text not null, "sub_category" text null, constraint "rome_competence_pkey" primary key ("code"));`);
    this.addSql(`create table "rome_savoir" ("code" int not null, "label" text not null, "category" text not null, "sub_category" text null, constraint "rome_savoir_pkey" primary key ("code"));`);
    this.addSql(`create table "metier_competence" ("metier_code" varchar(5) not null, "competence_code" int not null, "relevance" text check ("relevance" in ('CORE', 'EMERGING', 'OTHER')) not null, constraint "metier_competence_pkey" primary key ("metier_code", "competence_code"));`);
    this.addSql(`create index "metier_competence_competence_code_index" on "metier_competence" ("competence_code");`);
    this.addSql(`create table "metier_savoir" ("metier_code" varchar(5) not null, "savoir_code" int not null, "relevance" text check ("relevance" in ('CORE', 'EMERGING', 'OTHER')) not null, constraint "metier_savoir_pkey" primary key ("metier_code", "savoir_code"));`);
    this.addSql(`create index "metier_savoir_savoir_code_index" on "metier_savoir" ("savoir_code");`);
    this.addSql(`alter table "metier_competence" add constraint "metier_competence_metier_code_foreign" foreign key ("metier_code") references "metier" ("code") on update cascade;`);
    this.addSql(`alter table "metier_competence" add constraint "metier_competence_competence_code_foreign" foreign key ("competence_code") references "rome_competence" ("code") on update cascade;`);
    this.addSql(`alter table "metier_savoir" add constraint "metier_savoir_metier_code_foreign" foreign key ("metier_code") references "metier" ("code") on update cascade;`);
    this.addSql(`alter table "metier_savoir" add constraint "metier_savoir_savoir_code_foreign" foreign key ("savoir_code") references "rome_savoir" ("code") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "metier_savoir";`);
    this.addSql(`drop table "metier_competence";`);
    this.addSql(`drop table "rome_savoir";`);
    this.addSql(`drop table "rome_competence";`);
  }
}
