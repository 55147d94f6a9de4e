import type { EntityManager } from '@mikro-orm/postgresql';
import { DELIVER_TASK, DISPATCH_TASK } from '../use-cases/queue';

/** What the webhook queues hold now, for /metrics (src/server/metrics.ts). */
export interface WebhookQueueDepth {
  /** Deliveries not yet delivered nor given up, and the age in seconds of the oldest (0 when none). */
  pendingDeliveries: number;
  oldestPendingSeconds: number;
  /** graphile-worker jobs of the webhook tasks, by task and whether a worker holds them now (none before its schema). */
  jobs: { task: string; locked: boolean; count: number }[];
}

/** Two small statements: the pending deliveries by their partial index, the jobs table only when installed. */
export async function webhookQueueDepth(em: EntityManager): Promise<WebhookQueueDepth> {
  const connection = em.getConnection();
  const [pending] = await connection.execute<{ count: string; oldest: number | null }[]>(
    `select count(*) as count, extract(epoch from now() - min(created_at))::float8 as oldest from webhook_delivery where status = 'PENDING'`,
  );
  const [queue] = await connection.execute<{ installed: boolean }[]>(`select to_regclass('graphile_worker.jobs') is not null as installed`);
  const jobs = queue?.installed
    ? await connection.execute<{ task: string; locked: boolean; count: string }[]>(
        `select task_identifier as task, locked_at is not null as locked, count(*) as count from graphile_worker.jobs where task_identifier in (?, ?) group by 1, 2`,
        [DISPATCH_TASK, DELIVER_TASK],
      )
    : [];
  return {
    pendingDeliveries: Number(pending?.count ?? 0),
    oldestPendingSeconds: Math.max(0, pending?.oldest ?? 0),
    jobs: jobs.map((j) => ({ task: j.task, locked: j.locked, count: Number(j.count) })),
  };
}
