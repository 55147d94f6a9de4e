import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditOperation, PersonalDataAccess, recordAudit, type Viewer } from '../../access';
import { NotFoundError } from '../../common/errors';
import { personalDataAccess } from '../../referrals';
import { renderPasseportPdf } from '../pdf/passeport-pdf';
import { passeportHolder } from '../queries/passeport';
import { passeportsOf } from '../queries/passeports';
import { mayReadPasseport } from '../rules/passeport-access';
import { holderName } from '../rules/passeport-print';

/** What the audit log names a download of the PDF (a personal-data read: `read:personalData`). */
export const PASSEPORT_PDF_TARGET = 'PasseportPdf';

/**
 * The passeport of a participant as a PDF, for a viewer who may read it (rules/passeport-access.ts). A participant
 * the viewer may not read answers NOT_FOUND exactly as one that does not exist (no leak of who is in the network);
 * both are recorded in the audit log with their code, like a refused mutation, so that probes show in the
 * participant's history. A download is recorded as a personal-data read before the PDF goes out: if the entry cannot
 * be written, nothing is sent.
 */
export async function passeportPdf(em: EntityManager, viewer: Viewer, participantId: number, options: { networkName: string }): Promise<Buffer> {
  const subject = { participantId, target: { type: PASSEPORT_PDF_TARGET, key: String(participantId) } };
  const holder = await passeportHolder(em, participantId);
  const access = holder ? (await personalDataAccess(em, viewer, [participantId])).get(participantId) : undefined;
  if (!holder || !mayReadPasseport(access ?? PersonalDataAccess.NONE)) {
    await recordAudit(em, viewer, AuditOperation.READ_PERSONAL_DATA, [subject], 'NOT_FOUND');
    throw new NotFoundError('id', 'participant');
  }
  const passeport = (await passeportsOf(em, viewer, [participantId])).get(participantId)!;
  const pdf = await renderPasseportPdf({ passeport, holder: holderName(holder.firstName, holder.lastName), networkName: options.networkName, referentName: holder.referentName });
  await recordAudit(em, viewer, AuditOperation.READ_PERSONAL_DATA, [subject]);
  return pdf;
}
