import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../../src/common/cli-command';
import { formatImportResult, parseUsage } from './import-result';
import { importTerritories } from './territories';

/** `import-territories [--postal-csv <file>]`: régions, départements and communes, with centre points if given. */
export const importTerritoriesCommand: CliCommand = {
  name: 'import-territories',
  summary:
    'Imports régions, départements and communes (INSEE codes, postal codes, population) from ' +
    '@etalab/decoupage-administratif, with commune centre points from La Poste\'s "base officielle des codes ' +
    'postaux" CSV when --postal-csv is given (otherwise centre points already stored are kept)',
  usage: 'import-territories [--postal-csv <file>]',
  async run(args, { em }) {
    const { values } = parseUsage(() =>
      parseArgs({ args, options: { 'postal-csv': { type: 'string' } }, strict: true }),
    );
    const postalCsv = values['postal-csv'];
    if (postalCsv === '') throw new UsageError('--postal-csv needs a file');
    console.log(formatImportResult(await importTerritories(em, { postalCsv })));
  },
};
