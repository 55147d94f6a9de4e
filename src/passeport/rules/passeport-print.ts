import { dayInFrance, type Passeport, type PasseportImmersionRow, type PasseportSessionRow } from './passeport';

/**
 * What the printed passeport says and how it is cut into pages: French labels and dates, the visits of each page,
 * and text made printable in the PDF's standard font. Plain values: the renderer (pdf/passeport-pdf.ts) only draws.
 */

/** Visits (sessions and immersions) per page: a few, so that each keeps room for its métiers. */
export const VISITS_PER_PAGE = 4;

export const SESSION_KIND_LABELS: Readonly<Record<string, string>> = {
  AMBASSADEURS_DES_METIERS: 'Ambassadeurs des métiers',
  COMPANY_VISIT: 'Visite d’entreprise',
  RALLYE: 'Rallye des métiers',
  JOB_DATING: 'Job dating',
  INFORMATION_MEETING: 'Réunion d’information',
  WORKSHOP: 'Atelier',
};

export const OBJECTIVE_LABELS: Readonly<Record<string, string>> = {
  DISCOVER_METIER: 'Découvrir un métier ou un secteur d’activité',
  CONFIRM_PROJECT: 'Confirmer un projet professionnel',
  START_RECRUITMENT: 'Initier une démarche de recrutement',
};

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** A calendar day (YYYY-MM-DD) as French people write it: "1er décembre 2026", "12 mars 2027". */
export function frenchDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return `${date === 1 ? '1er' : String(date)} ${MONTHS[month - 1]} ${year}`;
}

const hourInFrance = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A session's time in France: "12 mars 2027, 9 h 30 – 12 h 00". */
export function frenchSessionTime(startsAt: Date, endsAt: Date): string {
  const time = (at: Date) => hourInFrance.format(at).replace(':', ' h ').replace(/^0/, '');
  return `${frenchDate(dayInFrance(startsAt))}, ${time(startsAt)} – ${time(endsAt)}`;
}

/** How the passeport names its holder: the first name and the last name's initial ("Yacine B."). */
export function holderName(firstName: string | null, lastName: string | null): string {
  const first = firstName?.trim() ?? '';
  const initial = lastName?.trim().charAt(0).toUpperCase() ?? '';
  if (!first && !initial) return 'Participant·e';
  return initial ? `${first} ${initial}.`.trim() : first;
}

// The characters of WinAnsiEncoding beyond Latin-1 (0x80–0x9F), which the PDF's standard fonts draw.
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char);
}

/**
 * Text the standard fonts can draw (WinAnsiEncoding: French is all there, œ and ’ included). Anything else loses
 * its accent if that makes it drawable (ő becomes o), spaces become spaces, and the rest a "?" (ł, an emoji): the
 * line prints readable instead of garbled.
 */
export function printable(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (isWinAnsi(char)) out += char;
    else if (/\s/u.test(char)) out += ' ';
    else {
      const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
      out += [...bare].every(isWinAnsi) && bare.length > 0 ? bare : '?';
    }
  }
  return out;
}

/** One visit of the journey, as printed: a session attended or an immersion completed. */
export type Visit = { type: 'session'; on: string; session: PasseportSessionRow } | { type: 'immersion'; on: string; immersion: PasseportImmersionRow };

/** The visits in the order they happened. */
export function visitsOf(passeport: Passeport): Visit[] {
  return [
    ...passeport.sessions.map((session): Visit => ({ type: 'session', on: dayInFrance(session.startsAt), session })),
    ...passeport.immersions.map((immersion): Visit => ({ type: 'immersion', on: immersion.attendedOn ?? immersion.agreedOn ?? '', immersion })),
  ].sort((a, b) => a.on.localeCompare(b.on));
}

/** The visits cut into pages of VISITS_PER_PAGE; one empty page when there is none yet (the journey starts). */
export function visitPages(visits: readonly Visit[]): Visit[][] {
  if (visits.length === 0) return [[]];
  const pages: Visit[][] = [];
  for (let i = 0; i < visits.length; i += VISITS_PER_PAGE) pages.push(visits.slice(i, i + VISITS_PER_PAGE));
  return pages;
}
