import { phoneE164 } from '../../src/common/phone';

/**
 * The demo's phone numbers, written as people write them, stored as the API stores them (E.164): a number the hub's
 * own rule refuses fails the seed, or the demo would show data the API itself rejects.
 */
export function checkedPhone(phone: string, owner: string): string {
  const e164 = phoneE164(phone);
  if (e164 === null) throw new Error(`demo phone number ${phone} of ${owner} is not a number the hub accepts`);
  return e164;
}
