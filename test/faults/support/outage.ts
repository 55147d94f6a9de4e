import { TOKENS } from '../../support/graphql';
import { eventually } from '../../support/subscriptions';
import { cursorOf, deliveryProblems, follow, lastEventId, readyz, referralEventCursors, type InProcessHub } from './hub';
import { checkInvariants, prepareLoad, retryable, runLoad, type LoadLog } from './load';

/** How long the database stays away at least: the scenario's length (a restart, a failover), not a wait for a result. */
const OUTAGE_MS = 4000;

/**
 * The database goes away (`down`) under a write load of referrals and acceptances, then comes back (`up`), while
 * five subscribers follow every referral event. Checks, in this order: /readyz 503 and clean 503 answers during the
 * outage; ready again without a restart; the load completes; no unclean answer; the data invariants (checkInvariants);
 * the relay listening again; every subscriber with every event once, in order.
 */
export async function outageUnderLoad(hub: InProcessHub, databaseUrl: () => string, down: () => Promise<void>, up: () => Promise<void>): Promise<void> {
  const plan = await prepareLoad(databaseUrl(), { sessions: 4, capacity: 8, participants: 60 });
  const start = await lastEventId(databaseUrl());
  // Admin followers see every referral event: each must receive exactly the outbox's, in order.
  const followers = Array.from({ length: 5 }, () => follow(TOKENS.admin, hub.url, cursorOf(start)));
  try {
    const log: LoadLog = { answers: [] };
    let done = 0;
    const load = runLoad(() => hub.url, plan, 6, log, (n) => (done = n));

    await eventually(() => done >= 5);
    await down();
    const outageStarted = Date.now();
    await eventually(async () => (await readyz(hub.base)).status === 503);
    // Requests in flight or arriving now fail, with a code a client can act on.
    await eventually(() => log.answers.some((a) => a.answer.codes.includes('SERVICE_UNAVAILABLE')));
    const unavailable = log.answers.find((a) => a.answer.codes.includes('SERVICE_UNAVAILABLE'))!.answer;
    expect(unavailable).toMatchObject({ status: 503, retryAfter: '1' });
    // Several reconnection attempts of the pool and the relay fail meanwhile.
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - outageStarted))));
    await up();

    // The same process, the same pool: ready again, and the load completes through it.
    await eventually(async () => (await readyz(hub.base)).status === 200, 30_000);
    await load;

    // Every answer was a success, a clean retryable failure, or (an acceptance retried after its answer was lost) INVALID_TRANSITION.
    const unclean = log.answers.filter(({ operation, answer }) => !answer.data && !retryable(answer) && !(operation === 'accept' && answer.codes.includes('INVALID_TRANSITION')));
    expect(unclean).toEqual([]);
    expect(log.answers.filter((a) => !a.answer.data).length).toBeGreaterThan(0);
    expect(await checkInvariants(databaseUrl(), plan)).toEqual([]);

    // The relay listens again, and every follower got every event once, in order, across its resubscriptions.
    await eventually(async () => (await readyz(hub.base)).body?.events === 'listening', 30_000);
    const expected = await referralEventCursors(databaseUrl(), start);
    expect(expected).toHaveLength(plan.participants.length * 2);
    await eventually(() => followers.every((f) => f.cursors.length >= expected.length), 30_000).catch(() => undefined);
    expect(followers.flatMap((f) => deliveryProblems(f, expected))).toEqual([]);
  } finally {
    await Promise.all(followers.map((f) => f.stop()));
  }
}
