import { Check, Collection, Entity, Enum, Index, ManyToMany, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { HostConfirmation } from '../rules/host-confirmation';
import { SessionKind } from '../rules/session-kind';
import { SessionStatus } from '../rules/session-status';
import { Company, Structure } from '../../network';
import { Account } from '../../access';
import { Located } from '../../territories';
import { Metier } from '../../metiers';
import { Programme } from '../../programmes';
import { SessionSeries } from './session-series';
import { MultiSiteEvent } from './multi-site-event';
import { MINIMUM_AGE } from '../../participants';

/** A dated event with seats (visit, Ambassadeurs des métiers, rallye, job dating...), run by a structure. */
@Entity({ tableName: 'session' })
@Check({ name: 'session_capacity', expression: 'capacity >= 1' })
@Check({ name: 'session_seats', expression: '(seats_taken >= 0) AND (seats_taken <= capacity)' })
@Check({ name: 'session_minimum_size', expression: '(minimum_size >= 1) AND (minimum_size <= capacity)' })
@Check({ name: 'session_minimum_age', expression: '(minimum_age >= 14) AND (minimum_age <= 99)' })
@Check({ name: 'session_dates', expression: 'ends_at > starts_at' })
@Check({ name: 'session_host_confirmation', expression: "((host_company_id IS NULL) AND (host_structure_id IS NULL)) = (host_confirmation = 'NOT_REQUIRED')" })
@Check({ name: 'session_one_host', expression: '(host_company_id IS NULL) OR (host_structure_id IS NULL)' })
@Check({ name: 'session_host_not_organiser', expression: '(host_structure_id IS NULL) OR (host_structure_id <> organiser_id)' })
@Index({ properties: ['latitude', 'longitude'] })
@Index({ properties: ['departementCode', 'startsAt'] })
@Index({ properties: ['status', 'startsAt'] })
export class Session extends Located<'description' | 'seatsTaken' | 'minimumAge' | 'minimumSize' | 'meetingPointLabel' | 'meetingPointAddress' | 'status' | 'hostConfirmation' | 'hostRespondedAt' | 'hostDeclineReason' | 'publishedAt' | 'createdAt' | 'updatedAt'> {

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

  /** The company whose doors open, if any (a session has at most one host: this or hostStructure). */
  @Index()
  @ManyToOne(() => Company, { nullable: true })
  hostCompany?: Company | null;

  /**
   * The structure whose doors open, if any, instead of a company: an MFR or an SIAE with a SIRET (network's
   * HOST_KINDS), never the organiser itself. Its staff act as a host company's do (README, "Hosting").
   */
  @Index()
  @ManyToOne(() => Structure, { nullable: true })
  hostStructure?: Structure | null;

  /**
   * Whether the host (company or structure) agreed (HostConfirmation): a session is published only once its host
   * confirmed, and only confirmed sessions count in a host company's commitments. NOT_REQUIRED exactly when there is
   * no host.
   */
  @Enum({ items: () => HostConfirmation, default: HostConfirmation.NOT_REQUIRED })
  hostConfirmation: HostConfirmation = HostConfirmation.NOT_REQUIRED;

  /** When the host last confirmed or declined (null: nobody answered, or a standing agreement did). */
  @Property({ type: 'datetime', nullable: true })
  hostRespondedAt?: Date | null;

  /** Why the host declined or withdrew, for the organiser. */
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

  /**
   * The smallest group worth holding (Ambassadeurs: 5, for 6 seats); `capacity` is the largest. Under it 48 h before
   * the start, the session is flagged to its organiser (rules/session-course.ts). Null: no minimum.
   */
  @Property({ type: 'integer', nullable: true })
  minimumSize?: number | null;

  /** Where the group meets when it is not the visited site (a café, the structure): a name, then an address. */
  @Property({ type: 'text', nullable: true })
  meetingPointLabel?: string | null;

  @Property({ type: 'text', nullable: true })
  meetingPointAddress?: string | null;

  /** Counsellors of structures who go along with the group (accounts of structures, checked when set). */
  @ManyToMany({ entity: () => Account, pivotTable: 'session_counsellor', joinColumn: 'session_id', inverseJoinColumn: 'account_id' })
  counsellors = new Collection<Account>(this);

  /** Accepted referrals holding a seat; kept by the referral service in the same transaction. */
  @Property({ type: 'integer', default: 0 })
  seatsTaken: number = 0;

  @Property({ type: 'smallint', default: MINIMUM_AGE })
  minimumAge: number = MINIMUM_AGE;

  @Enum({ items: () => SessionStatus, default: SessionStatus.DRAFT })
  status: SessionStatus = SessionStatus.DRAFT;

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  /** The programme the session counts in (its organiser's, within its period), if any. */
  @Index()
  @ManyToOne(() => Programme, { nullable: true })
  programme?: Programme | null;

  /** The series this session is an occurrence of (createSessionSeries), if any. */
  @Index()
  @ManyToOne(() => SessionSeries, { nullable: true })
  series?: SessionSeries | null;

  /** The multi-site event (rallye) this session is a workshop of (createMultiSiteEvent), if any. */
  @Index()
  @ManyToOne(() => MultiSiteEvent, { nullable: true })
  multiSiteEvent?: MultiSiteEvent | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
