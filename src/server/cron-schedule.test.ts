import { cronScheduleOf } from './cron-schedule';

describe('cronScheduleOf', () => {
  it('maps the intervals of the configuration to evenly spaced crontab schedules', () => {
    expect(cronScheduleOf(0)).toBeNull();
    expect(cronScheduleOf(60_000)).toBe('* * * * *');
    expect(cronScheduleOf(300_000)).toBe('*/5 * * * *');
    expect(cronScheduleOf(600_000)).toBe('*/10 * * * *');
    expect(cronScheduleOf(3_600_000)).toBe('0 * * * *');
    expect(cronScheduleOf(6 * 3_600_000)).toBe('0 */6 * * *');
    expect(cronScheduleOf(86_400_000)).toBe('0 0 * * *');
    expect(cronScheduleOf(7 * 86_400_000)).toBe('0 0 * * 0');
  });

  it('refuses what cron cannot tick evenly: below a minute, not whole minutes, not dividing the hour or the day', () => {
    for (const ms of [50, 30_000, 90_000, 7 * 60_000, 90 * 60_000, 5 * 3_600_000, 2 * 86_400_000, -60_000]) {
      expect(() => cronScheduleOf(ms)).toThrow(RangeError);
    }
  });
});
