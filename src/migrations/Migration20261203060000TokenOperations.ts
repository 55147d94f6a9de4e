import { Migration } from '@mikro-orm/migrations';

/**
 * The safelist of integration tokens (issue 15, item 6): the operations a token may run
 * (src/access/entities/token-operation.ts). A change to it NOTIFYs `relais_tokens`, like a change of a token
 * (Migration20261123140000TokenChanges): every instance forgets the lists it cached, whoever made the change.
 */
export class Migration20261203060000TokenOperations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "token_operation" ("id" serial primary key, "token_id" int not null, "sha256_hash" varchar(64) not null, "operation_name" text not null, "document" text not null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "token_operation" add constraint "token_operation_token_id_sha256_hash_unique" unique ("token_id", "sha256_hash");`);
    this.addSql(`alter table "token_operation" add constraint "token_operation_token_id_foreign" foreign key ("token_id") references "api_token" ("id") on update cascade on delete cascade;`);
    this.addSql(`create trigger token_operation_changed after insert or update or delete on token_operation
      for each statement execute function relais_notify_token_change();`);
    this.addSql(`create trigger token_operation_truncated after truncate on token_operation
      for each statement execute function relais_notify_token_change();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "token_operation" cascade;`);
  }
}
