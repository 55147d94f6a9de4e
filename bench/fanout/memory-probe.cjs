// Preloaded into a hub process by the W5 benches (`node --expose-gc -r ./bench/fanout/memory-probe.cjs ...`): on
// SIGUSR2 it runs full garbage collections, then writes process.memoryUsage() (and VmRSS) to RELAIS_MEMORY_PROBE_FILE,
// so that a bench reads the memory held after GC without any endpoint in the hub. Nothing happens without the file
// variable; without --expose-gc the collector is reached through v8.setFlagsFromString.
const file = process.env.RELAIS_MEMORY_PROBE_FILE;
if (file) {
  const fs = require('node:fs');
  const v8 = require('node:v8');
  const vm = require('node:vm');
  let gc = globalThis.gc;
  if (typeof gc !== 'function') {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc');
  }
  let seq = 0;
  process.on('SIGUSR2', () => {
    const n = ++seq;
    // Twice, a turn apart: weak maps and finalizers released by the first collection are collected by the second.
    gc();
    setTimeout(() => {
      gc();
      const m = process.memoryUsage();
      const status = fs.readFileSync('/proc/self/status', 'utf8');
      const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
      const out = { seq: n, at: Date.now(), rss: rss ? Number(rss[1]) * 1024 : m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
      fs.writeFileSync(file + '.tmp', JSON.stringify(out));
      fs.renameSync(file + '.tmp', file);
    }, 50);
  });
}
