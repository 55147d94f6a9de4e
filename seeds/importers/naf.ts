import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { NafLevel } from '../../src/network/entities/naf-activity';
import { defineTable, ImportError, packageVersion, readPackageFile, runImport, type ImportResult } from './import-result';

const CODES_NAF = '@socialgouv/codes-naf';

/**
 * The 21 sections of NAF rév. 2 (INSEE), which `@socialgouv/codes-naf` lacks, with the divisions each spans.
 * The nomenclature is frozen (rév. 2 dates from 2008; NAF 2025 will be a new nomenclature, not an edit of this one).
 */
export const NAF_SECTIONS: readonly { code: string; label: string; divisions: readonly [number, number] }[] = [
  { code: 'A', label: 'Agriculture, sylviculture et pêche', divisions: [1, 3] },
  { code: 'B', label: 'Industries extractives', divisions: [5, 9] },
  { code: 'C', label: 'Industrie manufacturière', divisions: [10, 33] },
  {
    code: 'D',
    label: "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    divisions: [35, 35],
  },
  {
    code: 'E',
    label: "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
    divisions: [36, 39],
  },
  { code: 'F', label: 'Construction', divisions: [41, 43] },
  { code: 'G', label: "Commerce ; réparation d'automobiles et de motocycles", divisions: [45, 47] },
  { code: 'H', label: 'Transports et entreposage', divisions: [49, 53] },
  { code: 'I', label: 'Hébergement et restauration', divisions: [55, 56] },
  { code: 'J', label: 'Information et communication', divisions: [58, 63] },
  { code: 'K', label: "Activités financières et d'assurance", divisions: [64, 66] },
  { code: 'L', label: 'Activités immobilières', divisions: [68, 68] },
  { code: 'M', label: 'Activités spécialisées, scientifiques et techniques', divisions: [69, 75] },
  { code: 'N', label: 'Activités de services administratifs et de soutien', divisions: [77, 82] },
  { code: 'O', label: 'Administration publique', divisions: [84, 84] },
  { code: 'P', label: 'Enseignement', divisions: [85, 85] },
  { code: 'Q', label: 'Santé humaine et action sociale', divisions: [86, 88] },
  { code: 'R', label: 'Arts, spectacles et activités récréatives', divisions: [90, 93] },
  { code: 'S', label: 'Autres activités de services', divisions: [94, 96] },
  {
    code: 'T',
    label:
      "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages en tant que producteurs " +
      'de biens et services pour usage propre',
    divisions: [97, 98],
  },
  { code: 'U', label: 'Activités extra-territoriales', divisions: [99, 99] },
];

/** Each level's code shape and where its parent's code is: `88.99B` → `88.99` → `88.9` → `88` → section Q. */
const LEVELS: readonly { level: Exclude<NafLevel, 'SECTION'>; pattern: RegExp; parentLength: number }[] = [
  { level: 'DIVISION', pattern: /^\d{2}$/, parentLength: 0 },
  { level: 'GROUP', pattern: /^\d{2}\.\d$/, parentLength: 2 },
  { level: 'CLASS', pattern: /^\d{2}\.\d{2}$/, parentLength: 4 },
  { level: 'SUBCLASS', pattern: /^\d{2}\.\d{2}[A-Z]$/, parentLength: 5 },
];

const NafEntry = z.object({ id: z.string(), label: z.string().min(1) });

type NafRow = { code: string; label: string; level: NafLevel; parent_code: string | null };

/** Imports NAF rév. 2 (sections, divisions, groups, classes, subclasses with their parents) in one transaction. */
export async function importNaf(em: EntityManager): Promise<ImportResult> {
  const parsed = z.array(NafEntry).safeParse(await readPackageFile(`${CODES_NAF}/index.json`));
  if (!parsed.success) throw new ImportError(`${CODES_NAF}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const sections: NafRow[] = NAF_SECTIONS.map(({ code, label }) => ({ code, label, level: 'SECTION', parent_code: null }));
  const activities = parsed.data.map(toNafRow);
  checkParents([...sections, ...activities]);
  return runImport(em, 'NAF', `rev2+${await packageVersion(CODES_NAF)}`, [
    // Sections first, then the package's order (divisions before their groups, ...): parents are always known.
    defineTable({
      table: 'naf_activity',
      key: 'code',
      columns: ['code', 'label', 'level', 'parent_code'],
      rows: [...sections, ...activities],
    }),
  ]);
}

function toNafRow(entry: z.infer<typeof NafEntry>): NafRow {
  const code = entry.id.trim();
  const level = LEVELS.find((l) => l.pattern.test(code));
  if (!level) throw new ImportError(`${CODES_NAF}, entry ${entry.id}: not a NAF rév. 2 code`);
  const parent = level.level === 'DIVISION' ? sectionOf(code) : code.slice(0, level.parentLength);
  return { code, label: entry.label.trim(), level: level.level, parent_code: parent };
}

function sectionOf(division: string): string {
  const number = Number(division);
  const section = NAF_SECTIONS.find(({ divisions: [first, last] }) => number >= first && number <= last);
  if (!section) throw new ImportError(`${CODES_NAF}, entry ${division}: division in no NAF section`);
  return section.code;
}

/** `naf_activity.parent_code` has no foreign key: check here that codes are unique and every parent exists. */
function checkParents(rows: readonly NafRow[]): void {
  const codes = new Set<string>();
  for (const row of rows) {
    if (codes.has(row.code)) throw new ImportError(`${CODES_NAF}, entry ${row.code}: appears twice`);
    codes.add(row.code);
  }
  const orphan = rows.find((row) => row.parent_code !== null && !codes.has(row.parent_code));
  if (orphan) throw new ImportError(`${CODES_NAF}, entry ${orphan.code}: parent ${orphan.parent_code} is missing`);
}
