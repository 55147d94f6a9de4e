import { isNetworkAdmin, type Viewer } from '../../access';

/** Who a REFERRAL_UPDATED event concerns (ids only, from the outbox). */
export interface ReferralEventData {
  participantId: number;
  prescriberStructureId: number;
  referentStructureId: number;
  organiserId: number | null;
  hostCompanyId: number | null;
  /** The session's host structure; absent from events written before structures hosted. */
  hostStructureId?: number | null;
  offerCompanyId: number | null;
  /** Set when the event is about a follow-up (due, overdue, recorded) rather than a status change. */
  followUp?: { milestone: string; status: string } | null;
  /** Set when what changed is not for the participant to read (an evaluation not yet shared with them). */
  hiddenFromParticipant?: boolean;
}

/**
 * A cheap first cut of who may see a referral event, from the ids in the event. The read rules
 * (src/referrals/queries/visibility.ts) still decide: the stream reads the referral through them before delivering it.
 * A follow-up event is the prescriber's work (README, "Who may see and do what"): it goes only to network admins and
 * the prescribing and referent structures, never to the host nor the participant. A change the participant may not
 * read (an evaluation not yet shared) is not offered to them at all.
 */
export function mayConcern(viewer: Viewer, data: ReferralEventData): boolean {
  if (isNetworkAdmin(viewer)) return true;
  if (data.followUp) return viewer.structureId !== null && viewer.companyId === null && [data.prescriberStructureId, data.referentStructureId].includes(viewer.structureId);
  if (viewer.participantId !== null && viewer.participantId === data.participantId) return data.hiddenFromParticipant !== true;
  if (viewer.structureId !== null && [data.prescriberStructureId, data.referentStructureId, data.organiserId, data.hostStructureId].includes(viewer.structureId)) return true;
  return viewer.companyId !== null && [data.hostCompanyId, data.offerCompanyId].includes(viewer.companyId);
}
