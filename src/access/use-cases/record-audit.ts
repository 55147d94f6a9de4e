import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from '../entities/audit-entry';
import type { Viewer } from '../rules/viewer';

/** Audited operations that are not mutations (a mutation is recorded under its GraphQL field name). */
export const AuditOperation = {
  /** A participant's personal data was part of an answer. */
  READ_PERSONAL_DATA: 'read:personalData',
  /** The retention job anonymised an inactive participant. */
  RETENTION_ERASE: 'retention:erase',
} as const;

/** What an entry is about: the participant concerned, if any, and the object the operation produced or named. */
export interface AuditSubject {
  participantId: number | null;
  target: { type: string; key: string } | null;
}

/** A participant as the subject of an entry (personal-data reads, erasures). */
export function participantSubject(participantId: number): AuditSubject {
  return { participantId, target: { type: 'Participant', key: String(participantId) } };
}

/**
 * Appends the entries of one operation by one actor (null: the system itself) about any number of subjects, in one
 * statement — inside `em`'s transaction when it has one, so that the entry commits or rolls back with the change.
 */
export async function recordAudit(
  em: EntityManager,
  actor: Viewer | null,
  operation: string,
  subjects: readonly AuditSubject[],
  errorCode: string | null = null,
): Promise<void> {
  if (subjects.length === 0) return;
  const who = {
    accountId: actor?.accountId ?? null,
    role: actor?.role ?? null,
    structureId: actor?.structureId ?? null,
    companyId: actor?.companyId ?? null,
  };
  await em.insertMany(
    AuditEntry,
    subjects.map((s) => ({ ...who, operation, errorCode, participantId: s.participantId, targetType: s.target?.type ?? null, targetKey: s.target?.key ?? null })),
  );
}
