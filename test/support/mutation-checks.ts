import { keyOf, sql } from './fixtures';
import type { TestServer } from './server';

/**
 * Row count and checksum of whole tables: equal before and after means that a refused mutation wrote nothing
 * (a failed transaction must leave no half-written change).
 */
export async function tableChecksums(t: TestServer, tables: readonly string[]): Promise<Record<string, string>> {
  const columns = tables.map((table) => `(select count(*) || ':' || md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from "${table}" x) as "${table}"`);
  const [row] = await sql<Record<string, string>>(t, `select ${columns.join(', ')}`);
  return row!;
}

export interface ViewerIds {
  accountId: number;
  structureId: number | null;
  companyId: number | null;
}

/** Who a token is, as numeric ids (tests get ids through the API, not from the seed). */
export async function viewerIds(t: TestServer, token: string): Promise<ViewerIds> {
  const { viewer } = await t.client(token).request<{ viewer: { id: string; structure: { id: string } | null; company: { id: string } | null } }>(
    '{ viewer { id structure { id } company { id } } }',
  );
  return {
    accountId: keyOf(viewer.id),
    structureId: viewer.structure ? keyOf(viewer.structure.id) : null,
    companyId: viewer.company ? keyOf(viewer.company.id) : null,
  };
}
