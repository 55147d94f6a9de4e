import { Migration } from '@mikro-orm/migrations';

/**
 * Erasing a participant erases the free texts of their referrals too (commands/participants.ts): the motive, written
 * by the prescriber about the person, becomes null like the other free texts.
 */
export class Migration20261124110000ErasableMotive extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "referral" alter column "motive" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "referral" set "motive" = '' where "motive" is null;`);
    this.addSql(`alter table "referral" alter column "motive" set not null;`);
  }
}
