import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { AccountRole } from '../rules/account-role';
import { isNetworkAdmin, type Viewer } from '../rules/viewer';
import { groupBy, listPage, rowsByKeys } from '../../db/list-query';
import type { Page, PageArgs } from '../../db/page';
import { sql, type Timestamp } from '../../db/sql';

export interface AccountRow {
  id: number;
  email: string;
  displayName: string;
  role: AccountRole;
  structureId: number | null;
  companyId: number | null;
  participantId: number | null;
  /** For a participant's account: the participant's referent structure, whose admins manage the account. */
  referentStructureId: number | null;
  disabledAt: Timestamp | null;
}

export interface ApiTokenRow {
  id: number;
  accountId: number;
  prefix: string;
  label: string | null;
  createdAt: Timestamp;
  expiresAt: Timestamp | null;
  revokedAt: Timestamp | null;
  lastUsedAt: Timestamp | null;
}

const COLUMNS = {
  id: 'a.id', email: 'a.email', displayName: 'a.display_name', role: 'a.role', structureId: 'a.structure_id',
  companyId: 'a.company_id', participantId: 'a.participant_id', disabledAt: 'a.disabled_at',
};
const REFERENT_STRUCTURE = '(select ap.referent_structure_id from participant ap where ap.id = a.participant_id) as "referentStructureId"';

function selectAccounts(em: EntityManager, q: Knex.QueryBuilder): Knex.QueryBuilder {
  return q.select(COLUMNS).select(sql(em).raw(REFERENT_STRUCTURE));
}

/**
 * Accounts a viewer may see, the ones it manages (commands/accounts.ts, managesAccount): network admins all;
 * structure admins their structure's and those of the participants it is the referent of; company admins their
 * company's; everyone else only itself.
 */
function restrictAccounts(q: Knex.QueryBuilder, viewer: Viewer): Knex.QueryBuilder {
  if (isNetworkAdmin(viewer)) return q;
  return q.where((w) => {
    w.where('a.id', viewer.accountId);
    if (viewer.role === AccountRole.STRUCTURE_ADMIN && viewer.structureId !== null) {
      const structureId = viewer.structureId;
      w.orWhere('a.structure_id', structureId).orWhereExists((e) => e.select(1).from('participant as vp').whereRaw('vp.id = a.participant_id').andWhere('vp.referent_structure_id', structureId));
    }
    if (viewer.role === AccountRole.COMPANY_ADMIN && viewer.companyId !== null) w.orWhere('a.company_id', viewer.companyId);
  });
}

export function listAccounts(em: EntityManager, viewer: Viewer, page: PageArgs): Promise<Page<AccountRow>> {
  return listPage(em, () => restrictAccounts(sql(em)('account as a'), viewer), (q) => selectAccounts(em, q), { direction: 'asc', keys: [{ sql: 'a.id', type: 'int', read: (r) => r.id }] }, page);
}

export function accountsByIds(em: EntityManager, viewer: Viewer, ids: readonly number[]): Promise<AccountRow[]> {
  return rowsByKeys(em, restrictAccounts(selectAccounts(em, sql(em)('account as a')), viewer), 'a.id', ids);
}

/** Tokens of each account (never their secrets, which are not stored), newest first. */
export async function tokensByAccounts(em: EntityManager, accountIds: readonly number[]): Promise<Map<number, ApiTokenRow[]>> {
  const found = await rowsByKeys<ApiTokenRow>(
    em,
    sql(em)('api_token as t')
      .select({ id: 't.id', accountId: 't.account_id', prefix: 't.prefix', label: 't.label', createdAt: 't.created_at', expiresAt: 't.expires_at', revokedAt: 't.revoked_at', lastUsedAt: 't.last_used_at' })
      .orderBy('t.id', 'desc'),
    't.account_id',
    accountIds,
  );
  return groupBy(found, (r) => r.accountId);
}
