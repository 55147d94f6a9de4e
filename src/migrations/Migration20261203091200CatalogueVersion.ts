import { Migration } from '@mikro-orm/migrations';

/**
 * The tables the public lists read (sessions, immersion offers, the companies and structures they show, commitments
 * counted on companies, métiers and the ROME and territory reference), the ones the response cache
 * (src/server/response-cache.ts) may serve answers of.
 */
export const CATALOGUE_TABLES = [
  'session', 'session_metier', 'immersion_offer', 'company', 'structure', 'commitment',
  'metier', 'appellation', 'metier_competence', 'metier_savoir', 'rome_competence', 'rome_savoir', 'rome_domaine', 'rome_grand_domaine',
  'commune', 'departement', 'region', 'naf_activity',
] as const;

/**
 * `catalogue_version`: one row whose `version` goes up once in every transaction that changes one of
 * CATALOGUE_TABLES, whoever makes it (a mutation, a scheduled job, the CLI, plain SQL). A deferred constraint trigger
 * per table bumps it at commit, once per transaction (a transaction-local setting remembers it did): the row is locked
 * only from the commit's start to its end, and the bump commits with the change or not at all. Whoever holds that
 * row lock waits for nothing more (no other deferred trigger exists), so it adds no deadlock; it serialises the
 * commits of catalogue writers, which those that write outbox events already are (the outbox lock). A reader that sees a
 * version has seen every change committed before it; the response cache compares it with the version read before an
 * answer was computed. Written by hand.
 *
 * The outbox events were not enough for this: they are written when a session's seat opens or an offer is published
 * and for referrals, not when a session or offer is edited, cancelled, closed or held, nor when a company is renamed.
 */
export class Migration20261203091200CatalogueVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "catalogue_version" ("id" smallint not null, "version" bigint not null, constraint "catalogue_version_pkey" primary key ("id"));`);
    this.addSql(`insert into "catalogue_version" ("id", "version") values (1, 1);`);
    this.addSql(`create function relais_bump_catalogue_version() returns trigger language plpgsql as $$
      begin
        if current_setting('relais.catalogue_bumped', true) is distinct from 'on' then
          perform set_config('relais.catalogue_bumped', 'on', true);
          update catalogue_version set version = version + 1 where id = 1;
        end if;
        return null;
      end $$;`);
    for (const table of CATALOGUE_TABLES) {
      this.addSql(`create constraint trigger "${table}_catalogue_changed" after insert or update or delete on "${table}"
        deferrable initially deferred for each row execute function relais_bump_catalogue_version();`);
      // A constraint trigger cannot fire on TRUNCATE (no code truncates these tables; an operator might): bumped at once.
      this.addSql(`create trigger "${table}_catalogue_truncated" after truncate on "${table}"
        for each statement execute function relais_bump_catalogue_version();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of CATALOGUE_TABLES) {
      this.addSql(`drop trigger "${table}_catalogue_truncated" on "${table}";`);
      this.addSql(`drop trigger "${table}_catalogue_changed" on "${table}";`);
    }
    this.addSql(`drop function relais_bump_catalogue_version();`);
    this.addSql(`drop table "catalogue_version";`);
  }
}
