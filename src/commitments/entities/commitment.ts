import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { CommitmentAxis } from '../rules/commitment-axis';
import { CommitmentMeasure } from '../rules/commitment-measure';
import { CommitmentStatus } from '../rules/commitment-status';
import { Company, Structure } from '../../network';

/** A company's pledge (engagement), usually within a PAQTE convention animated by a CRÉPI. */
@Entity({ tableName: 'commitment' })
@Check({ name: 'commitment_period', expression: 'period_end >= period_start' })
@Check({ name: 'commitment_target', expression: 'target >= 1' })
@Check({ name: 'commitment_progress', expression: 'declared_progress >= 0' })
@Index({ properties: ['periodStart', 'periodEnd'] })
export class Commitment {
  [OptionalProps]?: 'animator' | 'declaredProgress' | 'status' | 'signedAt' | 'publicPartners' | 'conventionSignedOn' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Company)
  company!: Company;

  /** The structure animating the convention (usually a CRÉPI). */
  @Index()
  @ManyToOne(() => Structure, { nullable: true })
  animator?: Structure | null;

  @Index()
  @Enum({ items: () => CommitmentAxis })
  axis!: CommitmentAxis;

  /** The pledge, in the company's words. */
  @Property({ type: 'text' })
  pledge!: string;

  @Enum({ items: () => CommitmentMeasure })
  measure!: CommitmentMeasure;

  @Property({ type: 'integer' })
  target!: number;

  /** Progress declared by the company for what the hub cannot see. */
  @Property({ type: 'integer', default: 0 })
  declaredProgress: number = 0;

  @Property({ type: 'date' })
  periodStart!: string;

  @Property({ type: 'date' })
  periodEnd!: string;

  @Index()
  @Enum({ items: () => CommitmentStatus, default: CommitmentStatus.PROPOSED })
  status: CommitmentStatus = CommitmentStatus.PROPOSED;

  @Property({ type: 'datetime', nullable: true })
  signedAt?: Date | null;

  /** Public partners of the tripartite convention (préfecture, agglomération). */
  @Property({ type: 'text[]', default: '{}' })
  publicPartners: string[] = [];

  @Property({ type: 'date', nullable: true })
  conventionSignedOn?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
