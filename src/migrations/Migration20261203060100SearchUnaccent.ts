import { Migration } from '@mikro-orm/migrations';

/**
 * Accent folding for search by PostgreSQL's `unaccent` (issue 15: a well-kept library rather than a hand-written
 * table of accented letters): `relais_search_text(text)` is the text as métiers are searched — lower case, without
 * accents (œ → oe, æ → ae), every run of other characters one space, trimmed. IMMUTABLE (unaccent itself is only
 * STABLE: its dictionary could change) so that it can fold a search once per statement, serve an index or fill a
 * column; its body is parsed at creation (SQL-standard `return`), naming unaccent and its dictionary in the schema
 * the extension is in, so that it works whatever the search_path of the caller (pg_dump, a restore, another role).
 * `metier.search_text` already holds text folded so (by the importers, until now in TypeScript): only ASCII letters,
 * digits and single spaces, which the function leaves unchanged, hence no rewrite of the rows here.
 */
export class Migration20261203060100SearchUnaccent extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`do $$
      declare
        ext_schema text := (select extnamespace::regnamespace::text from pg_extension where extname = 'unaccent');
      begin
        execute format(
          $f$create function relais_search_text(text) returns text language sql immutable strict parallel safe
             return trim(regexp_replace(lower(%1$s.unaccent(%2$L::regdictionary, $1)), '[^a-z0-9]+', ' ', 'g'))$f$,
          ext_schema, ext_schema || '.unaccent');
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function relais_search_text(text);`);
  }
}
