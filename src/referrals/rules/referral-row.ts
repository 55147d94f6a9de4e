import type { ContractType } from './contract-type';
import type { NoShowParty } from './no-show-party';
import type { ReferralOutcome } from './referral-outcome';
import type { ReferralStatus } from './referral-status';
import type { RefusalReason } from './refusal-reason';

/** An ISO timestamp as PostgreSQL returns it to the read queries. */
type Timestamp = string;

/**
 * A referral and a line of its log as the read queries return them: plain rows, which the read rules
 * (referral-access.ts) shape for each viewer. Declared here, beside those rules, so that they stay plain code.
 */
export interface ReferralRow {
  id: number;
  participantId: number;
  /** The participant's referent structure: it reads the referral in full (referral-access.ts). */
  referentStructureId: number;
  prescriberStructureId: number;
  prescriberAccountId: number | null;
  sessionId: number | null;
  immersionOfferId: number | null;
  /** Null once erased. */
  motive: string | null;
  status: ReferralStatus;
  refusalReason: RefusalReason | null;
  refusalDetail: string | null;
  refusalSharedWithParticipant: boolean | null;
  noShowParty: NoShowParty | null;
  outcome: ReferralOutcome | null;
  contractType: ContractType | null;
  outcomeNote: string | null;
  cancellationReason: string | null;
  waitlistedAt: Timestamp | null;
  answeredAt: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface ReferralTransitionRow {
  id: number;
  referralId: number;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  actorId: number | null;
  reason: string | null;
  at: Timestamp;
}
