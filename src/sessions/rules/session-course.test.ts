import { SessionStatus } from './session-status';
import { ATTENDANCE_WINDOW_DAYS, attendanceWindowClosesAt, isAttendanceWindowOpen, isUnderMinimum, UNDER_MINIMUM_NOTICE_HOURS } from './session-course';

const HOUR = 3_600_000;
const now = new Date('2027-05-03T08:00:00Z');
const inHours = (h: number) => new Date(now.getTime() + h * HOUR);

describe('a session under its minimum group size', () => {
  const base = { status: SessionStatus.PUBLISHED, minimumSize: 5, seatsTaken: 3, startsAt: inHours(24) };

  it('is flagged within 48 hours of its start', () => {
    expect(UNDER_MINIMUM_NOTICE_HOURS).toBe(48);
    expect(isUnderMinimum(base, now)).toBe(true);
    expect(isUnderMinimum({ ...base, startsAt: inHours(48) }, now)).toBe(true);
  });

  it('is not flagged earlier, once started, at its minimum, or without a minimum', () => {
    expect(isUnderMinimum({ ...base, startsAt: inHours(49) }, now)).toBe(false);
    expect(isUnderMinimum({ ...base, startsAt: inHours(-1) }, now)).toBe(false);
    expect(isUnderMinimum({ ...base, seatsTaken: 5 }, now)).toBe(false);
    expect(isUnderMinimum({ ...base, minimumSize: null }, now)).toBe(false);
  });

  it('concerns published sessions only, full ones included (a FULL session under its minimum has a small capacity)', () => {
    for (const status of Object.values(SessionStatus)) {
      expect(isUnderMinimum({ ...base, status }, now)).toBe(status === SessionStatus.PUBLISHED || status === SessionStatus.FULL);
    }
  });
});

describe('the attendance window', () => {
  it(`stays open ${ATTENDANCE_WINDOW_DAYS} days after the end`, () => {
    const endsAt = new Date('2027-05-03T12:00:00Z');
    expect(attendanceWindowClosesAt(endsAt).toISOString()).toBe('2027-05-17T12:00:00.000Z');
    expect(isAttendanceWindowOpen(endsAt, new Date('2027-05-17T11:59:59Z'))).toBe(true);
    expect(isAttendanceWindowOpen(endsAt, new Date('2027-05-17T12:00:00Z'))).toBe(false);
  });
});
