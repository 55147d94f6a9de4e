import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { GrandDomaine } from './grand-domaine';

/** ROME 4.0 domaine professionnel: three characters (e.g. F17 = Travaux et gros œuvre). */
@Entity({ tableName: 'rome_domaine' })
export class DomaineProfessionnel {
  @PrimaryKey({ type: 'string', length: 3 })
  code!: string;

  @Property({ type: 'text' })
  label!: string;

  @Index()
  @ManyToOne(() => GrandDomaine)
  grandDomaine!: GrandDomaine;
}
