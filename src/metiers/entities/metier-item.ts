import { Entity, Enum, Index, ManyToOne, PrimaryKeyProp } from '@mikro-orm/core';
import { CompetenceRelevance } from '../rules/competence-relevance';
import { Metier } from './metier';
import { RomeCompetence } from './rome-competence';
import { RomeSavoir } from './rome-savoir';

/** A compétence of a fiche métier (`unix_coherence_item`), core or not. */
@Entity({ tableName: 'metier_competence' })
export class MetierCompetence {
  [PrimaryKeyProp]?: ['metier', 'competence'];

  @ManyToOne(() => Metier, { primary: true })
  metier!: Metier;

  @Index()
  @ManyToOne(() => RomeCompetence, { primary: true })
  competence!: RomeCompetence;

  @Enum({ items: () => CompetenceRelevance })
  relevance!: CompetenceRelevance;
}

/** A savoir of a fiche métier (`unix_coherence_item`), core or not. */
@Entity({ tableName: 'metier_savoir' })
export class MetierSavoir {
  [PrimaryKeyProp]?: ['metier', 'savoir'];

  @ManyToOne(() => Metier, { primary: true })
  metier!: Metier;

  @Index()
  @ManyToOne(() => RomeSavoir, { primary: true })
  savoir!: RomeSavoir;

  @Enum({ items: () => CompetenceRelevance })
  relevance!: CompetenceRelevance;
}
