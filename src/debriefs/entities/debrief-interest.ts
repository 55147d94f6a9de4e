import { Entity, Enum, Index, ManyToOne, PrimaryKeyProp } from '@mikro-orm/core';
import { Metier } from '../../metiers';
import { MetierInterest } from '../rules/metier-interest';
import { Debrief } from './debrief';

/** The interest shown in one métier of the session, in a debrief: kept after erasure (statistics per métier). */
@Entity({ tableName: 'debrief_interest' })
export class DebriefInterest {
  [PrimaryKeyProp]?: ['debrief', 'metier'];

  @ManyToOne(() => Debrief, { primary: true, deleteRule: 'cascade' })
  debrief!: Debrief;

  @Index()
  @ManyToOne(() => Metier, { primary: true })
  metier!: Metier;

  @Enum({ items: () => MetierInterest })
  interest!: MetierInterest;
}
