import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { AccountRole } from '../rules/account-role';

/**
 * One line of the audit log: who did or read what, when, about which participant. Append-only.
 *
 * The ids are plain columns, not foreign keys: the log must outlive and never constrain what it describes, and it
 * records refused requests too, whose ids may name nothing. Who is copied (role, structure, company) as it was at
 * the time, since an account may later change.
 */
@Entity({ tableName: 'audit_log' })
@Index({ properties: ['participantId', 'at'] })
@Index({ properties: ['accountId', 'at'] })
export class AuditEntry {
  [OptionalProps]?: 'at' | 'accountId' | 'role' | 'structureId' | 'companyId' | 'errorCode' | 'participantId' | 'targetType' | 'targetKey';

  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();

  /** Null for the system's own operations (the retention job). */
  @Property({ type: 'integer', nullable: true })
  accountId?: number | null;

  @Enum({ items: () => AccountRole, nullable: true })
  role?: AccountRole | null;

  @Property({ type: 'integer', nullable: true })
  structureId?: number | null;

  @Property({ type: 'integer', nullable: true })
  companyId?: number | null;

  /** The mutation's field name (`referParticipant`), or `read:personalData`, `retention:erase`. */
  @Property({ type: 'string', length: 64 })
  operation!: string;

  /** Null when the operation was done; the error code (`FORBIDDEN`...) when it was refused. */
  @Property({ type: 'string', length: 32, nullable: true })
  errorCode?: string | null;

  /** The participant concerned, when there is one. */
  @Property({ type: 'integer', nullable: true })
  participantId?: number | null;

  /** The object the operation produced or named: its GraphQL type (`Referral`) and key. */
  @Property({ type: 'string', length: 32, nullable: true })
  targetType?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  targetKey?: string | null;
}
