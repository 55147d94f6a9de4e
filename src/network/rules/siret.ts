/** SIREN of La Poste, whose establishments' SIRETs do not pass the Luhn check (their digits sum to a multiple of 5). */
const LA_POSTE_SIREN = '356000000';

/** Whether `siret` is 14 digits with a valid checksum (Luhn; La Poste's own rule for La Poste). */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN)) {
    const sum = [...siret].reduce((acc, d) => acc + Number(d), 0);
    return sum % 5 === 0;
  }
  return luhn(siret);
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
