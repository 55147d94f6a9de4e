import { AccountRole } from '../../access/rules/account-role';
import type { Viewer } from '../../access/rules/viewer';
import { mayConcern, type ReferralEventData } from './referral-event-audience';

function viewer(role: AccountRole, ids: Partial<Pick<Viewer, 'structureId' | 'companyId' | 'participantId'>> = {}): Viewer {
  return { accountId: 1, tokenId: 1, email: 'a@example.org', displayName: 'A', role, structureId: null, companyId: null, participantId: null, ...ids };
}

const EVENT: ReferralEventData = { participantId: 100, prescriberStructureId: 10, referentStructureId: 11, organiserId: null, hostCompanyId: null, offerCompanyId: 20 };

describe('mayConcern', () => {
  it('offers a referral event to its parties', () => {
    expect(mayConcern(viewer(AccountRole.PARTICIPANT, { participantId: 100 }), EVENT)).toBe(true);
    expect(mayConcern(viewer(AccountRole.STRUCTURE_STAFF, { structureId: 10 }), EVENT)).toBe(true);
    expect(mayConcern(viewer(AccountRole.COMPANY_STAFF, { companyId: 20 }), EVENT)).toBe(true);
    expect(mayConcern(viewer(AccountRole.COMPANY_STAFF, { companyId: 21 }), EVENT)).toBe(false);
  });

  it('does not offer the participant a change it may not read (an evaluation not yet shared), and still offers it to the others', () => {
    const hidden = { ...EVENT, hiddenFromParticipant: true };
    expect(mayConcern(viewer(AccountRole.PARTICIPANT, { participantId: 100 }), hidden)).toBe(false);
    expect(mayConcern(viewer(AccountRole.STRUCTURE_STAFF, { structureId: 11 }), hidden)).toBe(true);
    expect(mayConcern(viewer(AccountRole.COMPANY_ADMIN, { companyId: 20 }), hidden)).toBe(true);
    expect(mayConcern(viewer(AccountRole.NETWORK_ADMIN), hidden)).toBe(true);
  });
});
