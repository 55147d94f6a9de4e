'use strict';
// PostGraphile 5 declares Node >= 22 and uses Promise.withResolvers (ES2024), which Node 20 lacks: without it its
// database fields fail at run time. Loaded before anything else with `node -r`.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
