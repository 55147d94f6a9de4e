import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { Account } from '../../access';
import { Company, Structure } from '../../network';
import { Referral } from '../../referrals';
import { DebriefSide } from '../rules/debrief-side';
import type { DebriefWish } from '../rules/debrief-wish';

/**
 * What the organiser's animator or the host company saw of one participant at a session (débriefing): interest per
 * métier shown (debrief_interest), wishes to go further, a comment. One per side and referral: a second
 * recordDebrief of the same side replaces it (record-debrief.ts).
 */
@Entity({ tableName: 'debrief' })
@Unique({ properties: ['referral', 'side'] })
export class Debrief {
  [OptionalProps]?: 'authorStructure' | 'authorCompany' | 'authorAccount' | 'wishes' | 'comment' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Referral, { deleteRule: 'cascade' })
  referral!: Referral;

  @Enum({ items: () => DebriefSide })
  side!: DebriefSide;

  /** The organising structure, for side ORGANISER, or the host structure, for side HOST: its staff read what it wrote. */
  @Index()
  @ManyToOne(() => Structure, { nullable: true })
  authorStructure?: Structure | null;

  /** The host company, for side HOST: its staff read what it wrote, and no other company does. */
  @Index()
  @ManyToOne(() => Company, { nullable: true })
  authorCompany?: Company | null;

  /** Who wrote (or last rewrote) it. */
  @Index()
  @ManyToOne({ entity: () => 'Account', nullable: true, deleteRule: 'set null' })
  authorAccount?: Account | null;

  /** DebriefWish values, each once: kept after erasure (statistics). */
  @Property({ type: 'json', defaultRaw: `'[]'` })
  wishes: DebriefWish[] = [];

  /** Free text about the person (personal data): erased with the participant. */
  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'boolean' })
  sharedWithParticipant!: boolean;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
