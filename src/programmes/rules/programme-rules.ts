import { daysBetween } from '../../common/local-date';

/** A programme runs for a few years at most (funders' conventions are yearly or multi-year). */
export const MAX_PROGRAMME_YEARS = 5;
/** Largest target: far above any local network's year, far below the 32-bit column. */
export const MAX_PROGRAMME_TARGET = 100_000;

/**
 * What a programme aims at, counted as the indicators will count what happened (people once per measure):
 * participants reached, sessions held, immersions completed, durable outcomes (a CDI, a CDD or interim of 6 months
 * or more, a business created). Null: no target on that measure.
 */
export interface ProgrammeTargets {
  participants: number | null;
  sessions: number | null;
  immersionsCompleted: number | null;
  durableOutcomes: number | null;
}

export const TARGET_NAMES = ['participants', 'sessions', 'immersionsCompleted', 'durableOutcomes'] as const satisfies readonly (keyof ProgrammeTargets)[];

/** Why a period is not one (null when it is): `endsOn` on or after `startsOn`, at most MAX_PROGRAMME_YEARS long. */
export function programmePeriodProblem(startsOn: string, endsOn: string): string | null {
  if (endsOn < startsOn) return 'must be on or after startsOn';
  if (daysBetween(startsOn, endsOn) > MAX_PROGRAMME_YEARS * 366) return `must be at most ${MAX_PROGRAMME_YEARS} years after startsOn`;
  return null;
}

/** What a session or an offer needs to join a programme, as plain values. */
export interface ProgrammeLink {
  /** The programme's structure. */
  structure: { id: number };
  startsOn: string;
  endsOn: string;
}

/**
 * Why a session cannot count in a programme (null when it can): a programme groups its own structure's sessions,
 * held within its period (the French day the session starts), so that what the indicators count is what the
 * programme did.
 */
export function sessionLinkProblem(programme: ProgrammeLink, organiserId: number, startDay: string): string | null {
  if (organiserId !== programme.structure.id) return 'is a programme of another structure: a programme groups the sessions its own structure organises';
  if (startDay < programme.startsOn || startDay > programme.endsOn) return `is a programme running from ${programme.startsOn} to ${programme.endsOn}: the session starts on ${startDay}`;
  return null;
}

/**
 * Why an immersion offer cannot count in a programme (null when it can): the offering company must be a member of
 * the programme's structure (its club), and the availability window must overlap the programme's period.
 */
export function offerLinkProblem(programme: ProgrammeLink, companyIsMember: boolean, availableFrom: string, availableUntil: string): string | null {
  if (!companyIsMember) return 'is a programme of a structure the company is not a member of';
  if (availableUntil < programme.startsOn || availableFrom > programme.endsOn) {
    return `is a programme running from ${programme.startsOn} to ${programme.endsOn}: the offer's availability window lies outside it`;
  }
  return null;
}
