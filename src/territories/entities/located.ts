import { Index, ManyToOne, OptionalProps, Property } from '@mikro-orm/core';
import { Commune } from './commune';

/**
 * Where something is: a street address, its commune and a point. The département code is copied from the commune
 * so that the most common portal filter does not need a join.
 */
export abstract class Located<Optional extends string = never> {
  [OptionalProps]?: 'address' | 'postalCode' | 'commune' | 'departementCode' | 'latitude' | 'longitude' | Optional;

  @Property({ type: 'text', nullable: true })
  address?: string | null;

  @Property({ type: 'string', length: 5, nullable: true })
  postalCode?: string | null;

  @Index()
  @ManyToOne(() => Commune, { nullable: true })
  commune?: Commune | null;

  @Index()
  @Property({ type: 'string', length: 3, nullable: true })
  departementCode?: string | null;

  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  longitude?: number | null;
}
