import { Entity, OneToOne, OptionalProps, Property } from '@mikro-orm/core';
import type { Participant } from './participant';

/** A participant's personal data, kept apart so that access rules guard one place and erasure deletes one row. */
@Entity({ tableName: 'participant_personal_data' })
export class ParticipantPersonalData {
  [OptionalProps]?: 'birthDate' | 'email' | 'phone' | 'address' | 'postalCode' | 'communeCode' | 'notes' | 'rqth';

  @OneToOne({ entity: () => 'Participant', owner: true, primary: true, deleteRule: 'cascade' })
  participant!: Participant;

  @Property({ type: 'text' })
  firstName!: string;

  @Property({ type: 'text' })
  lastName!: string;

  @Property({ type: 'date', nullable: true })
  birthDate?: string | null;

  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  @Property({ type: 'text', nullable: true })
  address?: string | null;

  @Property({ type: 'string', length: 5, nullable: true })
  postalCode?: string | null;

  @Property({ type: 'string', length: 5, nullable: true })
  communeCode?: string | null;

  /** Counsellor's notes. */
  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  /** Reconnaissance de la qualité de travailleur handicapé: sensitive. */
  @Property({ type: 'boolean', default: false })
  rqth: boolean = false;
}
