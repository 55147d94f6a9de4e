import { z } from 'zod';
import { BadInputError } from './errors';
import { phoneE164 } from './phone';

export { z };

/**
 * Validates a mutation input with a zod schema; the first problem becomes a BAD_USER_INPUT naming the field as
 * the client wrote it (`input.capacity`).
 */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = ['input', ...issue.path].join('.');
  throw new BadInputError(field, issue.message.charAt(0).toLowerCase() + issue.message.slice(1));
}

/** Text a person typed: trimmed, not empty, bounded. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Optional text: trimmed, bounded, empty means absent. */
export const optionalText = (max: number) =>
  z.string().trim().max(max, `must be at most ${max} characters`).nullish().transform((v) => (v ? v : null));

/** A calendar day `YYYY-MM-DD` that exists. */
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'is not a calendar date');

/** An idempotency key: printable, at most 128 characters. */
export const idempotencyKey = z.string().min(1).max(128, 'must be at most 128 characters').regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces').nullish();

/**
 * A phone number, French (06 12 34 56 78) or international with its country code (+32 2 555 12 12), as the hub
 * stores and answers it: E.164 (+33612345678). Validated by libphonenumber-js (common/phone.ts).
 */
export const phoneNumber = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  .transform((v, ctx) => {
    const e164 = phoneE164(v);
    if (e164 === null) ctx.addIssue({ code: 'custom', message: 'must be a phone number: French (06 12 34 56 78) or international with its country code (+32 2 555 12 12)' });
    return e164 ?? v;
  });
