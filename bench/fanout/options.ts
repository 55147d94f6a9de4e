import { readFileSync } from 'node:fs';

export interface FanoutOptions {
  url: string;
  pid: number | null;
  stages: number[];
  events: number;
  intervalMs: number;
  workers: number;
  seed: number;
  templates: number;
  storedPerFeedAccount: number;
  connectConcurrency: number;
  timeoutMs: number;
  pauseMs: number;
  keep: boolean;
  out: string | null;
  adminToken: string;
  tokens: string[];
  feedTokens: string[];
  fixture: string | null;
  /** The hub's memory probe file (memory-probe.cjs): memory after GC per idle socket. */
  memoryProbe: string | null;
}

export const USAGE = `W5 fan-out: N graphql-ws subscribers with mixed filters, E published offers and sessions, publish-to-delivery latency.

  node dist/bench/ws-fanout.js [--url ws://127.0.0.1:4300/graphql] [--pid <server pid>] [--subscribers 1000,5000]
     [--events 100] [--interval-ms 100] [--workers 2] [--seed 5] [--templates 120] [--fixture bench/results/fixture.json]
     [--out bench/results/w5.json] [--keep] [--timeout-ms 30000] [--pause-ms 0] [--connect-concurrency 64] [--stored 5]
     [--memory-probe <file>]

Tokens (environment, comma-separated where lists): RELAIS_ADMIN_TOKEN (creates and publishes), RELAIS_SUBSCRIBER_TOKENS
(subscribers, in turn), RELAIS_FEED_TOKENS (offerFeed accounts; the bench replaces their stored subscriptions named
"W5 bench n"). Defaults: the demo tokens, or those of --fixture. The server needs RELAIS_RATE_LIMIT=0
and RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT=100000 (subscribers share a few accounts).
--interval-ms: publishes are sent on a fixed schedule (open loop); 0 sends each after the previous one returned.
--memory-probe: the RELAIS_MEMORY_PROBE_FILE of a hub started with \`node --expose-gc -r bench/fanout/memory-probe.cjs\`
(and --pid): the hub's memory after full GCs with 0 and N idle subscribed sockets, per socket.
JSON goes to stdout (and --out), the summary to stderr.`;

interface GeneratorTokens {
  networkAdmin?: { secret: string };
  portal?: { secret: string };
  companyAdmin?: { secret: string };
  participant?: { secret: string };
  prescribers?: { secret: string }[];
  organisers?: Record<string, { secret: string }>;
}

/**
 * Tokens from the generator's fixture (bench/results/fixture.json, `tokens`): the network admin publishes; the
 * subscribers take, in turn, the portal, a company admin, a participant, four prescribers and four organisers
 * (eleven authorization classes); the portal and the company admin keep stored subscriptions for offerFeed.
 * Any other shape: every `rls_` string found, by the role or key naming it.
 */
function fixtureTokens(path: string): { admin?: string; tokens: string[]; feed: string[] } {
  const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const generated = (json as { tokens?: GeneratorTokens }).tokens;
  if (generated?.networkAdmin && generated.portal) {
    const secrets = (values: ({ secret: string } | undefined)[]) => values.filter((v): v is { secret: string } => !!v).map((v) => v.secret);
    return {
      admin: generated.networkAdmin.secret,
      tokens: secrets([generated.portal, generated.companyAdmin, generated.participant, ...(generated.prescribers ?? []).slice(0, 4), ...Object.values(generated.organisers ?? {}).slice(0, 4)]),
      feed: secrets([generated.portal, generated.companyAdmin]),
    };
  }
  const found: { path: string; token: string; role: string }[] = [];
  const walk = (value: unknown, at: string, role: string) => {
    if (typeof value === 'string' && /^rls_/.test(value)) found.push({ path: at, token: value, role });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`, role));
    else if (value && typeof value === 'object') {
      const r = typeof (value as { role?: unknown }).role === 'string' ? String((value as { role: string }).role) : role;
      for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`, r);
    }
  };
  walk(json, '', '');
  const isAdmin = (f: { path: string; role: string }) => /NETWORK_ADMIN/i.test(f.role) || /network.?admin|(^|\W)admin(\W|$)/i.test(f.path);
  const admin = found.find(isAdmin)?.token;
  const others = found.filter((f) => !isAdmin(f)).map((f) => f.token);
  const partners = found.filter((f) => /PARTNER|portal/i.test(`${f.role} ${f.path}`)).map((f) => f.token);
  return { admin, tokens: [...new Set(others)], feed: [...new Set(partners.length ? partners : others)] };
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): FanoutOptions {
  const args = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      process.stderr.write(USAGE + '\n');
      process.exit(0);
    }
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}\n\n${USAGE}`);
    if (a === '--keep') flags.add('keep');
    else args.set(a.slice(2), argv[++i] ?? '');
  }
  const num = (name: string, fallback: number) => {
    const v = args.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got ${v}`);
    return n;
  };
  const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const fixture = args.get('fixture') ?? env.RELAIS_FIXTURE ?? null;
  const fromFixture = fixture ? fixtureTokens(fixture) : { admin: undefined, tokens: [], feed: [] };
  const tokens = list(env.RELAIS_SUBSCRIBER_TOKENS);
  const feedTokens = list(env.RELAIS_FEED_TOKENS);
  const pid = args.get('pid') ?? env.RELAIS_PID;
  return {
    url: args.get('url') ?? env.RELAIS_WS_URL ?? 'ws://127.0.0.1:4300/graphql',
    pid: pid ? Number(pid) : null,
    stages: list(args.get('subscribers') ?? '1000,5000').map(Number).sort((a, b) => a - b),
    events: num('events', 100),
    intervalMs: num('interval-ms', 100),
    workers: num('workers', 2),
    seed: num('seed', 5),
    templates: num('templates', 120),
    storedPerFeedAccount: num('stored', 5),
    connectConcurrency: num('connect-concurrency', 64),
    timeoutMs: num('timeout-ms', 30_000),
    pauseMs: num('pause-ms', 0),
    keep: flags.has('keep'),
    out: args.get('out') ?? null,
    adminToken: env.RELAIS_ADMIN_TOKEN ?? fromFixture.admin ?? 'rls_demo_network_admin',
    tokens: tokens.length ? tokens : fromFixture.tokens.length ? fromFixture.tokens : ['rls_demo_crepi_portal', 'rls_demo_company_admin', 'rls_demo_ft_counsellor', 'rls_demo_crepi_animator'],
    feedTokens: feedTokens.length ? feedTokens : fromFixture.feed.length ? fromFixture.feed.slice(0, 4) : ['rls_demo_crepi_portal', 'rls_demo_ml_counsellor'],
    fixture,
    memoryProbe: args.get('memory-probe') ?? env.RELAIS_MEMORY_PROBE_FILE ?? null,
  };
}
