import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Structure } from '../../network';

/**
 * A multi-site event (a rallye: 35 workshops across a département in one day). Each workshop is its own session
 * (host, place, times, seats) pointing here; referring to a workshop is referring to that session.
 */
@Entity({ tableName: 'multi_site_event' })
export class MultiSiteEvent {
  [OptionalProps]?: 'description' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** The structure that runs the event and organises every workshop of it. */
  @Index()
  @ManyToOne(() => Structure)
  organiser!: Structure;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
