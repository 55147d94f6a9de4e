import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Summarises V8 CPU profiles (`node --cpu-prof` writes `.cpuprofile` files): where a server's CPU goes, as shares
 * of its busy time (idle samples left out), so that two profiles taken on a loaded machine compare by proportion.
 *
 *   node dist/bench/profile-summary.js <file.cpuprofile | folder>... [--top 25] [--match <regex>]...
 *
 * Prints the top frames by self time and by total time (a frame's share of the samples with it anywhere on the
 * stack, counted once per sample however deep it recurses), self time by package (node_modules package, node's
 * own modules, Relais's files), and for each `--match`, the total-time share of the frames whose name or file
 * matches, as self time and total time (e.g. `--match _propagate` for what AsyncLocalStorage costs). Given a folder
 * written by bench/profile.ts, only the samples of its load window count (its window.json). bench/profile.ts takes
 * the profiles.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FrameShare {
  key: string;
  /** Share of the busy time (0–1). */
  share: number;
  ms: number;
}

/**
 * The samples to count, by V8's clock (µs): on Linux both V8's and Node's `process.hrtime` read CLOCK_MONOTONIC, so
 * another process's `process.hrtime.bigint() / 1000n` bounds the load it drove (bench/profile.ts), startup and
 * shutdown left out.
 */
export interface SampleWindow {
  fromUs: number;
  toUs: number;
}

/** Written by bench/profile.ts beside the profiles it takes: the window of the load it drove. */
export const WINDOW_FILE = 'window.json';

export interface ProfileSummary {
  /** Busy time: all samples but `(idle)`, in ms. */
  busyMs: number;
  self: FrameShare[];
  total: FrameShare[];
  packages: FrameShare[];
  /** Per `match` pattern: the share of the samples whose own frame matches (self), or any frame of whose stack does. */
  matches: { pattern: string; selfShare: number; share: number; ms: number }[];
}

const SPECIAL = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** Where a frame's code lives: a node_modules package, a node built-in module, a file of this project. */
export function packageOf(frame: CallFrame): string {
  if (!frame.url) return SPECIAL.has(frame.functionName) ? frame.functionName : '(native)';
  if (frame.url.startsWith('node:')) return 'node:' + frame.url.slice(5).replace(/^internal\//, 'internal/').split('/').slice(0, 2).join('/');
  const modules = frame.url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = frame.url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const dist = frame.url.lastIndexOf('/dist/');
  if (dist >= 0) return 'relais:' + path.dirname(frame.url.slice(dist + '/dist/'.length));
  return frame.url;
}

/** A short name for a frame's file: after node_modules/ or dist/, else the URL. */
function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return url.slice(dist + '/dist/'.length);
  return url.replace(/^file:\/\//, '');
}

export function frameKey(frame: CallFrame): string {
  if (!frame.url) return frame.functionName || '(anonymous)';
  return `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function ranked(map: Map<string, number>, busyMs: number, top: number): FrameShare[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, ms]) => ({ key, ms: Math.round(ms), share: busyMs > 0 ? ms / busyMs : 0 }));
}

/** Aggregates one or more profiles (their samples added) by frame (function + file + line) and by package. */
export function summarise(profiles: CpuProfile[], options: { top?: number; match?: string[]; window?: SampleWindow } = {}): ProfileSummary {
  const top = options.top ?? 25;
  const patterns = (options.match ?? []).map((m) => ({ pattern: m, regex: new RegExp(m) }));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const packages = new Map<string, number>();
  const matched = patterns.map(() => 0);
  const matchedSelf = patterns.map(() => 0);
  let busyUs = 0;
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    // The distinct frame keys on each node's stack, computed once per node.
    const stackKeys = new Map<number, string[]>();
    const keysOf = (id: number): string[] => {
      let keys = stackKeys.get(id);
      if (keys) return keys;
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)!.callFrame;
        if (frame.functionName !== '(root)') seen.add(frameKey(frame));
      }
      keys = [...seen];
      stackKeys.set(id, keys);
      return keys;
    };
    const matchesOf = new Map<number, boolean[]>();
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      const us = profile.timeDeltas[i] ?? 0;
      at += us;
      if (options.window && (at < options.window.fromUs || at > options.window.toUs)) return;
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === '(idle)') return;
      busyUs += us;
      const key = frameKey(frame);
      self.set(key, (self.get(key) ?? 0) + us / 1000);
      const pkg = packageOf(frame);
      packages.set(pkg, (packages.get(pkg) ?? 0) + us / 1000);
      const keys = keysOf(id);
      for (const k of keys) total.set(k, (total.get(k) ?? 0) + us / 1000);
      let hits = matchesOf.get(id);
      if (!hits) {
        hits = patterns.map((p) => keys.some((k) => p.regex.test(k)));
        matchesOf.set(id, hits);
      }
      hits.forEach((hit, p) => {
        if (hit) matched[p]! += us / 1000;
      });
      patterns.forEach((p, i) => {
        if (p.regex.test(key)) matchedSelf[i]! += us / 1000;
      });
    });
  }
  const busyMs = busyUs / 1000;
  return {
    busyMs: Math.round(busyMs),
    self: ranked(self, busyMs, top),
    total: ranked(total, busyMs, top),
    packages: ranked(packages, busyMs, top),
    matches: patterns.map((p, i) => ({
      pattern: p.pattern,
      ms: Math.round(matched[i]!),
      share: busyMs > 0 ? matched[i]! / busyMs : 0,
      selfShare: busyMs > 0 ? matchedSelf[i]! / busyMs : 0,
    })),
  };
}

/** The summary as Markdown tables. */
export function formatSummary(summary: ProfileSummary, title = 'profile'): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  const table = (head: string, rows: FrameShare[]) =>
    [`| ${head} | share of busy time | ms |`, '| --- | ---: | ---: |', ...rows.map((r) => `| \`${r.key.replace(/\|/g, '\\|')}\` | ${pct(r.share)} | ${r.ms} |`)].join('\n');
  const parts = [
    `## ${title}: ${summary.busyMs} ms busy`,
    '### self time by frame',
    table('frame', summary.self),
    '### total time by frame (on the stack)',
    table('frame', summary.total),
    '### self time by package',
    table('package', summary.packages),
  ];
  if (summary.matches.length > 0) {
    parts.push(
      '### frames matching',
      ['| pattern | self | total (on the stack) | total ms |', '| --- | ---: | ---: | ---: |', ...summary.matches.map((m) => `| \`${m.pattern.replace(/\|/g, '\\|')}\` | ${pct(m.selfShare)} | ${pct(m.share)} | ${m.ms} |`)].join('\n'),
    );
  }
  return parts.join('\n\n');
}

