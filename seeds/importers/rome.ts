import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ROME_CODE, ROME_DOMAINE_CODE } from '../../src/common/codes';
import { foldedSql } from '../../src/common/search-text';
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

/** ROME grand domaine: the letter that starts every fiche code of the domaine (`F`). */
const ROME_GRAND_DOMAINE_CODE = /^[A-N]$/;

/** OGR codes are positive integers (they fit PostgreSQL's `int`). */
const OGR_CODE = /^[1-9]\d{0,8}$/;

/** The three official France Travail files, found by name pattern: users drop the files they download as they are. */
const ROME_FILES = {
  fiches: {
    pattern: /^unix_referentiel_code_rome_(v\d+)_utf8\.csv$/,
    shown: 'unix_referentiel_code_rome_v*_utf8.csv',
    columns: [
      'code_rome', 'code_ogr', 'libelle_rome', 'transition_eco', 'emploi_reglemente', 'emploi_cadre', 'code_rome_parent',
    ],
  },
  appellations: {
    pattern: /^unix_referentiel_appellation_(v\d+)_utf8\.csv$/,
    shown: 'unix_referentiel_appellation_v*_utf8.csv',
    columns: [
      'code_ogr', 'libelle_appellation_long', 'libelle_appellation_court', 'code_rome', 'classification', 'peu_usite',
    ],
  },
  hierarchy: {
    pattern: /^cr_gd_dp_(v\d+)_utf8\.csv$/,
    shown: 'cr_gd_dp_v*_utf8.csv',
    columns: [
      'code_rome',
      'code_grand_domaine',
      'libelle_grand_domaine',
      'code_domaine_professionel',
      'libelle_domaine_professionel',
    ],
  },
} as const;

type RomeFile = keyof typeof ROME_FILES;

interface LocatedFile {
  path: string;
  version: string;
}

type GrandDomaineRow = { code: string; label: string };
type DomaineRow = { code: string; label: string; grand_domaine_code: string };
type MetierRow = {
  code: string;
  label: string;
  ogr_code: number;
  domaine_code: string;
  rome_v3code: string | null;
  transition_eco: string | null;
  regulated: boolean;
  executive: boolean;
  search_text: string;
};
type AppellationRow = {
  code: number;
  label: string;
  short_label: string;
  metier_code: string;
  principal: boolean;
  rarely_used: boolean;
};

const METIER_COLUMNS = [
  'code', 'label', 'ogr_code', 'domaine_code', 'rome_v3code', 'transition_eco', 'regulated', 'executive', 'search_text',
] as const satisfies readonly (keyof MetierRow)[];

const APPELLATION_COLUMNS = [
  'code', 'label', 'short_label', 'metier_code', 'principal', 'rarely_used',
] as const satisfies readonly (keyof AppellationRow)[];

/**
 * Imports the ROME 4.0 référentiel from the France Travail CSV files in `dir`: grands domaines, domaines
 * professionnels, fiches métiers and appellations, in one transaction. Every file is read and validated before
 * anything is written: a bad record fails the whole import with its file, line and field.
 */
export async function importRome(em: EntityManager, dir: string): Promise<ImportResult> {
  const files = await locateRomeFiles(dir);
  const [fiches, appellations, hierarchy] = await Promise.all([
    readRomeFile(files.fiches, 'fiches'),
    readRomeFile(files.appellations, 'appellations'),
    readRomeFile(files.hierarchy, 'hierarchy'),
  ]);
  const domaines = parseHierarchy(hierarchy);
  const metierRows = parseFiches(fiches, domaines.domaineOfFiche);
  const appellationRows = parseAppellations(appellations, new Set(metierRows.map((m) => m.code)));
  const withSearchText = addSearchText(metierRows, appellationRows);
  return runImport(em, 'ROME', files.fiches.version, [
    defineTable({ table: 'rome_grand_domaine', key: 'code', columns: ['code', 'label'], rows: domaines.grandDomaines }),
    defineTable({
      table: 'rome_domaine',
      key: 'code',
      columns: ['code', 'label', 'grand_domaine_code'],
      rows: domaines.domaines,
    }),
    defineTable({ table: 'metier', key: 'code', columns: METIER_COLUMNS, rows: withSearchText, computed: { search_text: foldedSql('?') } }),
    defineTable({ table: 'appellation', key: 'code', columns: APPELLATION_COLUMNS, rows: appellationRows }),
  ]);
}

