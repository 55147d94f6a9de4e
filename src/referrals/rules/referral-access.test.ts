import { AccountRole } from '../../access/rules/account-role';
import type { Viewer } from '../../access/rules/viewer';
import type { ReferralRow, ReferralTransitionRow } from './referral-row';
import { projectReferral, projectTransition, referralViewOf, ReferralView } from './referral-access';
import { ReferralStatus } from './referral-status';
import { CancellationReason } from './referral-transitions';
import { RefusalReason } from './refusal-reason';

const PRESCRIBER = 10;
const REFERENT = 11;
const PARTICIPANT = 100;

function viewer(role: AccountRole, ids: Partial<Pick<Viewer, 'structureId' | 'companyId' | 'participantId'>> = {}): Viewer {
  return { accountId: 1, tokenId: 1, email: 'a@example.org', displayName: 'A', role, structureId: null, companyId: null, participantId: null, ...ids };
}

function referral(over: Partial<ReferralRow> = {}): ReferralRow {
  return {
    id: 1,
    participantId: PARTICIPANT,
    referentStructureId: REFERENT,
    prescriberStructureId: PRESCRIBER,
    prescriberAccountId: 5,
    sessionId: 3,
    immersionOfferId: null,
    motive: 'wants to discover logistics; health details',
    status: ReferralStatus.PENDING,
    refusalReason: null,
    refusalDetail: null,
    refusalSharedWithParticipant: null,
    noShowParty: null,
    outcome: null,
    contractType: null,
    outcomeNote: null,
    cancellationReason: null,
    waitlistedAt: null,
    answeredAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...over,
  } as ReferralRow;
}

function line(fromStatus: ReferralStatus | null, toStatus: ReferralStatus, reason: string | null): ReferralTransitionRow {
  return { id: 1, referralId: 1, fromStatus, toStatus, actorId: 5, reason, at: '2026-01-02T00:00:00Z' } as ReferralTransitionRow;
}

const admin = viewer(AccountRole.NETWORK_ADMIN);
const prescriber = viewer(AccountRole.STRUCTURE_STAFF, { structureId: PRESCRIBER });
const referent = viewer(AccountRole.STRUCTURE_ADMIN, { structureId: REFERENT });
const participant = viewer(AccountRole.PARTICIPANT, { participantId: PARTICIPANT });
const host = viewer(AccountRole.COMPANY_STAFF, { companyId: 20 });
const otherStructure = viewer(AccountRole.STRUCTURE_STAFF, { structureId: 99 });
const prescriberIntegration = viewer(AccountRole.PARTNER_INTEGRATION, { structureId: PRESCRIBER });

describe('referralViewOf', () => {
  it('reads in full as network admin, prescribing structure or referent structure', () => {
    for (const v of [admin, prescriber, referent]) expect(referralViewOf(v, referral())).toBe(ReferralView.FULL);
  });

  it('reads as the participant about their own referral', () => {
    expect(referralViewOf(participant, referral())).toBe(ReferralView.PARTICIPANT);
    expect(referralViewOf(participant, referral({ participantId: PARTICIPANT + 1 }))).toBe(ReferralView.HOST);
  });

  it('reads as a host anyone else, a read-only integration of the prescriber included', () => {
    for (const v of [host, otherStructure, prescriberIntegration]) expect(referralViewOf(v, referral())).toBe(ReferralView.HOST);
  });
});

