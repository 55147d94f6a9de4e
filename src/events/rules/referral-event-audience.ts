import { isNetworkAdmin, type Viewer } from '../../access';

/** Who a REFERRAL_UPDATED event concerns (ids only, from the outbox). */
export interface ReferralEventData {
  participantId: number;
  prescriberStructureId: number;
  referentStructureId: number;
  organiserId: number | null;
  hostCompanyId: number | null;
  offerCompanyId: number | null;
  /** Set when what changed is not for the participant to read (an evaluation not yet shared with them). */
  hiddenFromParticipant?: boolean;
}

/**
 * A cheap first cut of who may see a referral event, from the ids in the event. The read rules
 * (src/referrals/queries/visibility.ts) still decide: the stream reads the referral through them before delivering it.
 */
export function mayConcern(viewer: Viewer, data: ReferralEventData): boolean {
  if (isNetworkAdmin(viewer)) return true;
  if (viewer.participantId !== null && viewer.participantId === data.participantId) return data.hiddenFromParticipant !== true;
  if (viewer.structureId !== null && [data.prescriberStructureId, data.referentStructureId, data.organiserId].includes(viewer.structureId)) return true;
  return viewer.companyId !== null && [data.hostCompanyId, data.offerCompanyId].includes(viewer.companyId);
}
