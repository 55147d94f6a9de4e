import { Check, Collection, Entity, Enum, Index, ManyToMany, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { HostConfirmation } from '../rules/host-confirmation';
import { SessionKind } from '../rules/session-kind';
import { SessionStatus } from '../rules/session-status';
import { Company, Structure } from '../../network';
import { Located } from '../../territories';
import { Metier } from '../../metiers';

/** Minimum age of a participant unless the session says otherwise (docs/domain.md, "Sessions"). */
export const DEFAULT_MINIMUM_AGE = 16;

/** A dated event with seats (visit, Ambassadeurs des métiers, rallye, job dating...), run by a structure. */
@Entity({ tableName: 'session' })
@Check({ name: 'session_capacity', expression: 'capacity >= 1' })
@Check({ name: 'session_seats', expression: 'seats_taken between 0 and capacity' })
@Check({ name: 'session_dates', expression: 'ends_at > starts_at' })
@Check({ name: 'session_host_confirmation', expression: "(host_company_id is null) = (host_confirmation = 'NOT_REQUIRED')" })
@Index({ properties: ['latitude', 'longitude'] })
@Index({ properties: ['departementCode', 'startsAt'] })
@Index({ properties: ['status', 'startsAt'] })
export class Session extends Located<'description' | 'seatsTaken' | 'minimumAge' | 'status' | 'hostConfirmation' | 'hostRespondedAt' | 'hostDeclineReason' | 'publishedAt' | 'createdAt' | 'updatedAt'> {

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @Enum({ items: () => SessionKind })
  kind!: SessionKind;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** The structure that runs the session (it answers referrals). */
  @Index()
  @ManyToOne(() => Structure)
  organiser!: Structure;

  /** The company whose doors open, if any. */
  @Index()
  @ManyToOne(() => Company, { nullable: true })
  hostCompany?: Company | null;

  /**
   * Whether the host company agreed (HostConfirmation): a session is published only once its host confirmed, and
   * only confirmed sessions count in the host's commitments. NOT_REQUIRED exactly when there is no host.
   */
  @Enum({ items: () => HostConfirmation, default: HostConfirmation.NOT_REQUIRED })
  hostConfirmation: HostConfirmation = HostConfirmation.NOT_REQUIRED;

  /** When the host company last confirmed or declined (null: nobody answered, or a standing agreement did). */
  @Property({ type: 'datetime', nullable: true })
  hostRespondedAt?: Date | null;

  /** Why the host company declined or withdrew, for the organiser. */
  @Property({ type: 'text', nullable: true })
  hostDeclineReason?: string | null;

  @ManyToMany({ entity: () => Metier, pivotTable: 'session_metier', joinColumn: 'session_id', inverseJoinColumn: 'metier_code' })
  metiers = new Collection<Metier>(this);

  @Index()
  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Property({ type: 'datetime' })
  endsAt!: Date;

  @Property({ type: 'integer' })
  capacity!: number;

  /** Accepted referrals holding a seat; kept by the referral service in the same transaction. */
  @Property({ type: 'integer', default: 0 })
  seatsTaken: number = 0;

  @Property({ type: 'smallint', default: DEFAULT_MINIMUM_AGE })
  minimumAge: number = DEFAULT_MINIMUM_AGE;

  @Enum({ items: () => SessionStatus, default: SessionStatus.DRAFT })
  status: SessionStatus = SessionStatus.DRAFT;

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
