import { isValidSiret } from '../../src/network/rules/siret';

/**
 * Guards the fabricated SIRETs of the demo network: they look real (a Luhn-valid SIREN, then a NIC) and must pass
 * the hub's own check, or the demo would show data the API itself rejects.
 */
export function checkedSiret(siret: string, owner: string): string {
  if (!isValidSiret(siret)) throw new Error(`demo SIRET ${siret} of ${owner} fails the Luhn check`);
  return siret;
}
