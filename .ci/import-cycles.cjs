// Fails when the run-time import graph of src/ and seeds/ has a cycle (`npm run lint:deps`).
// dependency-cruiser's no-circular rule reports one cycle path per import and can miss a cycle whose first path it
// finds goes through an `import type`; here every strongly connected component of the graph without type-only
// imports is listed (Tarjan), so "no cycle" means none at all. Input: `depcruise --output-type json` on stdin.
'use strict';
const cruise = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const graph = new Map();
for (const module of cruise.modules) {
  const runtime = module.dependencies.filter((d) => !d.dependencyTypes.includes('type-only') && !d.coreModule && !d.resolved.includes('node_modules'));
  graph.set(module.source, runtime.map((d) => d.resolved));
}
let next = 0;
const stack = [];
const onStack = new Set();
const index = new Map();
const low = new Map();
const cycles = [];
function visit(v) {
  index.set(v, next);
  low.set(v, next++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) !== index.get(v)) return;
  const component = [];
  let w;
  do {
    w = stack.pop();
    onStack.delete(w);
    component.push(w);
  } while (w !== v);
  if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
}
for (const v of graph.keys()) if (!index.has(v)) visit(v);
if (cycles.length === 0) {
  console.log(`✔ no run-time import cycle (${graph.size} modules)`);
} else {
  for (const cycle of cycles) console.error(`✖ import cycle of ${cycle.length} modules:\n  ${cycle.join('\n  ')}`);
  process.exitCode = 1;
}
