import { assemblePasseport, type PasseportSessionRow } from './passeport';
import { frenchDate, frenchSessionTime, holderName, printable, VISITS_PER_PAGE, visitPages, visitsOf } from './passeport-print';

describe('French labels', () => {
  it('writes days as French people do', () => {
    expect(frenchDate('2026-12-01')).toBe('1er décembre 2026');
    expect(frenchDate('2027-08-15')).toBe('15 août 2027');
    expect(frenchSessionTime(new Date('2027-03-12T08:30:00Z'), new Date('2027-03-12T11:00:00Z'))).toBe('12 mars 2027, 9 h 30 – 12 h 00');
  });

  it('names the holder by first name and initial', () => {
    expect(holderName('Élodie', 'œuvray')).toBe('Élodie Œ.');
    expect(holderName('Yacine', null)).toBe('Yacine');
    expect(holderName(null, null)).toBe('Participant·e');
  });
});

describe('printable', () => {
  it('keeps all of French, œ and the typographic apostrophe included', () => {
    const french = 'Cœur d’îlot : ÉÈÊËÀÂÇÎÏÔÙÛÜŸŒ éèêëàâçîïôùûüÿœ « guillemets » – — € …';
    expect(printable(french)).toBe(french);
  });

  it('drops an accent the font lacks, and replaces what it cannot draw', () => {
    expect(printable('Erdős')).toBe('Erdos');
    expect(printable('Łódź 🚧')).toBe('?ódz ?');
    expect(printable('tab\there')).toBe('tab here');
  });
});

describe('visitPages', () => {
  const session = (id: number): PasseportSessionRow => ({
    participantId: 1, sessionId: id, title: `S${id}`, kind: 'RALLYE', startsAt: new Date(Date.UTC(2026, 0, id)), endsAt: new Date(Date.UTC(2026, 0, id, 3)),
    organiserId: 1, organiserName: 'o', hostCompanyId: null, hostCompanyName: null, hostStructureId: null, hostStructureName: null, communeCode: null, communeName: null, metiers: [],
  });

  it('cuts the visits into pages of a few, in order', () => {
    const visits = visitsOf(assemblePasseport(1, '2026-12-02', Array.from({ length: 2 * VISITS_PER_PAGE + 1 }, (_, i) => session(i + 1)), []));
    const pages = visitPages(visits);
    expect(pages.map((p) => p.length)).toEqual([VISITS_PER_PAGE, VISITS_PER_PAGE, 1]);
    expect(pages.flat().map((v) => (v.type === 'session' ? v.session.sessionId : 0))).toEqual(Array.from({ length: 2 * VISITS_PER_PAGE + 1 }, (_, i) => i + 1));
  });

  it('has one empty page before the first visit', () => {
    expect(visitPages([])).toEqual([[]]);
  });
});
