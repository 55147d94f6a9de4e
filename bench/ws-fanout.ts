/**
 * W5 fan-out (bench/README.md, "W5 fan-out"): opens N graphql-ws subscribers with mixed filters on a running Relais,
 * makes sure every one is subscribed, publishes E pre-created draft offers and sessions (the publish mutation is the
 * only timed call), and measures publish-to-delivery latency over every matching subscriber, checking that each
 * got each matching event exactly once and nothing else. Then the same with more subscribers (1,000 then 5,000).
 *
 *   npm run bench:build && node dist/bench/ws-fanout.js --url ws://127.0.0.1:4300/graphql --pid <server pid>
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLHttp, httpUrlOf } from './fanout/http';
import type { BenchFilter } from './fanout/match';
import { parseOptions, type FanoutOptions } from './fanout/options';
import { feedFilters, makeSubscribers, makeTemplates, QUERIES, randomEvent, shuffled, subscriberMatches, warmUpEvents, type SubscriberSpec, type Template } from './fanout/plan';
import { WorkerPool } from './fanout/pool';
import { perSocketKB, probeMemory, type ProbedMemory } from './fanout/memory';
import { cpuSeconds, cpuSplit, machineTicks, rssMiB } from './fanout/proc';
import { Random } from './fanout/random';
import { distribution, type Distribution } from './fanout/stats';
import type { Collected } from './fanout/worker';
import { createDraft, discoverWorld, publishDraft, retireDraft, storeSubscriptions, type Draft, type EventSpec, type World } from './fanout/world';

const now = () => performance.timeOrigin + performance.now();
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const log = (line: string) => process.stderr.write(line + '\n');

interface Published {
  draft: Draft;
  sentAt: number;
  returnedAt: number;
  error: string | null;
}

interface StageResult {
  subscribers: number;
  connections: { opened: number; failed: number; firstFailures: string[] };
  warmUp: { rounds: number; events: number; ms: number };
  publish: { events: number; intervalMs: number; errors: number; mutationMs: Distribution; publishedPerSecond: number };
  /** Publish-to-delivery, over every (event, matching subscriber) pair. */
  latencyFromReturnMs: Distribution;
  latencyFromSendMs: Distribution;
  /** Per event: when its last matching subscriber got it, from the send of its publish. */
  lastDeliveryFromSendMs: Distribution;
  deliveries: { expected: number; delivered: number; missing: number; duplicates: number; unexpected: number; foreign: number; perEventMatching: Distribution };
  deliveriesPerSecond: number;
  serverCpuSeconds: number | null;
  /** The same, user and system (kernel) time. */
  serverCpuSplitSeconds: { user: number; system: number } | null;
  /** Server CPU per published event, ms. */
  serverCpuMsPerEvent: number | null;
  /** CPU of this load process (all its threads) over the same time. */
  benchCpuSeconds: number;
  /** Busy CPU time of the whole machine: server + bench + PostgreSQL + anything else running. */
  machineBusyCpuSeconds: number | null;
  /** Share of the machine's cores busy (1 = all). */
  machineBusy: number | null;
  measuredSeconds: number;
  clientEventLoopUtilisation: number[];
  ended: { count: number; first: string[] };
  rssMiBBefore: number | null;
  rssMiBAfter: number | null;
  /** With --memory-probe: the hub's memory after full GCs, the sockets subscribed and idle (before publishing). */
  memoryAfterGc: ProbedMemory | null;
  firstPublishError: string | null;
}

class Bench {
  private readonly admin: GraphQLHttp;
  private readonly random: Random;
  private pool: WorkerPool;
  private world!: World;
  private templates!: Template[];
  private subscribers!: SubscriberSpec[];
  private readonly feedStored = new Map<string, BenchFilter[]>();
  private readonly retired: Draft[] = [];
  private readonly ended = new Map<number, string>();
  private warmUpCount = 0;
  private memory0: ProbedMemory | null = null;

  constructor(private readonly o: FanoutOptions) {
    this.admin = new GraphQLHttp(httpUrlOf(o.url), o.adminToken);
    this.random = new Random(o.seed);
    this.pool = new WorkerPool(o.workers);
  }

