import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../../src/common/cli-command';
import { formatImportResult, parseUsage } from './import-result';
import { importRomeCompetences } from './rome-competences';

/** `import-rome-competences --dir <folder>`: the ROME 4.0 compétences, savoirs and their links to the fiches. */
export const importRomeCompetencesCommand: CliCommand = {
  name: 'import-rome-competences',
  summary:
    'Imports the ROME 4.0 compétences, savoirs and which belong to each fiche (core or not) from the France Travail ' +
    'CSV files unix_referentiel_competence_v*_utf8.csv, unix_referentiel_savoir_v*_utf8.csv and ' +
    'unix_coherence_item_v*_utf8.csv in <folder>; the fiches must be imported first (import-rome)',
  usage: 'import-rome-competences --dir <folder>',
  async run(args, { em }) {
    const { values } = parseUsage(() => parseArgs({ args, options: { dir: { type: 'string' } }, strict: true }));
    if (!values.dir) throw new UsageError('--dir is required');
    const result = await importRomeCompetences(em, values.dir);
    console.log(`${formatImportResult(result)}; ${result.skippedLinks} coherence line(s) of other ROME blocks skipped`);
  },
};
