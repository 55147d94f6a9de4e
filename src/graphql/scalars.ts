import { GraphQLError, GraphQLScalarType } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

/**
 * Instants a client may give: years 1 to 9999 in UTC. graphql-scalars takes year 0 (and a year-1 instant with a
 * positive offset is year 0 in UTC), which PostgreSQL has not: refused here, before any statement.
 */
function inRange(date: Date): Date {
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new GraphQLError(`DateTime must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, got year ${year}`);
  return date;
}

/** A timestamptz as PostgreSQL prints it in UTC: `2026-11-24 08:00:00+00`, or with up to 6 digits of a second. */
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/**
 * The ISO form of a timestamp PostgreSQL printed in UTC, by rewriting the text (milliseconds truncated, as Date does):
 * a page of sessions serialises one or more per row, and parsing each into a Date costs more than the rest of its
 * serialisation. Null for any other text (another offset, a year past 9999), which goes through Date.
 */
export function isoOfUtcTimestamp(text: string): string | null {
  const parts = UTC_TIMESTAMP.exec(text);
  if (!parts) return null;
  const milliseconds = parts[3] === undefined ? '000' : parts[3].length >= 3 ? parts[3].slice(0, 3) : parts[3].padEnd(3, '0');
  return `${parts[1]}T${parts[2]}.${milliseconds}Z`;
}

/**
 * ISO 8601 date-time, always output in UTC (`2026-11-24T08:00:00.000Z`). Input as graphql-scalars' DateTime.
 * Read rows carry timestamps as PostgreSQL prints them (MikroORM keeps timestamptz as text): accept both.
 */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 / RFC 3339 with offset (output in UTC: 2026-11-24T08:00:00.000Z).',
  serialize(value: unknown): string {
    if (typeof value === 'string') {
      const utc = isoOfUtcTimestamp(value);
      if (utc !== null) return utc;
    }
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: (value) => inRange(DateTimeResolver.parseValue(value)),
  parseLiteral: (ast, variables) => inRange(DateTimeResolver.parseLiteral(ast, variables)),
});

/** A calendar day of year 1 or later: PostgreSQL has no year 0 either. */
function dayInRange(day: string): string {
  if (day.startsWith('0000')) throw new GraphQLError(`LocalDate must be between 0001-01-01 and 9999-12-31, got ${day}`);
  return day;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether `value` is a day graphql-scalars' LocalDate serialises as it is: `YYYY-MM-DD`, a day of the proleptic
 * Gregorian calendar (year 0000 to 9999, as JavaScript's Date has it). The same answer as its check, which parses a
 * Date and prints it back for each value (a list of offers serialises two days each).
 */
export function isCalendarDay(value: string): boolean {
  const parts = DAY.exec(value);
  if (!parts) return false;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** Calendar date, `YYYY-MM-DD` (no time zone). */
export const LocalDate = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  // Days read from PostgreSQL's `date` columns: checked without a Date; anything else goes to graphql-scalars (its error).
  serialize: (value) => (typeof value === 'string' && isCalendarDay(value) ? value : LocalDateResolver.serialize(value)),
  parseValue: (value) => dayInRange(LocalDateResolver.parseValue(value) as string),
  parseLiteral: (ast, variables) => dayInRange(LocalDateResolver.parseLiteral(ast, variables) as string),
});
