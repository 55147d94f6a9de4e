import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ROME_CODE } from '../../src/common/codes';
import { CompetenceNature, CompetenceRelevance } from '../../src/metiers';
import {
  defineTable,
  ImportError,
  invalidField,
  matchingField,
  optionalField,
  readCsv,
  requiredField,
  runImport,
  type CsvRecord,
  type ImportResult,
} from './import-result';

/** OGR codes are positive integers (they fit PostgreSQL's `int`). */
const OGR_CODE = /^[1-9]\d{0,8}$/;

/** The three official France Travail files, found by name pattern, as import-rome finds its own. */
const FILES = {
  competences: {
    pattern: /^unix_referentiel_competence_(v\d+)_utf8\.csv$/,
    shown: 'unix_referentiel_competence_v*_utf8.csv',
    columns: ['code_ogr', 'nature', 'libelle_competence', 'definition', 'code_ogr_macro_comp', 'cat_comp', 'sous_cat_comp'],
  },
  savoirs: {
    pattern: /^unix_referentiel_savoir_(v\d+)_utf8\.csv$/,
    shown: 'unix_referentiel_savoir_v*_utf8.csv',
    columns: ['code_ogr_savoir', 'libelle_savoir', 'categorie_savoir', 'sous_categorie_savoir'],
  },
  links: {
    pattern: /^unix_coherence_item_(v\d+)_utf8\.csv$/,
    shown: 'unix_coherence_item_v*_utf8.csv',
    columns: ['code_rome', 'code_ogr', 'coeur_metier'],
  },
} as const;

type RomeItemFile = keyof typeof FILES;

interface LocatedFile {
  path: string;
  version: string;
}

type CompetenceRow = {
  code: number;
  nature: CompetenceNature;
  label: string;
  definition: string | null;
  macro_competence_code: number | null;
  category: string;
  sub_category: string | null;
};
type SavoirRow = { code: number; label: string; category: string; sub_category: string | null };
type CompetenceLinkRow = { metier_code: string; competence_code: number; relevance: CompetenceRelevance };
type SavoirLinkRow = { metier_code: string; savoir_code: number; relevance: CompetenceRelevance };

const NATURES: Readonly<Record<string, CompetenceNature>> = {
  'Compétence': CompetenceNature.COMPETENCE,
  'Macro-compétence': CompetenceNature.MACRO_COMPETENCE,
};

const RELEVANCES: Readonly<Record<string, CompetenceRelevance>> = {
  Principale: CompetenceRelevance.CORE,
  'Émergente': CompetenceRelevance.EMERGING,
  '': CompetenceRelevance.OTHER,
};

/** What an import of the compétences read, beyond the rows written: the coherence lines that were skipped. */
export interface RomeCompetencesResult extends ImportResult {
  /** Coherence lines pointing at an item of neither file (other blocks of the ROME: contexts, activities). */
  skippedLinks: number;
}

/**
 * Imports the ROME 4.0 compétences and savoirs, and which of them belong to each fiche (`unix_coherence_item`,
 * core or not), from the France Travail CSV files in `dir`, in one transaction. The fiches must be imported first
 * (`import-rome`): a link to a fiche the database does not hold is an error. Every file is read and validated before
 * anything is written: a bad record fails the whole import with its file, line and field.
 */
export async function importRomeCompetences(em: EntityManager, dir: string): Promise<RomeCompetencesResult> {
  const files = await locateFiles(dir);
  const [competenceRecords, savoirRecords, linkRecords] = await Promise.all([
    readCsv(files.competences.path, { delimiter: ',', requiredColumns: FILES.competences.columns }),
    readCsv(files.savoirs.path, { delimiter: ',', requiredColumns: FILES.savoirs.columns }),
    readCsv(files.links.path, { delimiter: ',', requiredColumns: FILES.links.columns }),
  ]);
  const competences = parseCompetences(competenceRecords);
  const savoirs = parseSavoirs(savoirRecords);
  const fiches = new Set(
    (await em.getConnection().execute<{ code: string }[]>('select code from metier')).map((row) => row.code),
  );
  const links = parseLinks(linkRecords, fiches, new Set(competences.map((c) => c.code)), new Set(savoirs.map((s) => s.code)));
  const result = await runImport(em, 'ROME_COMPETENCES', files.competences.version, [
    defineTable({
      table: 'rome_competence',
      key: 'code',
      columns: ['code', 'nature', 'label', 'definition', 'macro_competence_code', 'category', 'sub_category'],
      rows: competences,
    }),
    defineTable({ table: 'rome_savoir', key: 'code', columns: ['code', 'label', 'category', 'sub_category'], rows: savoirs }),
    defineTable({
      table: 'metier_competence',
      key: ['metier_code', 'competence_code'],
      columns: ['metier_code', 'competence_code', 'relevance'],
      rows: links.competences,
    }),
    defineTable({
      table: 'metier_savoir',
      key: ['metier_code', 'savoir_code'],
      columns: ['metier_code', 'savoir_code', 'relevance'],
      rows: links.savoirs,
    }),
  ]);
  return { ...result, skippedLinks: links.skipped };
}

