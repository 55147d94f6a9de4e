import { parsePhoneNumberFromString as parseByLength } from 'libphonenumber-js/min';
import { parsePhoneNumberFromString as parseStrictly, type CountryCode, type NumberType } from 'libphonenumber-js/max';

/** What a person types for a phone number: digits, spaces, dots, dashes, parentheses, and one leading +. */
const PHONE_CHARACTERS = /^\+?[\d\s.()-]+$/;

/**
 * The overseas départements and collectivités numbered in the French plan (0 then 9 digits dialled within France)
 * but with country codes of their own: 0690 12 34 56 in Guadeloupe is +590 690 12 34 56. Guadeloupe before
 * Saint-Barthélemy and Saint-Martin, which share its ranges.
 */
const OVERSEAS: readonly CountryCode[] = ['GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF'];

/** Lines of a place: the overseas plans also list national special numbers (0800 ...), which stay French. */
const LINES: ReadonlySet<NumberType> = new Set<NumberType>(['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE']);

/**
 * A phone number in E.164 (+33612345678), or null when it is not one: French numbers as written in France
 * (06 12 34 56 78, overseas included), international ones with their country code (+32 2 555 12 12, 0032 ...).
 *
 * libphonenumber-js decides, with two of its metadata sets: the complete one (`max`, each country's allocated ranges)
 * tells which overseas region a national number belongs to — no metropolitan line starts like an overseas one — and
 * the smallest (`min`: each country's lengths and leading digits) accepts the rest. The allocated ranges are
 * not required: they lag behind new allocations, and the ranges ARCEP keeps for fiction (06 39 98 ..., which the
 * demo network uses) are not allocated. Letters (vanity numbers, "poste 12") are refused rather than guessed: the
 * hub keeps a number it can dial.
 */
export function phoneE164(input: string): string | null {
  const text = input.trim();
  if (!PHONE_CHARACTERS.test(text)) return null;
  // A number with its country code (+32 ..., 0032 ...) names its country.
  if (!text.startsWith('+') && !text.startsWith('00')) {
    for (const region of OVERSEAS) {
      const overseas = parseStrictly(text, { defaultCountry: region, extract: false });
      if (overseas?.isValid() && LINES.has(overseas.getType())) return overseas.number;
    }
  }
  const number = parseByLength(text, { defaultCountry: 'FR', extract: false });
  return number?.isValid() ? number.number : null;
}