  async setUp(): Promise<void> {
    const world = await discoverWorld(this.admin);
    this.world = { ...world, places: shuffled(world.places, this.random), metierCodes: shuffled(world.metierCodes, this.random) };
    log(`world: ${world.places.length} places in ${new Set(world.places.map((p) => p.departementCode)).size} départements, ${world.metierCodes.length} métiers, ${world.companyIds.length} companies`);
    this.templates = makeTemplates(this.world, this.random, this.o.templates);
    for (const token of this.o.feedTokens) {
      this.feedStored.set(token, await storeSubscriptionsOf(this.o.url, token, feedFilters(this.templates, this.random, this.o.storedPerFeedAccount)));
    }
    this.subscribers = makeSubscribers(Math.max(...this.o.stages), this.templates, this.o.tokens, this.o.feedTokens, this.random);
  }

  async draft(spec: EventSpec, label: string): Promise<Draft> {
    const d = await createDraft(this.admin, this.world, spec, this.random, label);
    this.retired.push(d);
    return d;
  }

  /** Drains receipts until none arrived for `quietMs` (warm-up deliveries are not measured). */
  private async quiesce(quietMs = 1000, maxMs = 60_000): Promise<void> {
    const start = Date.now();
    let quietSince = Date.now();
    while (Date.now() - start < maxMs) {
      await sleep(200);
      const got = this.note(await this.pool.collect());
      if (got > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= quietMs) return;
    }
  }

  /** Records ended subscriptions; returns how many receipts came. */
  private note(collected: Collected[]): number {
    for (const c of collected) for (const e of c.ended) if (!this.ended.has(e.index)) this.ended.set(e.index, e.reason);
    return collected.reduce((s, c) => s + c.receipts.index.length, 0);
  }

