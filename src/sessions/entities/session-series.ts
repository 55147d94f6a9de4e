import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Structure } from '../../network';

/**
 * A series (série): one session repeated, every N days N times or on a list of dates (the PLIE's visits every 15
 * days). Each occurrence is its own session with its own seats; the series only says they belong together.
 */
@Entity({ tableName: 'session_series' })
export class SessionSeries {
  [OptionalProps]?: 'everyDays' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Structure)
  organiser!: Structure;

  /** Days between two occurrences; null when the series was given as a list of dates. */
  @Property({ type: 'smallint', nullable: true })
  everyDays?: number | null;

  /** Occurrences created with the series. */
  @Property({ type: 'smallint' })
  occurrences!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
