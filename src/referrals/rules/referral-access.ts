import { ReferralStatus } from './referral-status';
import { actsForOrganisation, isNetworkAdmin, type Viewer } from '../../access';
import { CancellationReason } from './referral-transitions';
import type { ReferralRow, ReferralTransitionRow } from './referral-row';

/**
 * What of a referral a viewer who may see it (queries/visibility.ts, restrictReferrals) may read. Every read path — the
 * `referrals` list, `node`/`nodes`, mutation payloads, `referralUpdated` — goes through the read functions of
 * read/referrals.ts, which apply this projection: the rule is here only.
 * - FULL: network admins, the prescribing structure and the participant's referent structure;
 * - PARTICIPANT: the participant, about their own referral: everything but a refusal the host did not share
 *   (`sharedWithParticipant: false`): its reason, detail and log line are hidden;
 * - HOST: the organiser, the host company or the offering company (and any other party): the prescriber's free
 *   texts — `motive`, `outcomeNote`, and the log lines that carry them or a withdrawal note — may hold health or
 *   social details the host needs not know (README, "Who may see and do what").
 */
export enum ReferralView {
  FULL = 'FULL',
  PARTICIPANT = 'PARTICIPANT',
  HOST = 'HOST',
}

/** A referral as a viewer may read it, with the view that shaped it (for its log lines, and the audit). */
export interface ProjectedReferral extends ReferralRow {
  view: ReferralView;
}

/** A log line as a viewer may read it; `freeText`: its reason is a person's free text (audited as personal data). */
export interface ProjectedTransition extends ReferralTransitionRow {
  participantId: number;
  freeText: boolean;
}

export function referralViewOf(viewer: Viewer, row: ReferralRow): ReferralView {
  if (isNetworkAdmin(viewer)) return ReferralView.FULL;
  if (actsForOrganisation(viewer.role) && viewer.structureId !== null && (viewer.structureId === row.prescriberStructureId || viewer.structureId === row.referentStructureId)) {
    return ReferralView.FULL;
  }
  if (viewer.participantId !== null && viewer.participantId === row.participantId) return ReferralView.PARTICIPANT;
  return ReferralView.HOST;
}

const refusalHidden = (view: ReferralView, row: ReferralRow) => view === ReferralView.PARTICIPANT && row.refusalSharedWithParticipant !== true;

export function projectReferral(viewer: Viewer, row: ReferralRow): ProjectedReferral {
  const view = referralViewOf(viewer, row);
  const projected: ProjectedReferral = { ...row, view };
  if (refusalHidden(view, row)) Object.assign(projected, { refusalReason: null, refusalDetail: null });
  if (view === ReferralView.HOST) Object.assign(projected, { motive: null, outcomeNote: null });
  return projected;
}

/**
 * What a log line's reason holds (commands/referrals.ts writes them): the creation carries the motive, COMPLETED
 * the outcome note, REFUSED the refusal detail (or its code), CANCELLED "CODE: note" (the note is the prescriber's
 * or the participant's when WITHDRAWN); the others hold codes or the system's words. Erasure
 * (commands/participants.ts, eraseReferralFreeTexts) keeps only the codes of the same lines.
 */
function reasonKind(line: ReferralTransitionRow, referral: ReferralRow): 'MOTIVE' | 'OUTCOME_NOTE' | 'REFUSAL' | 'WITHDRAWAL' | 'OTHER' {
  if (line.fromStatus === null) return 'MOTIVE';
  if (line.toStatus === ReferralStatus.COMPLETED) return 'OUTCOME_NOTE';
  if (line.toStatus === ReferralStatus.REFUSED) return 'REFUSAL';
  if (line.toStatus === ReferralStatus.CANCELLED && referral.cancellationReason === CancellationReason.WITHDRAWN) return 'WITHDRAWAL';
  return 'OTHER';
}

export function projectTransition(referral: ProjectedReferral, line: ReferralTransitionRow): ProjectedTransition {
  const kind = reasonKind(line, referral);
  let reason = line.reason;
  if (kind === 'REFUSAL' && refusalHidden(referral.view, referral)) reason = null;
  if (referral.view === ReferralView.HOST && (kind === 'MOTIVE' || kind === 'OUTCOME_NOTE')) reason = null;
  if (referral.view === ReferralView.HOST && kind === 'WITHDRAWAL' && reason !== null) reason = CancellationReason.WITHDRAWN;
  const freeText =
    reason !== null &&
    (kind === 'MOTIVE' || kind === 'OUTCOME_NOTE' || (kind === 'REFUSAL' && reason !== referral.refusalReason) || (kind === 'WITHDRAWAL' && reason !== CancellationReason.WITHDRAWN));
  return { ...line, reason, participantId: referral.participantId, freeText };
}

/**
 * Who reads a referral's follow-ups (3 and 6 months after completion): the FULL view and the participant, their
 * notes as the referral's free texts are (audited); the host nothing of them — what became of the person later is
 * not the host's business, whatever it hosted.
 */
export function readsFollowUps(view: ReferralView): boolean {
  return view !== ReferralView.HOST;
}
