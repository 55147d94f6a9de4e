import { HostConfirmation } from './host-confirmation';
import { canMoveHosting, NEXT_HOST_CONFIRMATIONS } from './hosting-transitions';

const { NOT_REQUIRED, PENDING, CONFIRMED, DECLINED } = HostConfirmation;
const ALL = Object.values(HostConfirmation);
const ALLOWED = new Set([`${PENDING}>${CONFIRMED}`, `${PENDING}>${DECLINED}`, `${CONFIRMED}>${DECLINED}`, `${DECLINED}>${CONFIRMED}`]);

describe('the hosting state machine', () => {
  it('has a row for every answer', () => {
    expect(Object.keys(NEXT_HOST_CONFIRMATIONS).sort()).toEqual([...ALL].sort());
  });

  it.each(ALL.flatMap((from) => ALL.map((to) => [from, to] as const)))('%s → %s is allowed only if listed', (from, to) => {
    expect(canMoveHosting(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });

  it('has nothing to answer without a host company', () => {
    expect(ALL.filter((to) => canMoveHosting(NOT_REQUIRED, to))).toEqual([]);
    expect(ALL.filter((from) => canMoveHosting(from, NOT_REQUIRED))).toEqual([]);
  });

  it('never goes back to PENDING, nor answers twice the same', () => {
    for (const from of ALL) {
      expect(canMoveHosting(from, PENDING)).toBe(false);
      expect(canMoveHosting(from, from)).toBe(false);
    }
  });
});