describe('projectReferral', () => {
  const refused = referral({ status: ReferralStatus.REFUSED, refusalReason: RefusalReason.NOT_ELIGIBLE, refusalDetail: 'too far', refusalSharedWithParticipant: false, outcomeNote: 'note' });

  it('keeps everything for the prescriber', () => {
    expect(projectReferral(prescriber, refused)).toEqual({ ...refused, view: ReferralView.FULL });
  });

  it('hides from the participant a refusal the host did not share, and only that', () => {
    const seen = projectReferral(participant, refused);
    expect([seen.refusalReason, seen.refusalDetail]).toEqual([null, null]);
    expect(seen.motive).toBe(refused.motive);
  });

  it('shows the participant a refusal the host shared', () => {
    const seen = projectReferral(participant, { ...refused, refusalSharedWithParticipant: true });
    expect([seen.refusalReason, seen.refusalDetail]).toEqual([RefusalReason.NOT_ELIGIBLE, 'too far']);
  });

  it('hides the prescriber’s free texts from the host, not the refusal it wrote itself', () => {
    const seen = projectReferral(host, refused);
    expect([seen.motive, seen.outcomeNote]).toEqual([null, null]);
    expect([seen.refusalReason, seen.refusalDetail]).toEqual([RefusalReason.NOT_ELIGIBLE, 'too far']);
  });
});

describe('projectTransition', () => {
  const of = (v: Viewer, row: ReferralRow) => projectReferral(v, row);

  it('hides the motive (creation line) and the outcome note (COMPLETED line) from the host, as free text for the others', () => {
    const created = line(null, ReferralStatus.PENDING, 'the motive');
    const completed = line(ReferralStatus.ATTENDED, ReferralStatus.COMPLETED, 'the outcome note');
    expect(projectTransition(of(host, referral()), created)).toMatchObject({ reason: null, freeText: false, participantId: PARTICIPANT });
    expect(projectTransition(of(host, referral()), completed)).toMatchObject({ reason: null, freeText: false });
    expect(projectTransition(of(prescriber, referral()), created)).toMatchObject({ reason: 'the motive', freeText: true });
    expect(projectTransition(of(participant, referral()), completed)).toMatchObject({ reason: 'the outcome note', freeText: true });
  });

  it('hides an unshared refusal line from the participant only', () => {
    const row = referral({ status: ReferralStatus.REFUSED, refusalReason: RefusalReason.OTHER, refusalDetail: 'why', refusalSharedWithParticipant: false });
    const refusedLine = line(ReferralStatus.PENDING, ReferralStatus.REFUSED, 'why');
    expect(projectTransition(of(participant, row), refusedLine)).toMatchObject({ reason: null, freeText: false });
    expect(projectTransition(of(host, row), refusedLine)).toMatchObject({ reason: 'why', freeText: true });
  });

  it('counts a refusal line holding only its code as no free text', () => {
    const row = referral({ status: ReferralStatus.REFUSED, refusalReason: RefusalReason.NOT_MOBILE, refusalSharedWithParticipant: true });
    expect(projectTransition(of(participant, row), line(ReferralStatus.PENDING, ReferralStatus.REFUSED, RefusalReason.NOT_MOBILE))).toMatchObject({
      reason: RefusalReason.NOT_MOBILE,
      freeText: false,
    });
  });

  it('shows the host a withdrawal as its code, without the note', () => {
    const row = referral({ status: ReferralStatus.CANCELLED, cancellationReason: CancellationReason.WITHDRAWN });
    const withdrawn = line(ReferralStatus.PENDING, ReferralStatus.CANCELLED, 'WITHDRAWN: moved to Lyon');
    expect(projectTransition(of(host, row), withdrawn)).toMatchObject({ reason: CancellationReason.WITHDRAWN, freeText: false });
    expect(projectTransition(of(prescriber, row), withdrawn)).toMatchObject({ reason: 'WITHDRAWN: moved to Lyon', freeText: true });
  });

  it('keeps the system’s own words for everyone', () => {
    const row = referral({ status: ReferralStatus.CANCELLED, cancellationReason: CancellationReason.EXPIRED });
    const expired = line(ReferralStatus.PENDING, ReferralStatus.CANCELLED, 'EXPIRED: no answer from the host in time');
    expect(projectTransition(of(host, row), expired)).toMatchObject({ reason: 'EXPIRED: no answer from the host in time', freeText: false });
  });
});
