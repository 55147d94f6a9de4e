import type { DebriefSide } from './debrief-side';
import type { DebriefWish } from './debrief-wish';
import type { MetierInterest } from './metier-interest';

/** A debrief as the read query returns it: plain values, which the read rule (debrief-access.ts) filters per viewer. */
export interface DebriefRow {
  id: number;
  referralId: number;
  /** The participant debriefed (the audit of `comment`, and of the mutation, names them). */
  participantId: number;
  side: DebriefSide;
  /** The organising structure (side ORGANISER) or the host company (side HOST) that wrote it. */
  authorStructureId: number | null;
  authorCompanyId: number | null;
  interests: { metierCode: string; interest: MetierInterest }[];
  wishes: DebriefWish[];
  /** Free text about the person (personal data); null when none was given, and after erasure. */
  comment: string | null;
  sharedWithParticipant: boolean;
  createdAt: string;
  updatedAt: string;
}
