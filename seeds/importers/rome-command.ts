import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../../src/common/cli-command';
import { formatImportResult, parseUsage } from './import-result';
import { importRome } from './rome';

/** `import-rome --dir <folder>`: the ROME 4.0 référentiel from the France Travail CSV files in a folder. */
export const importRomeCommand: CliCommand = {
  name: 'import-rome',
  summary:
    'Imports the ROME 4.0 référentiel (grands domaines, domaines, fiches métiers, appellations) from the France ' +
    'Travail CSV files unix_referentiel_code_rome_v*_utf8.csv, unix_referentiel_appellation_v*_utf8.csv and ' +
    'cr_gd_dp_v*_utf8.csv in <folder>',
  usage: 'import-rome --dir <folder>',
  async run(args, { em }) {
    const { values } = parseUsage(() => parseArgs({ args, options: { dir: { type: 'string' } }, strict: true }));
    if (!values.dir) throw new UsageError('--dir is required');
    console.log(formatImportResult(await importRome(em, values.dir)));
  },
};
