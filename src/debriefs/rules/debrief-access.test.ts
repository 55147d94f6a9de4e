import { AccountRole, type Viewer } from '../../access';
import { ReferralView } from '../../referrals';
import { isDebriefReadable } from './debrief-access';
import type { DebriefRow } from './debrief-row';
import { DebriefSide } from './debrief-side';

function viewer(role: AccountRole, ids: Partial<Pick<Viewer, 'structureId' | 'companyId' | 'participantId'>> = {}): Viewer {
  return { accountId: 1, tokenId: 1, email: 'a@example.org', displayName: 'A', role, structureId: null, companyId: null, participantId: null, ...ids };
}

const ORGANISER = 10;
const HOST = 20;
const row = (side: DebriefSide, sharedWithParticipant = false): DebriefRow => ({
  id: 1, referralId: 1, participantId: 7, side, authorStructureId: side === DebriefSide.ORGANISER ? ORGANISER : null,
  authorCompanyId: side === DebriefSide.HOST ? HOST : null, interests: [], wishes: [], comment: 'x', sharedWithParticipant,
  createdAt: '2026-12-01 10:00:00+00', updatedAt: '2026-12-01 10:00:00+00',
});
const organiserDebrief = row(DebriefSide.ORGANISER);
const hostDebrief = row(DebriefSide.HOST, true);

describe('isDebriefReadable', () => {
  it('lets whoever reads the referral in full (admins, prescriber, referent) read every debrief', () => {
    for (const d of [organiserDebrief, hostDebrief]) expect(isDebriefReadable(viewer(AccountRole.STRUCTURE_STAFF, { structureId: 99 }), ReferralView.FULL, d)).toBe(true);
  });

  it('lets the participant read only what was shared with them', () => {
    const me = viewer(AccountRole.PARTICIPANT, { participantId: 7 });
    expect(isDebriefReadable(me, ReferralView.PARTICIPANT, organiserDebrief)).toBe(false);
    expect(isDebriefReadable(me, ReferralView.PARTICIPANT, hostDebrief)).toBe(true);
  });

  it('lets the organiser and the host read only what their own structure or company wrote', () => {
    const organiser = viewer(AccountRole.STRUCTURE_STAFF, { structureId: ORGANISER });
    expect(isDebriefReadable(organiser, ReferralView.HOST, organiserDebrief)).toBe(true);
    expect(isDebriefReadable(organiser, ReferralView.HOST, hostDebrief)).toBe(false);
    const host = viewer(AccountRole.COMPANY_STAFF, { companyId: HOST });
    expect(isDebriefReadable(host, ReferralView.HOST, hostDebrief)).toBe(true);
    expect(isDebriefReadable(host, ReferralView.HOST, organiserDebrief)).toBe(false);
    expect(isDebriefReadable(viewer(AccountRole.COMPANY_ADMIN, { companyId: HOST + 1 }), ReferralView.HOST, hostDebrief)).toBe(false);
  });

  it('never lets a read-only integration read one, even of its own structure', () => {
    expect(isDebriefReadable(viewer(AccountRole.PARTNER_INTEGRATION, { structureId: ORGANISER }), ReferralView.HOST, organiserDebrief)).toBe(false);
  });
});
