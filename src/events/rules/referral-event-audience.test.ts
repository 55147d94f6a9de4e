import { AccountRole, type Viewer } from '../../access';
import { mayConcern, type ReferralEventData } from './referral-event-audience';

const data: ReferralEventData = { participantId: 7, prescriberStructureId: 1, referentStructureId: 2, organiserId: 3, hostCompanyId: 4, offerCompanyId: null };
const viewer = (v: Partial<Viewer>): Viewer => ({ accountId: 1, tokenId: 1, email: 'a@example.org', displayName: 'A', role: AccountRole.STRUCTURE_STAFF, structureId: null, companyId: null, participantId: null, ...v });

describe('mayConcern', () => {
  const prescriber = viewer({ structureId: 1 });
  const referent = viewer({ structureId: 2 });
  const organiser = viewer({ structureId: 3 });
  const host = viewer({ role: AccountRole.COMPANY_ADMIN, companyId: 4 });
  const participant = viewer({ role: AccountRole.PARTICIPANT, participantId: 7 });
  const admin = viewer({ role: AccountRole.NETWORK_ADMIN });

  it('lets a status change through to every party', () => {
    for (const v of [prescriber, referent, organiser, host, participant, admin]) expect(mayConcern(v, data)).toBe(true);
    expect(mayConcern(viewer({ structureId: 9 }), data)).toBe(false);
  });

  it('lets a follow-up event through to network admins and the prescribing and referent structures only', () => {
    const followUp = { ...data, followUp: { milestone: 'MONTH_3', status: 'DUE' } };
    expect([prescriber, referent, admin].map((v) => mayConcern(v, followUp))).toEqual([true, true, true]);
    expect([organiser, host, participant].map((v) => mayConcern(v, followUp))).toEqual([false, false, false]);
  });

  it('does not offer the participant a change it may not read (an evaluation not yet shared), and still offers it to the others', () => {
    const hidden = { ...data, hiddenFromParticipant: true };
    expect(mayConcern(participant, hidden)).toBe(false);
    expect([prescriber, referent, organiser, host, admin].map((v) => mayConcern(v, hidden))).toEqual([true, true, true, true, true]);
  });

  it('offers a company the events of referrals to its immersion offers', () => {
    const immersion: ReferralEventData = { ...data, organiserId: null, hostCompanyId: null, offerCompanyId: 20 };
    expect(mayConcern(viewer({ role: AccountRole.COMPANY_STAFF, companyId: 20 }), immersion)).toBe(true);
    expect(mayConcern(viewer({ role: AccountRole.COMPANY_STAFF, companyId: 21 }), immersion)).toBe(false);
  });

  it('offers a host structure (an MFR, an SIAE) the events of referrals to the sessions it hosts, not the follow-ups', () => {
    const hosted: ReferralEventData = { ...data, hostCompanyId: null, hostStructureId: 30 };
    const hostStructure = viewer({ role: AccountRole.STRUCTURE_ADMIN, structureId: 30 });
    expect(mayConcern(hostStructure, hosted)).toBe(true);
    expect(mayConcern(viewer({ role: AccountRole.STRUCTURE_ADMIN, structureId: 31 }), hosted)).toBe(false);
    expect(mayConcern(hostStructure, { ...hosted, followUp: { milestone: 'MONTH_3', status: 'DUE' } })).toBe(false);
    // An event written before structures hosted has no hostStructureId: the host company alone, as before.
    expect(mayConcern(hostStructure, data)).toBe(false);
  });
});
