import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { StructureKind } from '../rules/structure-kind';
import { Located } from '../../territories';

/** An organisation of the network: CRÉPI, mission locale, PLIE, SIAE, MFR, France Travail agency... */
@Entity({ tableName: 'structure' })
// Name search (trigram), created in raw SQL: declared so that migration:create keeps it.
@Index({ name: 'structure_name_trgm', expression: 'create index "structure_name_trgm" on "structure" using gin (lower("name") gin_trgm_ops)' })
@Check({ name: 'structure_parent_not_self', expression: '(parent_id IS NULL) OR (parent_id <> id)' })
@Index({ properties: ['latitude', 'longitude'] })
export class Structure extends Located<'siret' | 'email' | 'phone' | 'website' | 'description' | 'parent' | 'createdAt' | 'updatedAt'> {

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @Property({ type: 'text' })
  name!: string;

  @Index()
  @Enum({ items: () => StructureKind })
  kind!: StructureKind;

  /** Whether the structure may refer participants (prescriber kinds, or granted the right). */
  @Index()
  @Property({ type: 'boolean' })
  canPrescribe!: boolean;

  /** 14 digits, Luhn-checked; one structure per SIRET (many have none). */
  @Property({ type: 'string', length: 14, nullable: true, unique: true })
  siret?: string | null;

  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** The structure this one is an antenna of (a mission locale's antenna, a PLIE's site); never a cycle (rules/structure-parent.ts). */
  @Index()
  @ManyToOne(() => Structure, { nullable: true })
  parent?: Structure | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
