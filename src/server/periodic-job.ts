import type { Logger } from './logger';
import type { RelaisMetrics } from './metrics';

export interface PeriodicJob {
  /** Stops the timer and waits for a run under way. */
  stop(): Promise<void>;
}

/**
 * Runs `run` now and then every `intervalMs` (0: never), one run at a time: a run still going when the timer fires
 * is not doubled. A failed run is logged and retried at the next tick. The timer does not keep the process alive.
 * With `metrics`, each run is counted and timed under `name` (relais_job_* at /metrics).
 */
export function startPeriodicJob(name: string, intervalMs: number, logger: Logger, run: () => Promise<void>, metrics?: RelaisMetrics): PeriodicJob {
  if (intervalMs === 0) return { stop: async () => undefined };
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= (metrics ? metrics.timeJob(name, run) : run())
      .catch((error: unknown) => logger.error({ err: error, job: name }, `${name} failed`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
