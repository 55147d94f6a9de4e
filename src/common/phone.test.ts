import { phoneE164 } from './phone';
import { parseInput, phoneNumber, z } from './validate';

describe('phoneE164', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['06-12-34-56-78', '+33612345678'],
    ['  01 49 33 10 20 ', '+33149331020'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['+32 2 555 12 12', '+3225551212'],
    ['0032 2 555 12 12', '+3225551212'],
    ['+1 (202) 555-0143', '+12025550143'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
  ])('reads %s as %s', (input, e164) => {
    expect(phoneE164(input)).toBe(e164);
  });

  it('gives an overseas number dialled in France its own country code', () => {
    expect(phoneE164('0690 12 34 56')).toBe('+590690123456'); // Guadeloupe
    expect(phoneE164('0692 12 34 56')).toBe('+262692123456'); // La Réunion
    expect(phoneE164('0596 60 12 34')).toBe('+596596601234'); // Martinique
    expect(phoneE164('0269 61 12 34')).toBe('+262269611234'); // Mayotte
    // National special numbers stay French, though the overseas plans list them too.
    expect(phoneE164('08 00 12 34 56')).toBe('+33800123456');
  });

  it('keeps the ranges ARCEP reserves for fiction (the demo network uses them)', () => {
    expect(phoneE164('06 39 98 00 01')).toBe('+33639980001');
    expect(phoneE164('01 99 00 39 49')).toBe('+33199003949');
  });

  it.each([
    ['', 'empty'],
    ['06 12 34 56 7', 'a digit short'],
    ['06 12 34 56 789', 'a digit too many'],
    ['39 49', 'a short number, which has no E.164 form'],
    ['12 345', 'five digits'],
    ['+999 612 345 678', 'no country has +999'],
    ['+' + '1'.repeat(21), 'longer than E.164 allows'],
    ['06 12 AB 56 78', 'letters'],
    ['01 49 33 10 20 poste 12', 'an extension in words'],
    ['06 12 +34 56 78', 'a plus inside'],
    ['appelez le 06 12 34 56 78', 'a number inside a sentence'],
  ])('refuses %j (%s)', (input) => {
    expect(phoneE164(input)).toBeNull();
  });
});

describe('phoneNumber (the inputs’ schema)', () => {
  const schema = z.object({ phone: phoneNumber });
  it('hands the use cases E.164', () => {
    expect(parseInput(schema, { phone: '06 12 34 56 78' })).toEqual({ phone: '+33612345678' });
  });
  it('answers BAD_USER_INPUT naming the field', () => {
    let error: unknown;
    try {
      parseInput(schema, { phone: '06 12' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phone', message: expect.stringContaining('input.phone must be a phone number') });
  });
});
