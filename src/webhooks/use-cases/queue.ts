import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Jobs of the durable queue (graphile-worker), added with SQL in the caller's transaction: a job exists if and only
 * if the change that needs it committed. The queue's schema is installed when workers first start; before that
 * (no worker has ever run on this database) nothing is queued, and the workers' first sweep finds the work.
 */
export const DISPATCH_TASK = 'webhooks:dispatch';
export const DELIVER_TASK = 'webhooks:deliver';

/** Each endpoint's deliveries run one at a time, in order: one job key and one serial queue per endpoint. */
export const endpointQueue = (endpointId: number) => `webhook-endpoint:${endpointId}`;

let queueInstalled = false;

async function installed(em: EntityManager): Promise<boolean> {
  if (queueInstalled) return true;
  const [row] = await em.getConnection().execute<{ ok: boolean }[]>(`select to_regprocedure('graphile_worker.add_job(text,json,text,timestamptz,integer,text,integer,text[],text)') is not null as ok`, [], 'all', em.getTransactionContext());
  queueInstalled = row?.ok ?? false;
  return queueInstalled;
}

async function addJob(em: EntityManager, task: string, payload: Record<string, unknown>, queue: string, key: string, runAt: Date | null): Promise<void> {
  if (!(await installed(em))) return;
  await em.getConnection().execute(
    `select graphile_worker.add_job(?, ?::json, queue_name => ?, run_at => coalesce(?::timestamptz, now()), max_attempts => 1000, job_key => ?, job_key_mode => 'replace')`,
    [task, JSON.stringify(payload), queue, runAt?.toISOString() ?? null, key],
    'all',
    em.getTransactionContext(),
  );
}

/** Asks for a dispatcher run (new events, replays, re-enabled endpoints): one queued run at a time. */
export function wakeDispatcher(em: EntityManager): Promise<void> {
  return addJob(em, DISPATCH_TASK, {}, DISPATCH_TASK, DISPATCH_TASK, null);
}

/**
 * Asks for a dispatcher run after new events, when some endpoint exists: without one a run finds nothing to do, and
 * queueing it cost a committed write (and the worker's run) for every wake-up of every instance, that is, for nearly
 * every write of a hub without webhooks. An endpoint created while this reads is caught by the next event or the
 * worker's sweep, as a lost wake-up is.
 */
export async function wakeDispatcherIfEndpoints(em: EntityManager): Promise<void> {
  const [row] = await em.getConnection().execute<{ any: boolean }[]>('select exists (select from webhook_endpoint) as any', [], 'all');
  if (row?.any) await wakeDispatcher(em);
}

/** Asks for an endpoint's deliveries to be sent, now or at `runAt` (its next retry). */
export function queueEndpoint(em: EntityManager, endpointId: number, runAt: Date | null = null): Promise<void> {
  return addJob(em, DELIVER_TASK, { endpointId }, endpointQueue(endpointId), endpointQueue(endpointId), runAt);
}
