// Lets `node -r ./test/faults/support/register-ts.cjs src/server/main.ts` run the hub from its TypeScript sources,
// compiled on load by @swc/core with the project's .swcrc (as Jest does), so that the fault suite can start, kill and
// restart real hub processes without a `npm run build` first.
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const { $schema: _schema, ...swcrc } = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../.swcrc'), 'utf8'));

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcrc, filename, swcrc: false });
  module._compile(code, filename);
};
