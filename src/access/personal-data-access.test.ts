import type { ParticipantPersonalRow } from '../participants';
import { accessOfRelation, PersonalDataAccess, personalDataView } from './personal-data-access';

const { NONE, HOST, HOST_CONTACT, FULL } = PersonalDataAccess;

describe('personal-data access: what an organisation is to a participant', () => {
  it('reads in full as their referent or prescriber, whatever else it is', () => {
    expect(accessOfRelation({ full: true, host: false, accepted: false })).toBe(FULL);
    expect(accessOfRelation({ full: true, host: true, accepted: true })).toBe(FULL);
  });

  it('reads the contact as a host that accepted them', () => {
    expect(accessOfRelation({ full: false, host: true, accepted: true })).toBe(HOST_CONTACT);
  });

  it('reads the name only as a host that has not accepted them (yet)', () => {
    expect(accessOfRelation({ full: false, host: true, accepted: false })).toBe(HOST);
  });

  it('reads nothing otherwise', () => {
    expect(accessOfRelation({ full: false, host: false, accepted: false })).toBe(NONE);
  });
});

describe('personalDataView', () => {
  const data: ParticipantPersonalRow = {
    participantId: 1,
    firstName: 'Inès',
    lastName: ' martin',
    birthDate: '2001-02-03',
    email: 'ines@example.org',
    phone: '0600000000',
    address: '1 rue de la Paix',
    postalCode: '69001',
    communeCode: '69381',
    notes: 'suivi santé',
    rqth: true,
  };

  it('shows everything to FULL', () => {
    expect(personalDataView(data, FULL)).toEqual(data);
  });

  it('shows nothing to NONE', () => {
    expect(personalDataView(data, NONE)).toBeNull();
  });

  it('shows a host the first name and the initial, no contact before acceptance', () => {
    expect(personalDataView(data, HOST)).toEqual({
      participantId: 1,
      firstName: 'Inès',
      lastName: 'M.',
      birthDate: null,
      email: null,
      phone: null,
      address: null,
      postalCode: null,
      communeCode: null,
      notes: null,
      rqth: null,
    });
  });

  it('adds the email and phone once the host accepted, never the address, birth date, notes or RQTH', () => {
    const view = personalDataView(data, HOST_CONTACT)!;
    expect(view).toMatchObject({ firstName: 'Inès', lastName: 'M.', email: 'ines@example.org', phone: '0600000000' });
    expect([view.birthDate, view.address, view.postalCode, view.communeCode, view.notes, view.rqth]).toEqual([null, null, null, null, null, null]);
  });
});
