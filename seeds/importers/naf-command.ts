import { parseArgs } from 'node:util';
import type { CliCommand } from '../../src/common/cli-command';
import { formatImportResult, parseUsage } from './import-result';
import { importNaf } from './naf';

/** `import-naf`: the NAF rév. 2 nomenclature, from sections to subclasses. */
export const importNafCommand: CliCommand = {
  name: 'import-naf',
  summary: 'Imports NAF rév. 2 activities (sections, divisions, groups, classes, subclasses) from @socialgouv/codes-naf',
  usage: 'import-naf',
  async run(args, { em }) {
    // No options: parseArgs still rejects stray arguments, so that a typo is not silently ignored.
    parseUsage(() => parseArgs({ args, options: {}, strict: true }));
    console.log(formatImportResult(await importNaf(em)));
  },
};
