import { Migration } from '@mikro-orm/migrations';

/**
 * A company agrees to host a session (issue 9, item 3): `session.host_confirmation` (NOT_REQUIRED exactly when there
 * is no host), when the host answered and why it declined; `company_membership.hosting_agreement`, the standing
 * agreement that confirms the club's sessions at the company from the start.
 * Sessions that had a host before: drafts wait for the host (PENDING); the others were published and held with it,
 * so they stay CONFIRMED (their host may still withdraw the upcoming ones) and keep counting in its commitments.
 */
export class Migration20261124093000HostConfirmation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "session"
      add column "host_confirmation" text check ("host_confirmation" in ('NOT_REQUIRED', 'PENDING', 'CONFIRMED', 'DECLINED')) not null default 'NOT_REQUIRED',
      add column "host_responded_at" timestamptz null,
      add column "host_decline_reason" text null;`);
    this.addSql(`update "session" set "host_confirmation" = case when "status" = 'DRAFT' then 'PENDING' else 'CONFIRMED' end where "host_company_id" is not null;`);
    this.addSql(`alter table "session" add constraint session_host_confirmation check ((host_company_id is null) = (host_confirmation = 'NOT_REQUIRED'));`);
    this.addSql(`alter table "company_membership" add column "hosting_agreement" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "company_membership" drop column "hosting_agreement";`);
    this.addSql(`alter table "session" drop constraint session_host_confirmation;`);
    this.addSql(`alter table "session" drop column "host_decline_reason", drop column "host_responded_at", drop column "host_confirmation";`);
  }
}
