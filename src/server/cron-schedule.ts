/**
 * The crontab schedule (graphile-worker's five UTC fields) of a job run every `intervalMs`, or null for 0 (never).
 * graphile-worker's cron ticks on whole minutes, so an interval must be a whole number of minutes dividing an hour,
 * a whole number of hours dividing a day, a day or a week: then the ticks are evenly spaced (`*\/7` minutes would
 * leave 4 minutes between :56 and :00). Anything else is a RangeError, which the configuration reports.
 */
export function cronScheduleOf(intervalMs: number): string | null {
  if (intervalMs === 0) return null;
  const minutes = intervalMs / 60_000;
  if (Number.isInteger(minutes) && minutes > 0) {
    if (minutes < 60 && 60 % minutes === 0) return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
    const hours = minutes / 60;
    if (Number.isInteger(hours)) {
      if (hours < 24 && 24 % hours === 0) return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
      if (hours === 24) return '0 0 * * *';
      if (hours === 7 * 24) return '0 0 * * 0';
    }
  }
  throw new RangeError('must be 0 (never) or a whole number of minutes dividing an hour (60000, 300000, 600000...), of hours dividing a day (3600000, 21600000...), a day (86400000) or a week (604800000)');
}
