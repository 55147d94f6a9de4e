import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Departement } from './departement';

/** Commune (commune actuelle), keyed by its INSEE code, with postal codes and centre point. */
@Entity({ tableName: 'commune' })
@Index({ properties: ['latitude', 'longitude'] })
export class Commune {
  [OptionalProps]?: 'postalCodes' | 'population' | 'latitude' | 'longitude';

  @PrimaryKey({ type: 'string', length: 5 })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Index()
  @ManyToOne(() => Departement)
  departement!: Departement;

  @Property({ type: 'text[]', default: '{}' })
  postalCodes: string[] = [];

  @Property({ type: 'integer', nullable: true })
  population?: number | null;

  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  longitude?: number | null;
}
