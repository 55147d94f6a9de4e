import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ProgrammeKind } from '../rules/programme-kind';
import { Structure } from '../../network';

/**
 * A structure's recurring action over a period, with its targets (objectifs): the Ambassadeurs des métiers of a
 * CRÉPI for a year, a PLIE's site visits, a cohort, an immersion programme. Sessions and immersion offers may belong
 * to it; the targets are kept as numbers so that indicators can set them beside what happened.
 */
@Entity({ tableName: 'programme' })
@Check({ name: 'programme_period', expression: 'ends_on >= starts_on' })
@Check({
  name: 'programme_targets',
  expression: '(target_participants is null or target_participants >= 0) and (target_sessions is null or target_sessions >= 0) '
    + 'and (target_immersions_completed is null or target_immersions_completed >= 0) and (target_durable_outcomes is null or target_durable_outcomes >= 0)',
})
@Index({ properties: ['startsOn', 'endsOn'] })
export class Programme {
  [OptionalProps]?: 'description' | 'targetParticipants' | 'targetSessions' | 'targetImmersionsCompleted' | 'targetDurableOutcomes' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** The structure that runs the programme (its sessions are organised by it). */
  @Index()
  @ManyToOne(() => Structure)
  structure!: Structure;

  @Index()
  @Enum({ items: () => ProgrammeKind })
  kind!: ProgrammeKind;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'date' })
  startsOn!: string;

  @Property({ type: 'date' })
  endsOn!: string;

  /** Participants to reach (people counted once). */
  @Property({ type: 'integer', nullable: true })
  targetParticipants?: number | null;

  /** Sessions to hold. */
  @Property({ type: 'integer', nullable: true })
  targetSessions?: number | null;

  /** Immersions (PMSMP) to complete. */
  @Property({ type: 'integer', nullable: true })
  targetImmersionsCompleted?: number | null;

  /** Durable outcomes (CDI, CDD or interim of 6 months or more, business created). */
  @Property({ type: 'integer', nullable: true })
  targetDurableOutcomes?: number | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
