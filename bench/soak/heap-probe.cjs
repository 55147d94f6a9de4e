// Preloaded into the soak's hub processes (`node -r`): every 5 s, writes the process's memoryUsage() to
// SOAK_HEAP_FILE (overwritten), so the soak can sample the V8 heap beside the RSS without any endpoint in the hub.
const file = process.env.SOAK_HEAP_FILE;
if (file) {
  const fs = require('node:fs');
  const write = () => {
    const m = process.memoryUsage();
    try {
      fs.writeFileSync(file, JSON.stringify({ at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers }));
    } catch {
      // the soak reads what it finds; a missed write is a missed heap figure, nothing more
    }
  };
  setInterval(write, 5000).unref();
}
