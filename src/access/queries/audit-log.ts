import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountRole } from '../rules/account-role';
import { STRUCTURE_ROLES } from '../rules/roles';
import { BadInputError, ForbiddenError } from '../../common/errors';
import { isNetworkAdmin, type Viewer } from '../rules/viewer';
import { listPage } from '../../db/list-query';
import type { Ordering, Page, PageArgs } from '../../db/page';
import { sql, type Timestamp } from '../../db/sql';

export interface AuditEntryRow {
  /** bigint: PostgreSQL hands it over as text. */
  id: string;
  at: Timestamp;
  accountId: number | null;
  role: AccountRole | null;
  structureId: number | null;
  companyId: number | null;
  operation: string;
  errorCode: string | null;
  participantId: number | null;
  targetType: string | null;
  targetKey: string | null;
}

export interface AuditLogFilter {
  participantId?: number | null;
  accountId?: number | null;
  operation?: string | null;
  /** Entries at or after this instant. */
  from?: Date | null;
  /** Entries before this instant. */
  to?: Date | null;
}

const COLUMNS = {
  id: 'l.id', at: 'l.at', accountId: 'l.account_id', role: 'l.role', structureId: 'l.structure_id', companyId: 'l.company_id',
  operation: 'l.operation', errorCode: 'l.error_code', participantId: 'l.participant_id', targetType: 'l.target_type', targetKey: 'l.target_key',
};

/**
 * Who reads which entries: network admins all of them (null); the staff of a structure those about the participants
 * their structure follows now (the referent answers for the person's file, including who looked at it before);
 * anyone else nothing at all — FORBIDDEN rather than an empty page, since the question itself is out of their role.
 */
function readableStructureId(viewer: Viewer): number | null {
  if (isNetworkAdmin(viewer)) return null;
  if (!STRUCTURE_ROLES.has(viewer.role) || viewer.structureId === null) {
    throw new ForbiddenError('only network admins and the staff of a referent structure may read the audit log');
  }
  return viewer.structureId;
}

/** Audit entries the viewer may read, newest first. */
export async function listAuditLog(em: EntityManager, viewer: Viewer, filter: AuditLogFilter, page: PageArgs): Promise<Page<AuditEntryRow>> {
  const structureId = readableStructureId(viewer);
  if (filter.from && filter.to && filter.from >= filter.to) throw new BadInputError('filter.to', 'must be after filter.from');
  const filtered = () => {
    const q = sql(em)('audit_log as l');
    if (structureId !== null) q.whereIn('l.participant_id', sql(em)('participant').select('id').where('referent_structure_id', structureId));
    if (filter.participantId != null) q.where('l.participant_id', filter.participantId);
    if (filter.accountId != null) q.where('l.account_id', filter.accountId);
    if (filter.operation != null) q.where('l.operation', filter.operation);
    if (filter.from) q.where('l.at', '>=', filter.from);
    if (filter.to) q.where('l.at', '<', filter.to);
    return q;
  };
  // Several entries share an instant (one statement, one transaction): the id breaks the tie.
  const ordering: Ordering<AuditEntryRow> = { direction: 'desc', keys: [{ sql: 'l.at', type: 'timestamp', read: (r) => r.at }, { sql: 'l.id', type: 'bigint', read: (r) => r.id }] };
  return listPage(em, filtered, (q) => q.select(COLUMNS), ordering, page);
}
