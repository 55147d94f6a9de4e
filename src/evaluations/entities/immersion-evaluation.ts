import { Check, Entity, Enum, Index, ManyToOne, OneToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { EvaluationLevel, type CompetenceLevel } from '../rules/evaluation-level';
import type { Account } from '../../access';
import { Metier } from '../../metiers';
import { Referral } from '../../referrals';

/**
 * The tutor's evaluation grid at the end of an immersion (one per referral to an immersion offer): a level per core
 * compétence of the offer's métier, three attitudes, both sides' satisfaction and an optional comment (free text
 * about a person: personal data, erased with the participant; the levels and satisfactions stay for statistics).
 */
@Entity({ tableName: 'immersion_evaluation' })
@Check({ name: 'immersion_evaluation_satisfaction', expression: '((company_satisfaction >= 1) AND (company_satisfaction <= 5) AND (participant_satisfaction >= 1) AND (participant_satisfaction <= 5))' })
export class ImmersionEvaluation {
  [OptionalProps]?: 'comment' | 'recordedBy' | 'sharedAt' | 'sharedBy' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @OneToOne(() => Referral, { owner: true, unique: 'immersion_evaluation_referral_id_unique' })
  referral!: Referral;

  /** The métier evaluated: the offer's, when the grid was recorded. */
  @Index()
  @ManyToOne(() => Metier)
  metier!: Metier;

  /** `[{ code, level }]`: a level for each core compétence of the métier, in the métier's order. */
  @Property({ type: 'json' })
  competences!: CompetenceLevel[];

  @Enum({ items: () => EvaluationLevel })
  punctuality!: EvaluationLevel;

  @Enum({ items: () => EvaluationLevel })
  teamwork!: EvaluationLevel;

  /** Following instructions (respect des consignes). */
  @Enum({ items: () => EvaluationLevel })
  instructions!: EvaluationLevel;

  @Property({ type: 'smallint' })
  companySatisfaction!: number;

  @Property({ type: 'smallint' })
  participantSatisfaction!: number;

  /** The tutor's comment; null when none, and after erasure. */
  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @ManyToOne({ entity: () => 'Account', nullable: true })
  recordedBy?: Account | null;

  /** When the prescriber shared it with the participant; null until then (the participant does not read it). */
  @Property({ type: 'datetime', nullable: true })
  sharedAt?: Date | null;

  @ManyToOne({ entity: () => 'Account', nullable: true })
  sharedBy?: Account | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
