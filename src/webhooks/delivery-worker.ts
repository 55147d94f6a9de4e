import type { TaskList } from 'graphile-worker';
import type { Logger } from '../common/logger';
import type { Orm } from '../db/orm';
import type { WebhookRenderer } from './graphql/render';
import type { WebhookSettings } from './settings';
import { dispatchNewEvents } from './use-cases/dispatch';
import { deliverForEndpoint, type Sender } from './use-cases/deliver';
import { DELIVER_TASK, DISPATCH_TASK, queueEndpoint, wakeDispatcherIfEndpoints } from './use-cases/queue';

/**
 * Webhook delivery on one instance, over graphile-worker (a durable job queue in PostgreSQL: jobs survive restarts,
 * each job is locked by one worker of one instance at a time, a worker that dies releases its jobs to the others):
 * - `webhooks:dispatch`, one serial queue: outbox events → deliveries (dispatch.ts); woken by this instance's event
 *   relay at each new event, and by a slow sweep;
 * - `webhooks:deliver`, one serial queue per endpoint: its deliveries in order, retries as jobs at their time
 *   (deliver.ts).
 * Its tasks run in the instance's runner (src/server/worker.ts), which starts and stops it, when
 * RELAIS_WEBHOOK_WORKERS says so; any number of instances may run it.
 */
export class WebhookWorker {
  private running = false;
  private sweep: NodeJS.Timeout | null = null;
  private waking: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  /** Aborted at stop: POSTs in flight end at once instead of holding the shutdown up to RELAIS_WEBHOOK_TIMEOUT_MS. */
  private readonly shutdown = new AbortController();

  constructor(
    private readonly orm: Orm,
    private readonly settings: WebhookSettings,
    private readonly render: WebhookRenderer,
    private readonly logger: Logger,
    private readonly send?: Sender,
  ) {}

  /** The dispatcher's and the deliveries' tasks, for the runner. */
  readonly tasks: TaskList = {
    [DISPATCH_TASK]: async () => {
      const made = await dispatchNewEvents(this.orm.em.fork(), this.render);
      if (made) this.logger.debug({ deliveries: made }, 'webhook deliveries made');
    },
    [DELIVER_TASK]: async (payload) => {
      const endpointId = Number((payload as { endpointId?: unknown }).endpointId);
      if (Number.isInteger(endpointId)) await deliverForEndpoint(this.orm.em.fork(), endpointId, this.settings, this.logger, this.send, () => this.stopping, this.shutdown.signal);
    },
  };

  /** Once the runner runs its tasks: the slow sweep, and a first wake-up for what came while no worker ran. */
  start(): void {
    this.running = true;
    this.sweep = setInterval(() => this.sweepOnce(), Math.max(this.settings.pollMs, 1000));
    this.sweep.unref();
    this.wake();
  }

  /** Asks for a dispatcher run (a new event); calls while one is being queued fold into one more. */
  wake(): void {
    if (!this.running) return;
    if (this.waking) {
      this.again = true;
      return;
    }
    this.waking = wakeDispatcherIfEndpoints(this.orm.em.fork())
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not queue the webhook dispatcher'))
      .finally(() => {
        this.waking = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /**
   * The slow path: events whose wake-up was lost, and endpoints with a due delivery but no job (queue installed after
   * they were made, or a re-enabled endpoint).
   */
  private sweepOnce(): void {
    this.wake();
    const em = this.orm.em.fork();
    // Jobs locked by an instance that died (killed, lost its host) for longer than a live job ever runs: released,
    // with that worker's queues, so that any instance goes on (the claimed attempt of the dead one counts as made).
    em.getConnection()
      .execute(
        `select graphile_worker.force_unlock_workers(array_agg(distinct locked_by)) from graphile_worker.jobs
         where locked_by is not null and locked_at < now() - ? * interval '1 millisecond' and task_identifier in (?, ?)
         having count(*) > 0`,
        [this.settings.staleLockMs, DISPATCH_TASK, DELIVER_TASK],
      )
      .catch((error: unknown) => this.logger.warn({ err: error }, 'webhook stale-lock sweep failed'));
    em.getConnection()
      .execute<{ endpointId: number }[]>(
        `select distinct d.endpoint_id as "endpointId" from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
         where d.status = 'PENDING' and d.next_attempt_at <= now() and e.disabled_at is null
           and not exists (select 1 from graphile_worker.jobs j where j.key = 'webhook-endpoint:' || d.endpoint_id)`,
      )
      .then(async (rows) => {
        for (const row of rows) await queueEndpoint(em, row.endpointId);
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'webhook sweep failed'));
  }

  /**
   * Before the runner stops: no more wake-ups nor sweeps, and the POSTs in flight cut short and their attempts recorded
   * as cut (deliver.ts), so the jobs in progress end at once, well within the shutdown timeout, and release their
   * endpoints; jobs not started stay queued for any instance.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.running = false;
    if (this.sweep) clearInterval(this.sweep);
    await this.waking;
    this.shutdown.abort();
  }
}
