import { Migration } from '@mikro-orm/migrations';
import { phoneE164 } from '../common/phone';

/** The columns holding phone numbers, by table, with the table's key. */
const PHONE_COLUMNS = [
  { table: 'participant_personal_data', key: 'participant_id' },
  { table: 'structure', key: 'id' },
] as const;

/** Rows per UPDATE: two bind parameters each, far below PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Phone numbers are stored in E.164 from now on (issue 15, common/phone.ts). The numbers already stored are rewritten
 * by the same rule as the API's, in the migration's transaction: plain SQL could strip the spaces and put +33 for the
 * leading 0, but it cannot tell 06 12 34 56 78 (+33) from 0690 12 34 56 (Guadeloupe, +590) without a copy of the
 * numbering plans, which is what libphonenumber-js keeps. A number the rule refuses (a short number such as 39 49, a
 * typo) is left as it was: the API answers it as stored, and the next update must give a valid one. Only rows not
 * already in E.164 are read. Down: nothing to undo (E.164 numbers are valid input).
 */
export class Migration20261203060110PhoneE164 extends Migration {
  override async up(): Promise<void> {
    for (const { table, key } of PHONE_COLUMNS) {
      const rows = await this.execute(`select "${key}" as id, phone from "${table}" where phone is not null and phone !~ '^[+][1-9][0-9]{6,14}$'`);
      const rewritten: [number, string][] = [];
      for (const row of rows as { id: number; phone: string }[]) {
        const e164 = phoneE164(row.phone);
        if (e164 !== null && e164 !== row.phone) rewritten.push([row.id, e164]);
      }
      for (let start = 0; start < rewritten.length; start += ROWS_PER_STATEMENT) {
        const batch = rewritten.slice(start, start + ROWS_PER_STATEMENT);
        this.addSql(
          this.getKnex().raw(
            `update "${table}" as t set phone = v.phone from (values ${batch.map(() => '(?::int, ?::text)').join(', ')}) as v (id, phone) where t."${key}" = v.id`,
            batch.flat(),
          ),
        );
      }
    }
  }

  override async down(): Promise<void> {
    // E.164 numbers are valid input: nothing to undo.
  }
}
