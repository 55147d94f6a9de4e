import { Migration } from '@mikro-orm/migrations';

/**
 * Every instance keeps the viewers of recently used tokens in memory (src/access/viewer-cache.ts). A change that can
 * make a token stop opening its account — revoked, expired, deleted, or its account disabled, moved or deleted —
 * sends a NOTIFY on `relais_tokens`, whoever makes it (a mutation, the CLI, plain SQL): every instance forgets its
 * cached viewers. One per statement, not per row; `last_used_at` writes send none.
 */
export class Migration20261123140000TokenChanges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function relais_notify_token_change() returns trigger language plpgsql as $$
      begin perform pg_notify('relais_tokens', ''); return null; end $$;`);
    this.addSql(`create trigger api_token_changed after update of revoked_at, expires_at, token_hash, account_id or delete on api_token
      for each statement execute function relais_notify_token_change();`);
    this.addSql(`create trigger account_changed after update of disabled_at, role, structure_id, company_id, participant_id, email, display_name or delete on account
      for each statement execute function relais_notify_token_change();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger account_changed on account;`);
    this.addSql(`drop trigger api_token_changed on api_token;`);
    this.addSql(`drop function relais_notify_token_change();`);
  }
}
