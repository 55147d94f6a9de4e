import { isValidSiret } from '../../src/network/rules/siret';

/**
 * Unique, valid-looking SIRETs: a SIREN of 8 digits plus its Luhn key, then a NIC of 4 digits plus the key that
 * makes the 14 digits Luhn-valid — checked with the hub's own rule (src/network/rules/siret.ts). The SIREN comes
 * from a bijection of the row number, so no two rows share one, whatever the seed.
 */

/** Multiplier coprime with 9·10^7 (neither 2, 3 nor 5 divides it): n → n·P mod 9·10^7 is a bijection. */
const P = 7919;
const SPAN = 90_000_000;

export function luhnKey(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = payload.charCodeAt(payload.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The `n`-th SIRET of a series (`series` keeps structures' and companies' SIRETs apart), NIC `establishment`. */
export function siretOf(n: number, series: number, seed: number, establishment: number): string {
  const offset = (seed * 104_729 + series * 45_000_000) % SPAN;
  let body = 10_000_000 + ((n * P + offset) % SPAN);
  // La Poste's SIREN (356 000 000) follows its own checksum rule: stay clear of it.
  if (String(body).startsWith('35600000')) body += SPAN / 2;
  const siren = `${body}${luhnKey(String(body))}`;
  const nic = String(establishment % 10_000).padStart(4, '0');
  const siret = `${siren}${nic}${luhnKey(`${siren}${nic}`)}`;
  if (!isValidSiret(siret)) throw new Error(`generated SIRET ${siret} fails the hub's check`);
  return siret;
}
