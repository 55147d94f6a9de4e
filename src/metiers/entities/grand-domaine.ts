import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** ROME 4.0 grand domaine: one letter (e.g. F = Construction, Bâtiment et Travaux publics). */
@Entity({ tableName: 'rome_grand_domaine' })
export class GrandDomaine {
  @PrimaryKey({ type: 'string', length: 1 })
  code!: string;

  @Property({ type: 'text' })
  label!: string;
}
