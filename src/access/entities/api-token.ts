import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Account } from './account';

/** A bearer token of an account. Only its SHA-256 hash is stored; the secret is shown once, at creation. */
@Entity({ tableName: 'api_token' })
export class ApiToken {
  [OptionalProps]?: 'label' | 'createdAt' | 'expiresAt' | 'revokedAt' | 'lastUsedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  /** Hex SHA-256 of the whole token. */
  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  /** The first characters of the token, to recognise it in lists. */
  @Property({ type: 'string', length: 16 })
  prefix!: string;

  @Property({ type: 'text', nullable: true })
  label?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date | null;
}