async function locateFiles(dir: string): Promise<Record<RomeItemFile, LocatedFile>> {
  const names = await readdir(dir).catch(() => {
    throw new ImportError(`ROME folder not found or not readable: ${dir}`);
  });
  const located = {
    competences: locateFile(dir, names, 'competences'),
    savoirs: locateFile(dir, names, 'savoirs'),
    links: locateFile(dir, names, 'links'),
  };
  // The three files are published together; links of one version over items of another would point at wrong codes.
  const versions = new Set(Object.values(located).map((file) => file.version));
  if (versions.size > 1) {
    const shown = Object.values(located).map((file) => path.basename(file.path)).join(', ');
    throw new ImportError(`${dir}: ${shown} are different ROME versions`);
  }
  return located;
}

function locateFile(dir: string, names: readonly string[], kind: RomeItemFile): LocatedFile {
  const { pattern, shown } = FILES[kind];
  const matches = names.filter((name) => pattern.test(name));
  const [name] = matches;
  if (name === undefined) throw new ImportError(`${dir}: missing ROME file ${shown}`);
  if (matches.length > 1) throw new ImportError(`${dir}: several files match ${shown} (${matches.join(', ')}): keep one`);
  return { path: path.join(dir, name), version: pattern.exec(name)?.[1] ?? '' };
}

function ogrCode(record: CsvRecord, field: string): number {
  return Number(matchingField(record, field, OGR_CODE));
}

/** `unix_referentiel_competence`: one line per compétence or macro-compétence. */
function parseCompetences(records: readonly CsvRecord[]): CompetenceRow[] {
  const seen = new Set<number>();
  return records.map((record) => {
    const code = ogrCode(record, 'code_ogr');
    if (seen.has(code)) throw invalidField(record, 'code_ogr', `${code} appears twice`);
    seen.add(code);
    const nature = NATURES[record.values.nature ?? ''];
    if (nature === undefined) throw invalidField(record, 'nature', `"${record.values.nature ?? ''}" is not Compétence or Macro-compétence`);
    const macro = optionalField(record, 'code_ogr_macro_comp');
    return {
      code,
      nature,
      label: requiredField(record, 'libelle_competence'),
      definition: optionalField(record, 'definition'),
      macro_competence_code: macro === null ? null : ogrCode(record, 'code_ogr_macro_comp'),
      category: requiredField(record, 'cat_comp'),
      sub_category: optionalField(record, 'sous_cat_comp'),
    };
  });
}

/** `unix_referentiel_savoir`: one line per savoir. */
function parseSavoirs(records: readonly CsvRecord[]): SavoirRow[] {
  const seen = new Set<number>();
  return records.map((record) => {
    const code = ogrCode(record, 'code_ogr_savoir');
    if (seen.has(code)) throw invalidField(record, 'code_ogr_savoir', `${code} appears twice`);
    seen.add(code);
    return {
      code,
      label: requiredField(record, 'libelle_savoir'),
      category: requiredField(record, 'categorie_savoir'),
      sub_category: optionalField(record, 'sous_categorie_savoir'),
    };
  });
}

/**
 * `unix_coherence_item`: one line per item of a fiche. Items of neither file (the ROME's other blocks) are skipped
 * and counted; a fiche the database does not hold, a bad code or an unknown `coeur_metier` fail the import.
 */
function parseLinks(
  records: readonly CsvRecord[],
  fiches: ReadonlySet<string>,
  competences: ReadonlySet<number>,
  savoirs: ReadonlySet<number>,
): { competences: CompetenceLinkRow[]; savoirs: SavoirLinkRow[]; skipped: number } {
  const result = { competences: [] as CompetenceLinkRow[], savoirs: [] as SavoirLinkRow[], skipped: 0 };
  const seen = new Set<string>();
  for (const record of records) {
    const metier = matchingField(record, 'code_rome', ROME_CODE);
    if (!fiches.has(metier)) throw invalidField(record, 'code_rome', `${metier} is not an imported fiche (run import-rome first)`);
    const item = ogrCode(record, 'code_ogr');
    const relevance = RELEVANCES[record.values.coeur_metier ?? ''];
    if (relevance === undefined) throw invalidField(record, 'coeur_metier', `"${record.values.coeur_metier ?? ''}" is not Principale, Émergente or blank`);
    const key = `${metier}:${item}`;
    if (seen.has(key)) throw invalidField(record, 'code_ogr', `${item} appears twice for ${metier}`);
    seen.add(key);
    if (competences.has(item)) result.competences.push({ metier_code: metier, competence_code: item, relevance });
    else if (savoirs.has(item)) result.savoirs.push({ metier_code: metier, savoir_code: item, relevance });
    else result.skipped += 1;
  }
  return result;
}
