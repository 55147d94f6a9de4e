export interface TokenOperationRow {
  sha256Hash: string;
  operationName: string;
  document: string;
  createdAt: Date | string;
}

/** Runs one statement with `$n` parameters and answers its rows (a `pg` Pool). */
export interface RowReader {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

const SELECT = `select sha256_hash as "sha256Hash", operation_name as "operationName", document, created_at as "createdAt"
  from token_operation where token_id = $1 order by operation_name, sha256_hash`;

/**
 * A token's safelist (empty: the token is not restricted), by operation name. One statement, on `reader`: the
 * server reads it on its side pool, outside the request's statements (test/sql-count.test.ts counts those).
 */
export async function tokenOperations(reader: RowReader, tokenId: number): Promise<TokenOperationRow[]> {
  return (await reader.query(SELECT, [tokenId])).rows as TokenOperationRow[];
}
