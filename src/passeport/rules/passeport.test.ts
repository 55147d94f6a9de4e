import { PersonalDataAccess } from '../../access';
import { assemblePasseport, dayInFrance, MAX_PASSEPORT_SESSIONS, MAX_PASSEPORT_SESSION_METIERS, MAX_PASSEPORT_SHARED_NOTES, type PasseportImmersionRow, type PasseportSessionRow } from './passeport';
import { mayReadPasseport } from './passeport-access';

const F1701 = { code: 'F1701', label: 'Coffreur / Coffreuse' };
const F1703 = { code: 'F1703', label: 'Maçon / Maçonne' };

function session(id: number, startsAt: string, metiers = [F1701], hostCompanyId: number | null = 7): PasseportSessionRow {
  return {
    participantId: 1, sessionId: id, title: `Visite ${id}`, kind: 'COMPANY_VISIT', startsAt: new Date(startsAt), endsAt: new Date(Date.parse(startsAt) + 3_600_000),
    organiserId: 2, organiserName: 'CRÉPI', hostCompanyId, hostCompanyName: hostCompanyId === null ? null : `Entreprise ${hostCompanyId}`, hostStructureId: null, hostStructureName: null, communeCode: '93066', communeName: 'Saint-Denis', metiers,
  };
}

function immersion(id: number, attendedOn: string | null, companyId = 7, metier = F1703): PasseportImmersionRow {
  return {
    participantId: 1, immersionOfferId: id, title: `Immersion ${id}`, objective: 'DISCOVER_METIER', companyId, companyName: `Entreprise ${companyId}`,
    metier, appellationCode: null, appellationLabel: null, agreedOn: '2026-10-01', attendedOn,
  };
}

describe('assemblePasseport', () => {
  it('lists the journey oldest first, each métier and company once, in the order first met, counted over the whole journey', () => {
    const p = assemblePasseport(1, '2026-12-02', [session(2, '2026-11-20T08:00:00Z', [F1701, F1703]), session(1, '2026-11-10T08:00:00Z', [F1701], null)], [immersion(5, '2026-11-15', 8)]);
    expect(p.sessions.map((s) => s.sessionId)).toEqual([1, 2]);
    expect(p.metiers).toEqual([
      { ...F1701, sessionCount: 2, immersionCount: 0, firstMetOn: '2026-11-10' },
      { ...F1703, sessionCount: 1, immersionCount: 1, firstMetOn: '2026-11-15' },
    ]);
    expect(p.companies).toEqual([
      { companyId: 8, name: 'Entreprise 8', visits: 1, firstMetOn: '2026-11-15' },
      { companyId: 7, name: 'Entreprise 7', visits: 1, firstMetOn: '2026-11-20' },
    ]);
    expect([p.sessionCount, p.immersionCount, p.issuedOn]).toEqual([2, 1, '2026-12-02']);
  });

  it('meets a host structure (an MFR, an SIAE) as it meets a host company, apart from the companies', () => {
    const atMfr = (id: number, on: string) => ({ ...session(id, on, [F1701], null), hostStructureId: 40, hostStructureName: 'MFR de Vayres' });
    const p = assemblePasseport(1, '2026-12-02', [atMfr(3, '2026-11-25T08:00:00Z'), session(2, '2026-11-20T08:00:00Z'), atMfr(1, '2026-11-10T08:00:00Z')], []);
    expect(p.hostStructures).toEqual([{ structureId: 40, name: 'MFR de Vayres', visits: 2, firstMetOn: '2026-11-10' }]);
    expect(p.companies).toEqual([{ companyId: 7, name: 'Entreprise 7', visits: 1, firstMetOn: '2026-11-20' }]);
  });

  it('keeps the most recent sessions past its bound, and says how many there were', () => {
    const rows = Array.from({ length: MAX_PASSEPORT_SESSIONS + 3 }, (_, i) => session(i + 1, new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString()));
    const p = assemblePasseport(1, '2026-12-02', rows, []);
    expect(p.sessions).toHaveLength(MAX_PASSEPORT_SESSIONS);
    expect(p.sessions[0]!.sessionId).toBe(4);
    expect(p.sessionCount).toBe(MAX_PASSEPORT_SESSIONS + 3);
    expect(p.metiers[0]!.sessionCount).toBe(MAX_PASSEPORT_SESSIONS + 3);
  });

  it('lists the shared notes oldest first, the most recent ones past its bound', () => {
    const notes = Array.from({ length: MAX_PASSEPORT_SHARED_NOTES + 2 }, (_, i) => ({ heading: 'Débrief', on: dayInFrance(new Date(Date.UTC(2026, 0, 1) + (MAX_PASSEPORT_SHARED_NOTES + 1 - i) * 86_400_000)), about: `Visite ${i}`, lines: [] }));
    const p = assemblePasseport(1, '2026-12-02', [], [], notes);
    expect(p.sharedNotes).toHaveLength(MAX_PASSEPORT_SHARED_NOTES);
    // Given newest first: the two oldest (the last two given) are left out, and the list reads oldest first.
    expect(p.sharedNotes[0]!.about).toBe(`Visite ${MAX_PASSEPORT_SHARED_NOTES - 1}`);
    expect(p.sharedNotes.at(-1)!.about).toBe('Visite 0');
  });

  it('lists at most its bound of métiers per session', () => {
    const many = Array.from({ length: MAX_PASSEPORT_SESSION_METIERS + 2 }, (_, i) => ({ code: `F17${String(i).padStart(2, '0')}`, label: 'x' }));
    expect(assemblePasseport(1, '2026-12-02', [session(1, '2026-11-10T08:00:00Z', many)], []).sessions[0]!.metiers).toHaveLength(MAX_PASSEPORT_SESSION_METIERS);
  });

  it('counts the day of a session in France (an evening in UTC is the next day in Paris)', () => {
    expect(dayInFrance(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
  });
});

describe('mayReadPasseport', () => {
  it('lets in those who follow the participant only: not a host, not anyone else', () => {
    expect(mayReadPasseport(PersonalDataAccess.FULL)).toBe(true);
    expect([PersonalDataAccess.HOST, PersonalDataAccess.HOST_CONTACT, PersonalDataAccess.NONE].map(mayReadPasseport)).toEqual([false, false, false]);
  });
});
