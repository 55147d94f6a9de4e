/** Validators for the codes of the field (docs/domain.md): keep them in one place. */

/** ROME 4.0 fiche code: a letter and four digits (`F1701`). */
export const ROME_CODE = /^[A-N]\d{4}$/;

/** ROME domaine professionnel: a letter and two digits (`F17`). */
export const ROME_DOMAINE_CODE = /^[A-N]\d{2}$/;

/**
 * What a client's ROME code (fiche, domaine, grand domaine) looks like, whatever its letter: `Z9999` is well formed
 * and answered as unknown (no fiche has it), like `F9999`, rather than as malformed.
 */
export const ROME_CODE_FORM = /^[A-Z]\d{4}$/;
export const ROME_DOMAINE_FORM = /^[A-Z]\d{2}$/;
export const ROME_GRAND_DOMAINE_FORM = /^[A-Z]$/;

/** INSEE commune code: five characters, Corsica's 2A/2B included (`33243`, `2A004`). */
export const INSEE_COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;

/** INSEE département code (`33`, `2A`, `974`). */
export const INSEE_DEPARTEMENT_CODE = /^(\d{2}|2[AB]|97\d)$/;

/** NAF rév. 2 code in its dotted form (`88.99B`). */
export const NAF_CODE = /^\d{2}\.\d{2}[A-Z]$/;

/** SIRENE writes APE codes without the dot (`8899B`); the hub stores the dotted form. */
export function normaliseNafCode(input: string): string {
  const compact = input.replace(/[\s.]/g, '').toUpperCase();
  return /^\d{4}[A-Z]$/.test(compact) ? `${compact.slice(0, 2)}.${compact.slice(2)}` : input.trim().toUpperCase();
}