  /** Publishes warm-up offers and sessions until every open subscriber has received one. */
  private async warmUp(): Promise<{ rounds: number; events: number; ms: number }> {
    const start = now();
    let events = 0;
    for (let round = 1; round <= 8; round++) {
      const unwarmed = (await this.pool.unwarmed()).filter((i) => !this.ended.has(i));
      if (unwarmed.length === 0) return { rounds: round - 1, events, ms: now() - start };
      const groups = new Set(unwarmed.map((i) => this.subscribers[i]!.group));
      const specs = warmUpEvents(groups, this.subscribers.filter((s) => groups.has(s.group)), this.templates, this.feedStored);
      log(`  warm-up round ${round}: ${unwarmed.length} subscribers not yet reached, ${groups.size} filter groups, ${specs.length} events`);
      for (const spec of specs) {
        const d = await this.draft(spec, `warm-up ${++this.warmUpCount}`);
        await publishDraft(this.admin, d);
        events++;
      }
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        await sleep(250);
        this.note(await this.pool.collect());
        if ((await this.pool.unwarmed()).filter((i) => !this.ended.has(i)).length === 0) break;
      }
    }
    const left = (await this.pool.unwarmed()).filter((i) => !this.ended.has(i));
    if (left.length) throw new Error(`${left.length} subscribers never received a warm-up event (e.g. #${left.slice(0, 5).join(', #')})`);
    return { rounds: 8, events, ms: now() - start };
  }

  async stage(n: number, from: number, drafts: Draft[]): Promise<StageResult> {
    log(`\nstage: ${n} subscribers (opening ${n - from})`);
    const specs = this.subscribers.slice(from, n).map((s) => ({ index: s.index, token: s.token, query: QUERIES[s.kind], variables: s.filter ? { filter: s.filter } : {} }));
    const t0 = now();
    const opened = await this.pool.open(this.o.url, specs, this.o.connectConcurrency);
    log(`  opened ${opened.opened} sockets in ${Math.round(now() - t0)} ms${opened.failed.length ? `, ${opened.failed.length} failed: ${opened.failed.slice(0, 3).join(' | ')}` : ''}`);
    await sleep(500);
    const warm = await this.warmUp();
    await this.quiesce();
    const rssBefore = rssMiB(this.o.pid);
    log(`  all subscribed (warm-up: ${warm.events} events, ${Math.round(warm.ms)} ms); server RSS ${rssBefore?.toFixed(1) ?? '?'} MiB`);
    const memoryAfterGc = await this.probe();
    if (memoryAfterGc && this.memory0) {
      const per = perSocketKB(this.memory0, memoryAfterGc, n);
      log(`  after GC: RSS ${mib(memoryAfterGc.rss)} MiB, heap used ${mib(memoryAfterGc.heapUsed)} MiB; per idle socket ${per.rssKB} KB RSS, ${per.heapUsedKB} KB heap`);
    }
    if (this.o.pauseMs > 0) {
      log(`  pausing ${this.o.pauseMs} ms (--pause-ms: time to look at the server)`);
      await sleep(this.o.pauseMs);
    }

    const live = this.subscribers.slice(0, n).filter((s) => !this.ended.has(s.index));
    const expected = new Map<string, Set<number>>();
    for (const d of drafts) expected.set(d.event.key, new Set(live.filter((s) => subscriberMatches(s, d.event, this.feedStored)).map((s) => s.index)));

    const cpu0 = cpuSeconds(this.o.pid);
    const split0 = cpuSplit(this.o.pid);
    const m0 = machineTicks();
    const own0 = process.cpuUsage();
    const wall0 = now();
    await this.pool.collect(); // resets the client event-loop measure
    const published = await this.publishAll(drafts);
    const received: Collected[] = [];
    const expectedTotal = [...expected.values()].reduce((s, v) => s + v.size, 0);
    let got = 0;
    let lastGrowth = Date.now();
    const deadline = Date.now() + this.o.timeoutMs;
    while (got < expectedTotal && Date.now() < deadline && Date.now() - lastGrowth < 10_000) {
      await sleep(100);
      const c = await this.pool.collect();
      received.push(...c);
      const more = this.note(c);
      if (more > 0) lastGrowth = Date.now();
      got += more;
    }
    await sleep(300); // duplicates or strays right behind the last expected delivery
    const tail = await this.pool.collect();
    received.push(...tail);
    this.note(tail);
    const cpu1 = cpuSeconds(this.o.pid);
    const split1 = cpuSplit(this.o.pid);
    const m1 = machineTicks();
    const own = process.cpuUsage(own0);
    const wall = (now() - wall0) / 1000;
    const rssAfter = rssMiB(this.o.pid);
    const result = this.analyse(n, published, expected, received);
    return {
      ...result,
      connections: { opened: opened.opened, failed: opened.failed.length, firstFailures: opened.failed.slice(0, 5) },
      warmUp: warm,
      serverCpuSeconds: cpu0 !== null && cpu1 !== null ? Math.round((cpu1 - cpu0) * 100) / 100 : null,
      serverCpuSplitSeconds: split0 && split1 ? { user: Math.round((split1.user - split0.user) * 100) / 100, system: Math.round((split1.system - split0.system) * 100) / 100 } : null,
      serverCpuMsPerEvent: cpu0 !== null && cpu1 !== null ? Math.round(((cpu1 - cpu0) * 1000 * 10) / drafts.length) / 10 : null,
      benchCpuSeconds: Math.round((own.user + own.system) / 1e4) / 100,
      machineBusyCpuSeconds: m0 && m1 ? Math.round(m1.busy - m0.busy) / 100 : null,
      machineBusy: m0 && m1 ? Math.round(((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 1000) / 1000 : null,
      measuredSeconds: Math.round(wall * 10) / 10,
      clientEventLoopUtilisation: received.length ? mergeElu(received, this.pool.size) : [],
      ended: { count: this.ended.size, first: [...this.ended.entries()].slice(0, 5).map(([i, r]) => `#${i}: ${r}`) },
      rssMiBBefore: rssBefore,
      rssMiBAfter: rssAfter,
      memoryAfterGc,
    };
  }

  /** The hub's memory after GC (--memory-probe), or null. */
  private async probe(): Promise<ProbedMemory | null> {
    if (!this.o.memoryProbe || this.o.pid === null) return null;
    const m = await probeMemory(this.o.pid, this.o.memoryProbe);
    if (!m) log(`  the memory probe did not answer (${this.o.memoryProbe}): is the hub started with -r bench/fanout/memory-probe.cjs?`);
    return m;
  }

  private async publishAll(drafts: Draft[]): Promise<Published[]> {
    const start = now();
    const one = async (draft: Draft): Promise<Published> => {
      const sentAt = now();
      try {
        await publishDraft(this.admin, draft);
        return { draft, sentAt, returnedAt: now(), error: null };
      } catch (error) {
        return { draft, sentAt, returnedAt: now(), error: (error as Error).message };
      }
    };
    if (this.o.intervalMs === 0) {
      const out: Published[] = [];
      for (const d of drafts) out.push(await one(d));
      return out;
    }
    return Promise.all(
      drafts.map(async (d, i) => {
        const wait = start + i * this.o.intervalMs - now();
        if (wait > 0) await sleep(wait);
        return one(d);
      }),
    );
  }

  private analyse(n: number, published: Published[], expected: Map<string, Set<number>>, received: Collected[]) {
    const byKey = new Map(published.map((p) => [p.draft.event.key, p]));
    const fromReturn: number[] = [];
    const fromSend: number[] = [];
    const lastBySend = new Map<string, number>();
    const seen = new Map<string, Set<number>>();
    let duplicates = 0;
    let unexpected = 0;
    let foreign = 0;
    let lastAt = -Infinity;
    for (const c of received) {
      const r = c.receipts;
      for (let k = 0; k < r.index.length; k++) {
        const key = r.key[k]!;
        const p = byKey.get(key);
        if (!p) {
          foreign++; // warm-up stragglers, or someone else publishing on this database
          continue;
        }
        const index = r.index[k]!;
        const at = r.at[k]!;
        let got = seen.get(key);
        if (!got) seen.set(key, (got = new Set()));
        if (got.has(index)) {
          duplicates++;
          continue;
        }
        got.add(index);
        if (!expected.get(key)!.has(index)) {
          unexpected++;
          continue;
        }
        fromReturn.push(at - p.returnedAt);
        fromSend.push(at - p.sentAt);
        lastBySend.set(key, Math.max(lastBySend.get(key) ?? -Infinity, at - p.sentAt));
        lastAt = Math.max(lastAt, at);
      }
    }
    let expectedTotal = 0;
    let missing = 0;
    for (const [key, subs] of expected) {
      expectedTotal += subs.size;
      const got = seen.get(key) ?? new Set<number>();
      for (const s of subs) if (!got.has(s)) missing++;
    }
    const firstSent = Math.min(...published.map((p) => p.sentAt));
    const lastReturned = Math.max(...published.map((p) => p.returnedAt));
    return {
      subscribers: n,
      publish: {
        events: published.length,
        intervalMs: this.o.intervalMs,
        errors: published.filter((p) => p.error).length,
        mutationMs: distribution(published.map((p) => p.returnedAt - p.sentAt)),
        publishedPerSecond: Math.round((published.length / ((lastReturned - firstSent) / 1000)) * 10) / 10,
      },
      latencyFromReturnMs: distribution(fromReturn),
      latencyFromSendMs: distribution(fromSend),
      lastDeliveryFromSendMs: distribution([...lastBySend.values()]),
      deliveries: {
        expected: expectedTotal, delivered: fromSend.length, missing, duplicates, unexpected, foreign,
        perEventMatching: distribution([...expected.values()].map((s) => s.size)),
      },
      deliveriesPerSecond: fromSend.length ? Math.round(fromSend.length / ((lastAt - firstSent) / 1000)) : 0,
      firstPublishError: published.find((p) => p.error)?.error ?? null,
    };
  }

  async run(): Promise<Record<string, unknown>> {
    await this.setUp();
    const rss0 = rssMiB(this.o.pid);
    log(`server RSS with no subscriber: ${rss0?.toFixed(1) ?? '? (no --pid)'} MiB`);
    this.memory0 = await this.probe();
    if (this.memory0) log(`after GC: RSS ${mib(this.memory0.rss)} MiB, heap used ${mib(this.memory0.heapUsed)} MiB`);
    const stageDrafts: Draft[][] = [];
    for (const [s] of this.o.stages.entries()) {
      const drafts: Draft[] = [];
      for (let e = 0; e < this.o.events; e++) drafts.push(await this.draft(randomEvent(this.world, this.random), `stage ${s} event ${e}`));
      stageDrafts.push(drafts);
    }
    log(`created ${stageDrafts.flat().length} drafts to publish`);
    const stages: StageResult[] = [];
    let from = 0;
    try {
      for (const [s, n] of this.o.stages.entries()) {
        stages.push(await this.stage(n, from, stageDrafts[s]!));
        summarise(stages.at(-1)!);
        from = n;
      }
    } finally {
      await this.pool.close();
      if (!this.o.keep) for (const d of this.retired) await retireDraft(this.admin, d).catch(() => undefined);
    }
    const rss = { at0: rss0, ...Object.fromEntries(stages.map((s) => [`at${s.subscribers}`, s.rssMiBBefore])) };
    const last = stages.at(-1);
    const perThousand = rss0 !== null && last?.rssMiBBefore != null ? Math.round(((last.rssMiBBefore - rss0) / (last.subscribers / 1000)) * 10) / 10 : null;
    return {
      workload: 'W5 fan-out',
      at: new Date().toISOString(),
      url: this.o.url,
      serverPid: this.o.pid,
      options: { ...this.o, adminToken: undefined, tokens: this.o.tokens.length, feedTokens: this.o.feedTokens.length },
      world: { places: this.world.places.length, metiers: this.world.metierCodes.length, companies: this.world.companyIds.length, templates: this.templates.length },
      mix: countKinds(this.subscribers.slice(0, Math.max(...this.o.stages))),
      rssMiB: rss,
      rssMiBPerThousandConnections: perThousand,
      memoryAfterGc: this.memory0 ? { at0: this.memory0, perIdleSocket: Object.fromEntries(stages.filter((s) => s.memoryAfterGc).map((s) => [`at${s.subscribers}`, perSocketKB(this.memory0!, s.memoryAfterGc!, s.subscribers)])) } : null,
      stages,
    };
  }
}

function storeSubscriptionsOf(url: string, token: string, filters: BenchFilter[]): Promise<BenchFilter[]> {
  return storeSubscriptions(new GraphQLHttp(httpUrlOf(url), token), filters);
}

function countKinds(subscribers: SubscriberSpec[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of subscribers) out[s.kind] = (out[s.kind] ?? 0) + 1;
  return out;
}

function mergeElu(collected: Collected[], workers: number): number[] {
  // Each collect round yields one figure per worker, in worker order: average them per worker.
  const sums = Array.from({ length: workers }, () => ({ s: 0, n: 0 }));
  collected.forEach((c, i) => {
    const w = sums[i % workers]!;
    w.s += c.elu;
    w.n++;
  });
  return sums.map((w) => Math.round((w.s / Math.max(1, w.n)) * 100) / 100);
}

function summarise(s: StageResult): void {
  const d = s.deliveries;
  log(`  ${s.subscribers} subscribers, ${s.publish.events} events (${s.publish.publishedPerSecond}/s published, publish mutation p50 ${s.publish.mutationMs.p50} ms, ${s.publish.errors} errors)`);
  log(`  matching subscribers per event: p50 ${d.perEventMatching.p50}, max ${d.perEventMatching.max}; ${d.expected} deliveries expected, ${d.delivered} on time, ${d.missing} missing, ${d.duplicates} duplicates, ${d.unexpected} unexpected`);
  log(`  latency from publish return: p50 ${s.latencyFromReturnMs.p50} ms, p90 ${s.latencyFromReturnMs.p90}, p99 ${s.latencyFromReturnMs.p99}, max ${s.latencyFromReturnMs.max}`);
  log(`  latency from publish send:   p50 ${s.latencyFromSendMs.p50} ms, p90 ${s.latencyFromSendMs.p90}, p99 ${s.latencyFromSendMs.p99}, max ${s.latencyFromSendMs.max}`);
  log(`  last subscriber of an event, from send: p50 ${s.lastDeliveryFromSendMs.p50} ms, p99 ${s.lastDeliveryFromSendMs.p99}`);
  log(`  ${s.deliveriesPerSecond} deliveries/s; over ${s.measuredSeconds} s: server CPU ${s.serverCpuSeconds ?? '?'} s (user ${s.serverCpuSplitSeconds?.user ?? '?'}, system ${s.serverCpuSplitSeconds?.system ?? '?'}; ${s.serverCpuMsPerEvent ?? '?'} ms per event), bench CPU ${s.benchCpuSeconds} s, whole machine ${s.machineBusyCpuSeconds ?? '?'} s (busy ${s.machineBusy ?? '?'}); client event loops ${s.clientEventLoopUtilisation.join(', ')}`);
  log(`  server RSS ${s.rssMiBBefore?.toFixed(1) ?? '?'} MiB subscribed, ${s.rssMiBAfter?.toFixed(1) ?? '?'} MiB after publishing; ${s.ended.count} subscriptions ended${s.ended.count ? `: ${s.ended.first.join(' | ')}` : ''}`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  log(`W5 fan-out against ${options.url}, stages ${options.stages.join(', ')}, ${options.events} events each, ${options.workers} load workers`);
  const bench = new Bench(options);
  const result = await bench.run();
  const json = JSON.stringify(result, null, 2);
  if (options.out) writeFileSync(options.out, json + '\n');
  process.stdout.write(json + '\n');
  const rss = result.rssMiBPerThousandConnections;
  log(`\nserver memory: ${JSON.stringify(result.rssMiB)} MiB; ${rss ?? '?'} MiB per 1,000 connections`);
  const gc = result.memoryAfterGc as { perIdleSocket: Record<string, { rssKB: number; heapUsedKB: number }> } | null;
  if (gc) log(`memory per idle socket after GC (RSS / heap, KB): ${Object.entries(gc.perIdleSocket).map(([k, v]) => `${k.slice(2)}: ${v.rssKB} / ${v.heapUsedKB}`).join(', ')}`);
}

main().catch((error: unknown) => {
  log(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});
