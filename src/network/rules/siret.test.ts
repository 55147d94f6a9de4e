import { isValidSiret } from './siret';

describe('SIRET', () => {
  it('accepts 14 digits with a valid Luhn checksum', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('44306184100047')).toBe(true);
  });

  it('refuses a wrong checksum', () => {
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiret('44306184100048')).toBe(false);
  });

  it('refuses anything but 14 digits', () => {
    for (const siret of ['', '7328293200007', '732829320000740', '7328293200007A', '732 829 320 00074', '-7328293200007']) {
      expect(isValidSiret(siret)).toBe(false);
    }
  });

  it('checks La Poste’s establishments by their digit sum (a multiple of 5), not Luhn', () => {
    expect(isValidSiret('35600000049837')).toBe(true); // sum 45, fails Luhn
    expect(isValidSiret('35600000000010')).toBe(true); // sum 15, fails Luhn
    expect(isValidSiret('35600000000011')).toBe(false); // sum 16
  });
});
