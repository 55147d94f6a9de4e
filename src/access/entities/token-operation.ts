import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ApiToken } from './api-token';

/**
 * One operation an integration token may run (its safelist). A token with at least one such row runs only these
 * documents; a token without any runs anything the limits admit. Registered by operators with the CLI
 * (`npm run cli -- token-operations`), removed with its token.
 */
@Entity({ tableName: 'token_operation' })
@Unique({ name: 'token_operation_token_id_sha256_hash_unique', properties: ['token', 'sha256Hash'] })
export class TokenOperation {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  // The unique (token, hash) index starts with the token: it serves the lookup of a token's list too.
  @ManyToOne(() => ApiToken, { deleteRule: 'cascade' })
  token!: ApiToken;

  /** Hex SHA-256 of `document`: the hash an APQ client sends (`extensions.persistedQuery.sha256Hash`). */
  // Named explicitly: the naming strategy would make it `sha256hash`.
  @Property({ type: 'string', length: 64, fieldName: 'sha256_hash' })
  sha256Hash!: string;

  @Property({ type: 'text' })
  operationName!: string;

  /** The operation and the fragments it uses, printed by graphql-js (src/graphql/persisted-operations.ts). */
  @Property({ type: 'text' })
  document!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
