import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Metier } from './metier';

/** ROME 4.0 appellation (job title), keyed by its OGR code, attached to one fiche métier. */
@Entity({ tableName: 'appellation' })
export class Appellation {
  [OptionalProps]?: 'principal' | 'rarelyUsed';

  @PrimaryKey({ type: 'integer', autoincrement: false })
  code!: number;

  @Property({ type: 'text' })
  label!: string;

  @Property({ type: 'text' })
  shortLabel!: string;

  @Index()
  @ManyToOne(() => Metier)
  metier!: Metier;

  /** PRINCIPALE (the fiche's main title) rather than SYNONYME. */
  @Property({ type: 'boolean', default: false })
  principal: boolean = false;

  /** Marked "peu usité" by France Travail. */
  @Property({ type: 'boolean', default: false })
  rarelyUsed: boolean = false;
}
