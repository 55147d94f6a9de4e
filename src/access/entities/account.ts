import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { AccountRole } from '../rules/account-role';
import { Company, Structure } from '../../network';
import { Participant } from '../../participants';

/** A user or integration of the hub. It belongs to one structure, one company or one participant (admins: none). */
@Entity({ tableName: 'account' })
export class Account {
  [OptionalProps]?: 'structure' | 'company' | 'participant' | 'createdAt' | 'disabledAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'text', unique: true })
  email!: string;

  @Property({ type: 'text' })
  displayName!: string;

  @Enum({ items: () => AccountRole })
  role!: AccountRole;

  @Index()
  @ManyToOne(() => Structure, { nullable: true })
  structure?: Structure | null;

  @Index()
  @ManyToOne(() => Company, { nullable: true })
  company?: Company | null;

  @Index()
  @ManyToOne(() => Participant, { nullable: true })
  participant?: Participant | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  disabledAt?: Date | null;
}
