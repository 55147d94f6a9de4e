import type { Sample } from './run';

/**
 * The soak's plot, as plain SVG written by the soak itself (no plotting dependency): three stacked panels over
 * time — RSS and V8 heap used per instance, client sockets and PostgreSQL connections per instance, and the outbox
 * lag (publish-to-receipt max per window). A dashed line marks the end of the warm-up.
 */
export function renderSoakSvg(samples: Sample[], names: string[], warmupS: number, title: string): string {
  const width = 900;
  const panelHeight = 200;
  const left = 60;
  const right = 150;
  const top = 40;
  const gap = 50;
  const colours = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
  const tMax = Math.max(60, ...samples.map((s) => s.t));
  const x = (t: number) => left + ((width - left - right) * t) / tMax;
  const parts: string[] = [];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

  const panel = (index: number, label: string, series: { name: string; values: (number | null)[]; dashed?: boolean }[]) => {
    const y0 = top + index * (panelHeight + gap);
    const all = series.flatMap((s) => s.values.filter((v): v is number => v != null));
    const yMax = niceCeiling(Math.max(1, ...all) * 1.1);
    const y = (v: number) => y0 + panelHeight - (panelHeight * v) / yMax;
    parts.push(`<rect x="${left}" y="${y0}" width="${width - left - right}" height="${panelHeight}" fill="none" stroke="#999"/>`);
    parts.push(`<text x="${left}" y="${y0 - 8}" font-size="13" font-weight="bold">${esc(label)}</text>`);
    for (let k = 0; k <= 4; k++) {
      const v = (yMax * k) / 4;
      parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
      parts.push(`<text x="${left - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${formatTick(v)}</text>`);
    }
    for (let m = 0; m <= tMax / 60; m += tMax > 1200 ? 5 : 1) {
      parts.push(`<text x="${x(m * 60)}" y="${y0 + panelHeight + 14}" font-size="11" text-anchor="middle">${m} min</text>`);
    }
    if (warmupS > 0 && warmupS < tMax) parts.push(`<line x1="${x(warmupS)}" x2="${x(warmupS)}" y1="${y0}" y2="${y0 + panelHeight}" stroke="#666" stroke-dasharray="4 4"/>`);
    series.forEach((s, i) => {
      const points = samples.map((sample, j) => (s.values[j] == null ? null : `${x(sample.t).toFixed(1)},${y(s.values[j]!).toFixed(1)}`)).filter(Boolean);
      const colour = colours[i % colours.length];
      parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${points.join(' ')}"/>`);
      parts.push(`<line x1="${width - right + 10}" x2="${width - right + 30}" y1="${y0 + 12 + i * 18}" y2="${y0 + 12 + i * 18}" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
      parts.push(`<text x="${width - right + 35}" y="${y0 + 16 + i * 18}" font-size="11">${esc(s.name)}</text>`);
    });
  };

  panel(0, 'Memory (MiB): RSS, and V8 heap used (dashed)', [
    ...names.map((n, i) => ({ name: `RSS ${n}`, values: samples.map((s) => s.hubs[i]!.rssMiB) })),
    ...names.map((n, i) => ({ name: `heap ${n}`, values: samples.map((s) => s.hubs[i]!.heapUsedMiB), dashed: true })),
  ]);
  panel(1, 'Open sockets: clients (HTTP + WebSocket), PostgreSQL connections (dashed)', [
    ...names.map((n, i) => ({ name: `clients ${n}`, values: samples.map((s) => s.hubs[i]!.clientSockets) })),
    ...names.map((n, i) => ({ name: `PostgreSQL ${n}`, values: samples.map((s) => s.hubs[i]!.pgSockets), dashed: true })),
  ]);
  panel(2, 'Outbox lag: publish-to-receipt per 10 s window (ms)', [
    { name: 'max', values: samples.map((s) => s.deliveryMaxMs) },
    { name: 'p50', values: samples.map((s) => s.deliveryP50Ms), dashed: true },
  ]);
  const height = top + 3 * (panelHeight + gap);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function niceCeiling(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function formatTick(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(0) : v.toFixed(1);
}
