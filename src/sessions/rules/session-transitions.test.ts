import { SessionStatus } from './session-status';
import { canMoveSession, isSessionEnded, NEXT_SESSION_STATUSES, sessionStatusesMovingTo, sessionStatusForSeats, sessionTakesReferrals } from './session-transitions';

const { DRAFT, PUBLISHED, FULL, HELD, COMPLETED, CANCELLED } = SessionStatus;
const ALL = Object.values(SessionStatus);

const ALLOWED = new Set([
  `${DRAFT}>${PUBLISHED}`, `${DRAFT}>${CANCELLED}`, `${PUBLISHED}>${HELD}`, `${PUBLISHED}>${CANCELLED}`, `${FULL}>${HELD}`, `${FULL}>${CANCELLED}`,
  `${HELD}>${COMPLETED}`,
]);

describe('the session state machine', () => {
  it('has a row for every status', () => {
    expect(Object.keys(NEXT_SESSION_STATUSES).sort()).toEqual([...ALL].sort());
  });

  it.each(ALL.flatMap((from) => ALL.map((to) => [from, to] as const)))('%s → %s is allowed only if listed', (from, to) => {
    expect(canMoveSession(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });

  it('publishes only a draft: a full or published session is not published again', () => {
    expect(canMoveSession(DRAFT, PUBLISHED)).toBe(true);
    expect(canMoveSession(FULL, PUBLISHED)).toBe(false);
    expect(canMoveSession(PUBLISHED, PUBLISHED)).toBe(false);
    expect(canMoveSession(CANCELLED, PUBLISHED)).toBe(false);
  });

  it('leaves PUBLISHED ⇄ FULL to the seat ledger', () => {
    expect(canMoveSession(PUBLISHED, FULL)).toBe(false);
    expect(canMoveSession(FULL, PUBLISHED)).toBe(false);
    expect(canMoveSession(DRAFT, FULL)).toBe(false);
  });

  it('cancels a draft, published or full session, never a completed or cancelled one', () => {
    expect(ALL.filter((s) => canMoveSession(s, CANCELLED)).sort()).toEqual([DRAFT, PUBLISHED, FULL].sort());
  });

  it('holds a published or full session past its end (not a draft), and completes only a held one', () => {
    expect(sessionStatusesMovingTo(HELD).sort()).toEqual([PUBLISHED, FULL].sort());
    expect(sessionStatusesMovingTo(COMPLETED)).toEqual([HELD]);
  });

  it('does not cancel a held session: it took place', () => {
    expect(canMoveSession(HELD, CANCELLED)).toBe(false);
  });

  it('is ended once completed or cancelled, and only then (a held session still waits for its attendance)', () => {
    expect(ALL.filter(isSessionEnded).sort()).toEqual([COMPLETED, CANCELLED].sort());
  });

  it('is FULL when published without a seat left, PUBLISHED again when one frees', () => {
    expect(sessionStatusForSeats(PUBLISHED, true)).toBe(PUBLISHED);
    expect(sessionStatusForSeats(PUBLISHED, false)).toBe(FULL);
    expect(sessionStatusForSeats(FULL, true)).toBe(PUBLISHED);
    expect(sessionStatusForSeats(FULL, false)).toBe(FULL);
  });

  it('does not let seats move a draft, completed or cancelled session', () => {
    for (const status of [DRAFT, HELD, COMPLETED, CANCELLED]) {
      expect(sessionStatusForSeats(status, true)).toBe(status);
      expect(sessionStatusForSeats(status, false)).toBe(status);
    }
  });

  it('takes referrals while published, seats left or not; not as a draft nor once ended', () => {
    expect(ALL.filter(sessionTakesReferrals).sort()).toEqual([PUBLISHED, FULL].sort());
  });
});
