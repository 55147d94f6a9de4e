import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboxEventType } from '../src/events/entities/outbox-event';
import { emitEvent } from '../src/events/outbox';
import { inTransaction } from '../src/db/transaction';
import { sql } from './support/fixtures';
import { TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import type { TestDatabase } from './support/database';
import { eventually } from './support/subscriptions';

// One instance with webhook workers and a POST timeout of 60 s, far above the test's own timeout: stopping it may
// not wait for a receiver that never answers.
const WORKERS = {
  RELAIS_WEBHOOK_WORKERS: 'true',
  RELAIS_WEBHOOK_ALLOW_HTTP: 'true',
  RELAIS_WEBHOOK_ALLOW_PRIVATE: 'true',
  RELAIS_WEBHOOK_TIMEOUT_MS: '60000',
  RELAIS_WEBHOOK_POLL_MS: '100',
  RELAIS_WEBHOOK_SECRET_KEY: 'test-key-sealing-webhook-secrets-0123456789',
};

/** A receiver that holds the first POST unanswered (until it closes), and answers 200 to the next ones. */
function startReceiver(): Promise<{ url: string; ids: string[]; stop(): Promise<void> }> {
  const ids: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      ids.push(String(req.headers['webhook-id']));
      if (ids.length > 1) res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        ids,
        stop: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
      }),
    ),
  );
}

let first: TestServer | null = null;
let second: TestServer | null = null;
let db: TestDatabase | null = null;

afterAll(async () => {
  await second?.stop();
  await db?.drop();
});

it('an instance stopping during a POST cuts it short: the attempt stays made, recorded as cut, not counted against the receiver; the next instance sends the next attempt', async () => {
  const receiver = await startReceiver();
  first = await startTestServer(WORKERS);
  const { createWebhookEndpoint } = await first.client(TOKENS.admin).request<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
    'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }',
    { input: { url: receiver.url, events: ['IMMERSION_OFFER_PUBLISHED'] } },
  );
  const endpointId = Number(createWebhookEndpoint.endpoint.id);
  const [offer] = await sql<{ id: number }>(first, `select id from immersion_offer where status = 'PUBLISHED' order by id limit 1`);
  await inTransaction(first.orm.em, (tx) => emitEvent(tx, OutboxEventType.IMMERSION_OFFER_PUBLISHED, offer!.id, {}));
  await eventually(() => receiver.ids.length === 1, 20_000);

  // The POST hangs; stopping the instance must not wait for it (60 s: the test would time out first).
  db = first.db;
  await first.server.close();
  await first.orm.close();
  first = null;

  second = await startTestServer({ ...WORKERS, RELAIS_WEBHOOK_WORKERS: 'false' }, { db });
  const [given] = await sql<{ attempts: number; status: string; made: string; failing: boolean }>(
    second,
    `select d.attempts, d.status, (select count(*) from webhook_attempt a where a.delivery_id = d.id)::text as made, e.failing_since is not null as failing
       from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id where d.endpoint_id = ?`,
    [endpointId],
  );
  // No attempt number is given back, so none is ever sent twice (the receiver may have had the cut one).
  expect(given).toEqual({ attempts: 1, status: 'PENDING', made: '1', failing: false });
  expect(await sql(second, `select 1 from graphile_worker.jobs where key = ? and locked_by is null`, [`webhook-endpoint:${endpointId}`])).toHaveLength(1);

  // An instance with workers takes it up at once: the same message (webhook-id), acknowledged on attempt 2.
  await second.stop();
  second = await startTestServer(WORKERS, { db });
  await eventually(() => receiver.ids.length === 2, 20_000);
  expect(receiver.ids[1]).toBe(receiver.ids[0]);
  await eventually(async () => (await sql<{ status: string }>(second!, 'select status from webhook_delivery where endpoint_id = ?', [endpointId]))[0]?.status === 'SUCCEEDED', 20_000);
  expect(await sql(second, 'select a.attempt, a.succeeded, a.status_code as "statusCode", a.error from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id where d.endpoint_id = ? order by a.attempt', [endpointId])).toEqual([
    { attempt: 1, succeeded: false, statusCode: null, error: 'the sending instance shut down' },
    { attempt: 2, succeeded: true, statusCode: 200, error: null },
  ]);
  const [endpoint] = await sql<{ failing: boolean }>(second, 'select failing_since is not null as failing from webhook_endpoint where id = ?', [endpointId]);
  expect(endpoint).toEqual({ failing: false });
  await receiver.stop();
}, 90_000);
