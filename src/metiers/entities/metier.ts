import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { DomaineProfessionnel } from './domaine-professionnel';

/** ROME 4.0 fiche métier, keyed by its ROME code (e.g. F1701). */
@Entity({ tableName: 'metier' })
// Métier search (trigram similarity), created in raw SQL: declared so that migration:create keeps it.
@Index({ name: 'metier_search_text_trgm', expression: 'create index "metier_search_text_trgm" on "metier" using gin ("search_text" gin_trgm_ops)' })
export class Metier {
  [OptionalProps]?: 'romeV3Code' | 'transitionEco' | 'regulated' | 'executive' | 'searchText';

  @PrimaryKey({ type: 'string', length: 5 })
  code!: string;

  @Property({ type: 'text' })
  label!: string;

  /** OGR code of the fiche itself. */
  @Property({ type: 'integer' })
  ogrCode!: number;

  @Index()
  @ManyToOne(() => DomaineProfessionnel)
  domaine!: DomaineProfessionnel;

  /** The ROME v3 code this fiche descends from (`code_rome_parent`). */
  @Property({ type: 'string', length: 5, nullable: true })
  romeV3Code?: string | null;

  /** Ecological-transition label given by France Travail ("Emploi Vert", "Emploi Blanc", ...). */
  @Property({ type: 'text', nullable: true })
  transitionEco?: string | null;

  /** Emploi réglementé. */
  @Property({ type: 'boolean', default: false })
  regulated: boolean = false;

  /**
   * Code, label and appellation labels folded by the database (relais_search_text: unaccent, lower case): what
   * `metiers(search:)` matches (trigram index).
   */
  @Property({ type: 'text', default: '', lazy: true })
  searchText: string = '';

  /** Emploi cadre. */
  @Property({ type: 'boolean', default: false })
  executive: boolean = false;
}
