import { Migration } from '@mikro-orm/migrations';

/**
 * A structure with a SIRET (an MFR, an SIAE) hosts a session as a company does (issue 11, item 4):
 * `session.host_structure_id` beside `host_company_id`, at most one of them set, never the organiser itself; the host
 * confirmation is NOT_REQUIRED exactly when neither is set. Existing sessions have no host structure: nothing moves.
 */
export class Migration20261203060200StructureHosts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "session" add column "host_structure_id" int null;`);
    this.addSql(`alter table "session" add constraint "session_host_structure_id_foreign" foreign key ("host_structure_id") references "structure" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "session_host_structure_id_index" on "session" ("host_structure_id");`);
    this.addSql(`alter table "session" drop constraint session_host_confirmation;`);
    this.addSql(`alter table "session" add constraint session_host_confirmation check (((host_company_id is null) and (host_structure_id is null)) = (host_confirmation = 'NOT_REQUIRED'));`);
    this.addSql(`alter table "session" add constraint session_one_host check ((host_company_id is null) or (host_structure_id is null));`);
    this.addSql(`alter table "session" add constraint session_host_not_organiser check ((host_structure_id is null) or (host_structure_id <> organiser_id));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "session" drop constraint session_host_not_organiser;`);
    this.addSql(`alter table "session" drop constraint session_one_host;`);
    this.addSql(`alter table "session" drop constraint session_host_confirmation;`);
    this.addSql(`alter table "session" drop column "host_structure_id";`);
    this.addSql(`alter table "session" add constraint session_host_confirmation check ((host_company_id is null) = (host_confirmation = 'NOT_REQUIRED'));`);
  }
}
