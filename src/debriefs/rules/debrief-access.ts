import { actsForOrganisation, type Viewer } from '../../access';
import { ReferralView } from '../../referrals';
import type { DebriefRow } from './debrief-row';

/**
 * Which debriefs of a referral the viewer reads, given how it reads the referral itself (its view, decided by the
 * referrals' read rule: only a viewer who sees the referral gets here; portals never do):
 * - FULL (network admins, the prescribing structure, the participant's referent structure): every debrief;
 * - PARTICIPANT: those its author marked as shared with them;
 * - HOST (any other party: the organiser, the host company or structure): only what its own structure or company wrote — a
 *   host never reads another host's debrief, nor the organiser's, and the organiser not the host's.
 * README, "Who may see and do what".
 */
export function isDebriefReadable(viewer: Viewer, referralView: ReferralView, debrief: DebriefRow): boolean {
  switch (referralView) {
    case ReferralView.FULL:
      return true;
    case ReferralView.PARTICIPANT:
      return isSharedWithParticipant(debrief);
    case ReferralView.HOST:
      if (!actsForOrganisation(viewer.role)) return false;
      return (
        (viewer.structureId !== null && viewer.structureId === debrief.authorStructureId) ||
        (viewer.companyId !== null && viewer.companyId === debrief.authorCompanyId)
      );
  }
}

/** What the participant reads of their debriefs, in the app and in their passeport: what its author shared with them. */
export function isSharedWithParticipant(debrief: Pick<DebriefRow, 'sharedWithParticipant'>): boolean {
  return debrief.sharedWithParticipant;
}