async function locateRomeFiles(dir: string): Promise<Record<RomeFile, LocatedFile>> {
  const names = await readdir(dir).catch(() => {
    throw new ImportError(`ROME folder not found or not readable: ${dir}`);
  });
  const located = {
    fiches: locateFile(dir, names, 'fiches'),
    appellations: locateFile(dir, names, 'appellations'),
    hierarchy: locateFile(dir, names, 'hierarchy'),
  };
  // Fiches and appellations are published together; mixing two versions would mix two référentiels.
  if (located.fiches.version !== located.appellations.version) {
    const [fiches, appellations] = [located.fiches.path, located.appellations.path].map((file) => path.basename(file));
    throw new ImportError(`${dir}: ${fiches} and ${appellations} are different ROME versions`);
  }
  return located;
}

function locateFile(dir: string, names: readonly string[], kind: RomeFile): LocatedFile {
  const { pattern, shown } = ROME_FILES[kind];
  const matches = names.filter((name) => pattern.test(name));
  const [name] = matches;
  if (name === undefined) throw new ImportError(`${dir}: missing ROME file ${shown}`);
  if (matches.length > 1) throw new ImportError(`${dir}: several files match ${shown} (${matches.join(', ')}): keep one`);
  return { path: path.join(dir, name), version: pattern.exec(name)?.[1] ?? '' };
}

function readRomeFile(file: LocatedFile, kind: RomeFile): Promise<CsvRecord[]> {
  return readCsv(file.path, { delimiter: ',', requiredColumns: ROME_FILES[kind].columns });
}

interface Hierarchy {
  grandDomaines: GrandDomaineRow[];
  domaines: DomaineRow[];
  domaineOfFiche: Map<string, string>;
}

/** `cr_gd_dp`: one line per fiche, with its domaine professionnel and grand domaine codes and labels. */
function parseHierarchy(records: readonly CsvRecord[]): Hierarchy {
  const grandDomaines = new Map<string, GrandDomaineRow>();
  const domaines = new Map<string, DomaineRow>();
  const domaineOfFiche = new Map<string, string>();
  for (const record of records) {
    const fiche = matchingField(record, 'code_rome', ROME_CODE);
    const grandDomaine = matchingField(record, 'code_grand_domaine', ROME_GRAND_DOMAINE_CODE);
    const domaine = matchingField(record, 'code_domaine_professionel', ROME_DOMAINE_CODE);
    // The codes nest by prefix (F1701 ⊂ F17 ⊂ F): a line that breaks this is a corrupt file, not a new hierarchy.
    if (!domaine.startsWith(grandDomaine)) {
      throw invalidField(record, 'code_domaine_professionel', `${domaine} is not in ${grandDomaine}`);
    }
    if (!fiche.startsWith(domaine)) throw invalidField(record, 'code_rome', `${fiche} is not in ${domaine}`);
    if (domaineOfFiche.has(fiche)) throw invalidField(record, 'code_rome', `${fiche} appears twice`);
    domaineOfFiche.set(fiche, domaine);
    addConsistently(grandDomaines, record, 'libelle_grand_domaine', {
      code: grandDomaine,
      label: requiredField(record, 'libelle_grand_domaine'),
    });
    addConsistently(domaines, record, 'libelle_domaine_professionel', {
      code: domaine,
      label: requiredField(record, 'libelle_domaine_professionel'),
      grand_domaine_code: grandDomaine,
    });
  }
  return { grandDomaines: [...grandDomaines.values()], domaines: [...domaines.values()], domaineOfFiche };
}

/** The hierarchy repeats each domaine on every fiche line: all repeats must carry the same label. */
function addConsistently<Row extends { code: string; label: string }>(
  rows: Map<string, Row>,
  record: CsvRecord,
  labelField: string,
  row: Row,
): void {
  const known = rows.get(row.code);
  if (known && known.label !== row.label) {
    throw invalidField(record, labelField, `"${row.label}" differs from "${known.label}" given earlier for ${row.code}`);
  }
  if (!known) rows.set(row.code, row);
}

