import type { EntityManager } from '@mikro-orm/postgresql';
import { Appellation } from '../entities/appellation';
import { Metier } from '../entities/metier';
import { ROME_CODE_FORM } from '../../common/codes';
import { BadInputError } from '../../common/errors';
import { z } from '../../common/validate';

const ROME_CODE_FORMAT = 'a ROME code: a letter and four digits, e.g. F1701';

/** A ROME 4.0 fiche code as clients type it (`f1701` is read as `F1701`). */
export const romeCode = z.string().trim().toUpperCase().regex(ROME_CODE_FORM, `must be ${ROME_CODE_FORMAT}`);

/** A list of ROME fiche codes, `min` to `max` of them, repeats dropped; problems name the list, not an item. */
export const romeCodes = (min: number, max: number) =>
  z
    .array(z.string().trim().toUpperCase())
    .min(min, `must name at least ${min} ROME fiche${min > 1 ? 's' : ''}`)
    .max(max, `must name at most ${max} ROME fiches`)
    .superRefine((codes, ctx) => {
      const bad = codes.find((code) => !ROME_CODE_FORM.test(code));
      if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `contains "${bad}", which is not ${ROME_CODE_FORMAT}` });
    })
    .transform((codes) => [...new Set(codes)]);

/** The fiches of `codes`, in that order; the first code that is not a fiche of the loaded répertoire is named. */
export async function requireMetiers(tx: EntityManager, codes: readonly string[], field: string): Promise<Metier[]> {
  const found = new Map((await tx.find(Metier, { code: { $in: [...codes] } })).map((m) => [m.code, m]));
  return codes.map((code) => {
    const metier = found.get(code);
    if (!metier) throw new BadInputError(field, `names an unknown ROME fiche: ${code}`);
    return metier;
  });
}

/** An appellation (OGR code) that exists and belongs to the fiche `metierCode`. */
export async function requireAppellation(tx: EntityManager, code: number, metierCode: string, field: string): Promise<Appellation> {
  const appellation = await tx.findOne(Appellation, { code });
  if (!appellation) throw new BadInputError(field, `names an unknown ROME appellation: OGR ${code}`);
  if (appellation.metier.code !== metierCode) throw new BadInputError(field, `is an appellation of the fiche ${appellation.metier.code}, not of ${metierCode}`);
  return appellation;
}
