import { Entity, Index, ManyToOne, OneToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { Account } from '../../access';
import { ParticipantPersonalData } from './participant-personal-data';
import { Structure } from '../../network';

/**
 * A person followed by a referent structure. This row holds only what may be seen without personal-data rights
 * (and what statistics keep after erasure); names, contact and notes live in ParticipantPersonalData.
 */
@Entity({ tableName: 'participant' })
export class Participant {
  [OptionalProps]?: 'referentAccount' | 'ageBand' | 'departementCode' | 'createdAt' | 'lastActivityAt' | 'erasedAt' | 'personalData';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** The structure that follows the person (one at a time). */
  @Index()
  @ManyToOne(() => Structure)
  referentStructure!: Structure;

  /** The referent counsellor's account, if known. */
  @Index()
  @ManyToOne({ entity: () => 'Account', nullable: true })
  referentAccount?: Account | null;

  /** Coarse age band at registration ("14-15", "16-17", "18-25", "26-44", "45+"): kept after erasure for statistics. */
  @Property({ type: 'string', length: 8, nullable: true })
  ageBand?: string | null;

  /** Département of residence: kept after erasure for statistics. */
  @Index()
  @Property({ type: 'string', length: 3, nullable: true })
  departementCode?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  lastActivityAt: Date = new Date();

  /** Set when personal data was erased (GDPR); the row stays for anonymous history. */
  @Property({ type: 'datetime', nullable: true })
  erasedAt?: Date | null;

  @OneToOne(() => ParticipantPersonalData, (data) => data.participant, { nullable: true })
  personalData?: ParticipantPersonalData | null;
}