/** The `.cpuprofile` files named, folders expanded to the files they hold. */
export function profileFiles(names: string[]): string[] {
  return names.flatMap((name) =>
    statSync(name).isDirectory()
      ? readdirSync(name)
          .filter((f) => f.endsWith('.cpuprofile'))
          .sort()
          .map((f) => path.join(name, f))
      : [name],
  );
}

function main(argv: string[]): void {
  const files: string[] = [];
  const match: string[] = [];
  let top = 25;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--top') top = Number(argv[++i]);
    else if (argv[i] === '--match') match.push(argv[++i]!);
    else files.push(argv[i]!);
  }
  if (files.length === 0) {
    console.error('usage: node dist/bench/profile-summary.js <file.cpuprofile | folder>... [--top 25] [--match <regex>]...');
    process.exit(2);
  }
  const paths = profileFiles(files);
  const profiles = paths.map((f) => JSON.parse(readFileSync(f, 'utf8')) as CpuProfile);
  // bench/profile.ts leaves the load's window beside its profiles: startup and shutdown are left out.
  const windowFile = path.join(path.dirname(paths[0]!), WINDOW_FILE);
  const window = existsSync(windowFile) ? (JSON.parse(readFileSync(windowFile, 'utf8')) as SampleWindow) : undefined;
  console.log(formatSummary(summarise(profiles, { top, match, window }), `${paths.join(', ')}${window ? ', the load window only' : ''}`));
}

if (require.main === module) main(process.argv.slice(2));
