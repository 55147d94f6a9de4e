import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** ROME 4.0 savoir (knowledge), keyed by its OGR code (`unix_referentiel_savoir`). */
@Entity({ tableName: 'rome_savoir' })
export class RomeSavoir {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  code!: number;

  @Property({ type: 'text' })
  label!: string;

  /** "Domaines d'expertise", "Techniques professionnelles", "Normes et procédés"... */
  @Property({ type: 'text' })
  category!: string;

  @Property({ type: 'text', nullable: true })
  subCategory?: string | null;
}
