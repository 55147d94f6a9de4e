import { Migration } from '@mikro-orm/migrations';

/**
 * Events take the outbox lock at commit instead of at their insert.
 *
 * The outbox lock (events/outbox.ts) makes event ids visible in id order. It used to be taken by the statement that
 * inserted the event, and held until the transaction ended, across a round trip to the hub: the statement's answer,
 * the hub's event loop, the COMMIT. Under W4's write load (bench/RESULTS.md, 2026-12-03 14:20) up to seven of the
 * pool's ten connections waited on that lock while two or three held it, idle in transaction, waiting for their
 * COMMIT. A transaction now writes its events into `event_pending`. A deferred constraint trigger, fired during the
 * COMMIT, takes the outbox lock, moves the transaction's rows into `event` (ids drawn in the order written), deletes
 * them, and queues the wake-up. The lock is held from that point to the end of the commit only.
 *
 * The trigger fires once per pending row; the first firing of a transaction moves all its rows and marks the
 * transaction (a transaction-local setting), so the others return at once and a transaction writing many events
 * scans the table once. The delete sees the transaction's own rows and no other running transaction's; rows left
 * committed (a transaction that made the trigger fire early with SET CONSTRAINTS, then wrote more) are moved by the
 * next transaction that writes an event. `event_pending` is unlogged: no row of it is meant to outlive its
 * transaction, so a crash loses nothing that had committed.
 *
 * `relais_bump_catalogue_version` (Migration20261203091200CatalogueVersion) now takes the outbox lock before its row
 * lock. Both deferred triggers then lock in the same order, whichever fires first, so they cannot deadlock.
 */
export class Migration20261203143000EventsAtCommit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create unlogged table "event_pending" ("seq" bigserial primary key, "type" text not null, "entity_id" int not null, "data" jsonb not null);`);
    this.addSql(`create function relais_publish_pending_events() returns trigger language plpgsql as $$
      begin
        if current_setting('relais.events_published', true) is distinct from 'on' then
          perform set_config('relais.events_published', 'on', true);
          perform pg_advisory_xact_lock(727001);
          with moved as (delete from event_pending returning seq, type, entity_id, data)
          insert into event (type, entity_id, data) select type, entity_id, data from moved order by seq;
          perform pg_notify('relais_events', '');
        end if;
        return null;
      end $$;`);
    this.addSql(`create constraint trigger "event_pending_publish" after insert on "event_pending"
      deferrable initially deferred for each row execute function relais_publish_pending_events();`);
    this.addSql(`create or replace function relais_bump_catalogue_version() returns trigger language plpgsql as $$
      begin
        if current_setting('relais.catalogue_bumped', true) is distinct from 'on' then
          perform set_config('relais.catalogue_bumped', 'on', true);
          perform pg_advisory_xact_lock(727001);
          update catalogue_version set version = version + 1 where id = 1;
        end if;
        return null;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function relais_bump_catalogue_version() returns trigger language plpgsql as $$
      begin
        if current_setting('relais.catalogue_bumped', true) is distinct from 'on' then
          perform set_config('relais.catalogue_bumped', 'on', true);
          update catalogue_version set version = version + 1 where id = 1;
        end if;
        return null;
      end $$;`);
    this.addSql(`drop trigger "event_pending_publish" on "event_pending";`);
    this.addSql(`drop function relais_publish_pending_events();`);
    this.addSql(`drop table "event_pending";`);
  }
}
