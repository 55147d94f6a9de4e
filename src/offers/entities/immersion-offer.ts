import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { ImmersionObjective } from '../rules/immersion-objective';
import { OfferStatus } from '../rules/offer-status';
import { Appellation, Metier } from '../../metiers';
import { Company } from '../../network';
import { Located } from '../../territories';
import { Programme } from '../../programmes';

/** Longest immersion: 30 days of presence (PMSMP rule). */
export const MAX_IMMERSION_PRESENCE_DAYS = 30;

/** A company's offer of a période de mise en situation en milieu professionnel (PMSMP). */
@Entity({ tableName: 'immersion_offer' })
@Check({ name: 'immersion_offer_window', expression: 'available_until >= available_from' })
@Check({ name: 'immersion_offer_presence', expression: '(max_presence_days >= 1) AND (max_presence_days <= 30)' })
@Check({ name: 'immersion_offer_positions', expression: 'positions >= 1' })
@Check({ name: 'immersion_offer_minimum_age', expression: '(minimum_age >= 14) AND (minimum_age <= 99)' })
@Index({ properties: ['latitude', 'longitude'] })
// Near search within a ROME domaine (NearSearch migration), an expression index: declared so that migration:create keeps it.
@Index({ name: 'immersion_offer_domaine_latitude_longitude_index', expression: 'create index "immersion_offer_domaine_latitude_longitude_index" on "immersion_offer" (left("metier_code", 3), "latitude", "longitude")' })
@Index({ properties: ['status', 'availableFrom'] })
export class ImmersionOffer extends Located<'appellation' | 'description' | 'minimumAge' | 'status' | 'publishedAt' | 'createdAt' | 'updatedAt'> {

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Company)
  company!: Company;

  @Index()
  @ManyToOne(() => Metier)
  metier!: Metier;

  @Index()
  @ManyToOne(() => Appellation, { nullable: true })
  appellation?: Appellation | null;

  @Index()
  @Enum({ items: () => ImmersionObjective })
  objective!: ImmersionObjective;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** First day the company can host (availability window). */
  @Property({ type: 'date' })
  availableFrom!: string;

  /** Last day the company can host. */
  @Property({ type: 'date' })
  availableUntil!: string;

  /** Longest immersion proposed, in days of presence (≤ 30). */
  @Property({ type: 'smallint' })
  maxPresenceDays!: number;

  /** How many people the company can host over the window. */
  @Property({ type: 'integer' })
  positions!: number;

  /** Minimum age of the person hosted on the first day (16 unless said otherwise; 14 for school discovery), checked at referral. */
  @Property({ type: 'smallint', default: 16 })
  minimumAge: number = 16;

  @Enum({ items: () => OfferStatus, default: OfferStatus.DRAFT })
  status: OfferStatus = OfferStatus.DRAFT;

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  /** The programme the offer counts in (an immersion programme of the company's club), if any. */
  @Index()
  @ManyToOne(() => Programme, { nullable: true })
  programme?: Programme | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
