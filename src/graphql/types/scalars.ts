import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

/**
 * ISO 8601 date-time, always output in UTC (`2026-11-24T08:00:00.000Z`). Input as graphql-scalars' DateTime.
 * Read rows carry timestamps as PostgreSQL prints them (MikroORM keeps timestamptz as text): accept both.
 */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 / RFC 3339 with offset (output in UTC: 2026-11-24T08:00:00.000Z).',
  serialize(value: unknown): string {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: (value) => DateTimeResolver.parseValue(value),
  parseLiteral: (ast, variables) => DateTimeResolver.parseLiteral(ast, variables),
});

/** Calendar date, `YYYY-MM-DD` (no time zone). */
export const LocalDate = LocalDateResolver;
