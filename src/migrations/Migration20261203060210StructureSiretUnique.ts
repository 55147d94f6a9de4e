import { Migration } from '@mikro-orm/migrations';

/**
 * One structure per SIRET, as one company per SIRET (issue 11): createStructure and updateStructure answer CONFLICT
 * naming the structure that holds it, and the unique index settles concurrent writes. Structures without a SIRET stay
 * as many as they are (NULLs are distinct). A database holding two structures with one SIRET stops here with their
 * SIRET named, for someone to decide which keeps it, rather than losing one silently.
 */
export class Migration20261203060210StructureSiretUnique extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$
      declare duplicate text;
      begin
        select siret into duplicate from structure where siret is not null group by siret having count(*) > 1 limit 1;
        if duplicate is not null then
          raise exception 'several structures have the SIRET %: give each its own (or none) before this migration', duplicate;
        end if;
      end $$;`);
    this.addSql(`alter table "structure" add constraint "structure_siret_unique" unique ("siret");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "structure" drop constraint "structure_siret_unique";`);
  }
}
