import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { CompetenceNature } from '../rules/competence-relevance';

/** ROME 4.0 compétence (savoir-faire or savoir-être professionnel), keyed by its OGR code (`unix_referentiel_competence`). */
@Entity({ tableName: 'rome_competence' })
export class RomeCompetence {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  code!: number;

  @Enum({ items: () => CompetenceNature })
  nature!: CompetenceNature;

  @Property({ type: 'text' })
  label!: string;

  @Property({ type: 'text', nullable: true })
  definition?: string | null;

  /** OGR code of the macro-compétence it belongs to (no foreign key: the file lists them in any order). */
  @Property({ type: 'integer', nullable: true })
  macroCompetenceCode?: number | null;

  /** "Savoir-faire" or "Savoir-être professionnel". */
  @Property({ type: 'text' })
  category!: string;

  /** "Technique", "Technique expert", "Transverse"... */
  @Property({ type: 'text', nullable: true })
  subCategory?: string | null;
}