/** `unix_referentiel_code_rome`: one line per fiche métier. */
function parseFiches(
  records: readonly CsvRecord[],
  domaineOfFiche: ReadonlyMap<string, string>,
): Omit<MetierRow, 'search_text'>[] {
  const seen = new Set<string>();
  return records.map((record) => {
    const code = matchingField(record, 'code_rome', ROME_CODE);
    if (seen.has(code)) throw invalidField(record, 'code_rome', `${code} appears twice`);
    seen.add(code);
    const domaine = domaineOfFiche.get(code);
    if (domaine === undefined) {
      throw invalidField(record, 'code_rome', `${code} is missing from ${ROME_FILES.hierarchy.shown}`);
    }
    const romeV3Code = optionalField(record, 'code_rome_parent');
    if (romeV3Code !== null && !ROME_CODE.test(romeV3Code)) {
      throw invalidField(record, 'code_rome_parent', `"${romeV3Code}" does not match ${ROME_CODE}`);
    }
    return {
      code,
      label: requiredField(record, 'libelle_rome'),
      ogr_code: Number(matchingField(record, 'code_ogr', OGR_CODE)),
      domaine_code: domaine,
      rome_v3code: romeV3Code,
      transition_eco: optionalField(record, 'transition_eco'),
      regulated: yesNo(record, 'emploi_reglemente'),
      executive: yesNo(record, 'emploi_cadre'),
    };
  });
}

/** `unix_referentiel_appellation`: one line per appellation (job title), attached to one fiche. */
function parseAppellations(records: readonly CsvRecord[], fiches: ReadonlySet<string>): AppellationRow[] {
  const seen = new Set<number>();
  return records.map((record) => {
    const code = Number(matchingField(record, 'code_ogr', OGR_CODE));
    if (seen.has(code)) throw invalidField(record, 'code_ogr', `${code} appears twice`);
    seen.add(code);
    const metier = matchingField(record, 'code_rome', ROME_CODE);
    if (!fiches.has(metier)) {
      throw invalidField(record, 'code_rome', `${metier} is missing from ${ROME_FILES.fiches.shown}`);
    }
    return {
      code,
      label: requiredField(record, 'libelle_appellation_long'),
      short_label: requiredField(record, 'libelle_appellation_court'),
      metier_code: metier,
      principal: classification(record) === 'PRINCIPALE',
      rarely_used: yesNo(record, 'peu_usite'),
    };
  });
}

function classification(record: CsvRecord): 'PRINCIPALE' | 'SYNONYME' {
  const value = record.values.classification ?? '';
  if (value !== 'PRINCIPALE' && value !== 'SYNONYME') {
    throw invalidField(record, 'classification', `"${value}" is not PRINCIPALE or SYNONYME`);
  }
  return value;
}

/** France Travail flags: `O` (oui) is true; `N` and blank (not stated) are false. */
function yesNo(record: CsvRecord, field: string): boolean {
  const value = record.values[field] ?? '';
  if (value !== 'O' && value !== 'N' && value !== '') throw invalidField(record, field, `"${value}" is not O, N or blank`);
  return value === 'O';
}

/**
 * What `metiers(search:)` matches: the fiche's code and label and the long labels of its appellations (short labels
 * are abbreviations of the long ones), folded by the database as searches are (foldedSql). Appellations
 * go in code order, so that the text does not depend on file order.
 */
function addSearchText(
  metiers: readonly Omit<MetierRow, 'search_text'>[],
  appellations: readonly AppellationRow[],
): MetierRow[] {
  const labelsByMetier = new Map<string, AppellationRow[]>();
  for (const appellation of appellations) {
    const list = labelsByMetier.get(appellation.metier_code) ?? [];
    list.push(appellation);
    labelsByMetier.set(appellation.metier_code, list);
  }
  return metiers.map((metier) => {
    const labels = (labelsByMetier.get(metier.code) ?? []).sort((a, b) => a.code - b.code).map((a) => a.label);
    return { ...metier, search_text: [metier.code, metier.label, ...labels].join(' ') };
  });
}
