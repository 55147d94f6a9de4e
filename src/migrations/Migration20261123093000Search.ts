import { Migration } from '@mikro-orm/migrations';

/** What the entity metadata cannot express: trigram search, the pivot's reverse index, case-free lookups. */
export class Migration20261123093000Search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create index "metier_search_text_trgm" on "metier" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`create index "structure_name_trgm" on "structure" using gin (lower("name") gin_trgm_ops);`);
    this.addSql(`create index "company_name_trgm" on "company" using gin (lower("name") gin_trgm_ops);`);
    // métier → sessions walks the pivot from its second column.
    this.addSql(`create index "session_metier_metier_code_index" on "session_metier" ("metier_code", "session_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "session_metier_metier_code_index";`);
    this.addSql(`drop index "company_name_trgm";`);
    this.addSql(`drop index "structure_name_trgm";`);
    this.addSql(`drop index "metier_search_text_trgm";`);
  }
}
