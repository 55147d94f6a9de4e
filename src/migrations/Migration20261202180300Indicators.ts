import { Migration } from '@mikro-orm/migrations';

/**
 * Indicators (issue 13): referrals to immersion offers are counted by the day they were sent, so the period of an
 * indicators query reads them through an index on that day, kept only for them (referrals to sessions are reached
 * through their sessions: the second index answers status and participant from the index alone, for the referrals
 * of a région's sessions over a year (about 40,000 on the bench data), without reading the table).
 */
export class Migration20261202180300Indicators extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "referral_offer_created_at" on "referral" ("created_at") where "immersion_offer_id" is not null;`);
    this.addSql(`create index "referral_session_indicators" on "referral" ("session_id", "status", "participant_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "referral_session_indicators";`);
    this.addSql(`drop index "referral_offer_created_at";`);
  }
}
