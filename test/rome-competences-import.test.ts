import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initOrm, type Orm } from '../src/db/orm';
import { importRome } from '../seeds/importers/rome';
import { importRomeCompetences } from '../seeds/importers/rome-competences';
import { createTestDatabase, type TestDatabase } from './support/database';

const ROME_DIR = path.resolve(__dirname, '../../shared/data/rome');
const COMPETENCES_FILE = 'unix_referentiel_competence_v460_utf8.csv';
const SAVOIRS_FILE = 'unix_referentiel_savoir_v460_utf8.csv';
const LINKS_FILE = 'unix_coherence_item_v460_utf8.csv';
const TABLES = ['rome_competence', 'rome_savoir', 'metier_competence', 'metier_savoir', 'reference_import'];

let db: TestDatabase;
let orm: Orm;
let scratch: string;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await initOrm(db.url);
  scratch = await mkdtemp(path.join(tmpdir(), 'relais-competences-'));
  // The links point at fiches: the whole ROME first, as an operator would (import-rome, then import-rome-competences).
  await importRome(orm.em.fork(), ROME_DIR);
}, 120_000);

afterAll(async () => {
  await orm?.close();
  await db?.drop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
  return orm.em.fork().getConnection().execute<Row[]>(sql, params);
}

async function count(table: string, where = 'true'): Promise<number> {
  const [row] = await query<{ n: string }>(`select count(*) as n from "${table}" where ${where}`);
  return Number(row?.n);
}

async function checksums(): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await query<{ sum: string }>(`select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as sum from "${table}" t`);
    sums[table] = row?.sum ?? '';
  }
  return sums;
}

/** A copy of the three files in which `file` went through `edit`. */
async function copyWith(name: string, file: string, edit: (content: string) => string): Promise<string> {
  const dir = path.join(scratch, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  for (const original of [COMPETENCES_FILE, SAVOIRS_FILE, LINKS_FILE]) await copyFile(path.join(ROME_DIR, original), path.join(dir, original));
  const target = path.join(dir, file);
  await writeFile(target, edit(await readFile(target, 'utf8')));
  return dir;
}

describe('importRomeCompetences', () => {
  it('imports the whole compétences, savoirs and their links to the fiches', async () => {
    const result = await importRomeCompetences(orm.em.fork(), ROME_DIR);

    // Figures computed from the v460 files: 18,317 compétences (507 macro), 15,354 savoirs; of the 104,219 coherence
    // lines, 54,695 point at compétences, 35,861 at savoirs, 13,663 at neither (skipped); 18,900 are core (Principale).
    expect(result).toMatchObject({
      source: 'ROME_COMPETENCES',
      version: 'v460',
      changed: true,
      counts: { rome_competence: 18317, rome_savoir: 15354, metier_competence: 54695, metier_savoir: 35861 },
      skippedLinks: 13663,
    });
    expect(await count('rome_competence')).toBe(18317);
    expect(await count('rome_competence', `nature = 'MACRO_COMPETENCE'`)).toBe(507);
    expect(await count('rome_savoir')).toBe(15354);
    expect(await count('metier_competence')).toBe(54695);
    expect(await count('metier_savoir')).toBe(35861);
    expect(await count('metier_competence', `relevance = 'CORE'`) + await count('metier_savoir', `relevance = 'CORE'`)).toBe(18900);
    expect(await count('metier_competence', `relevance = 'CORE'`)).toBe(16048);
    expect(await count('metier_competence', `relevance = 'EMERGING'`)).toBe(1374);
    // SOURCES.md: F1703 (Maçon) has 14 core compétences.
    expect(await count('metier_competence', `metier_code = 'F1703' and relevance = 'CORE'`)).toBe(14);
    const [abattre] = await query<Record<string, unknown>>(`select * from rome_competence where code = 100023`);
    expect(abattre).toMatchObject({ nature: 'COMPETENCE', label: 'Abattre un arbre', macro_competence_code: 300230, category: 'Savoir-faire', sub_category: 'Technique' });
    const [recorded] = await query<{ version: string; counts: Record<string, number> }>(
      `select version, counts from reference_import where source = 'ROME_COMPETENCES' order by id desc limit 1`,
    );
    expect(recorded).toMatchObject({ version: 'v460', counts: { rome_competence: 18317, metier_competence: 54695 } });
  }, 120_000);

  it('changes nothing when run again', async () => {
    const before = await checksums();

    const result = await importRomeCompetences(orm.em.fork(), ROME_DIR);

    expect(result.changed).toBe(false);
    expect(result.written).toEqual({ rome_competence: 0, rome_savoir: 0, metier_competence: 0, metier_savoir: 0 });
    expect(await checksums()).toEqual(before);
  }, 120_000);

  it('refuses a malformed file naming the file, line and field, and writes nothing', async () => {
    const badLine = '"F1703","100854","Principale"';
    const lineNumber = (await readFile(path.join(ROME_DIR, LINKS_FILE), 'utf8')).split('\n').findIndex((line) => line.startsWith(badLine)) + 1;
    expect(lineNumber).toBeGreaterThan(1);
    const dir = await copyWith('malformed', LINKS_FILE, (csv) => csv.replace(badLine, '"F1703","100854","Principal"'));
    const before = await checksums();

    await expect(importRomeCompetences(orm.em.fork(), dir)).rejects.toThrow(
      `${LINKS_FILE}, line ${lineNumber}, field coeur_metier: "Principal" is not Principale, Émergente or blank`,
    );
    expect(await checksums()).toEqual(before);
  }, 120_000);

  it('refuses a compétence without a label, with its line', async () => {
    const lines = (await readFile(path.join(ROME_DIR, COMPETENCES_FILE), 'utf8')).split('\n');
    const index = lines.findIndex((line) => line.startsWith('"100063",'));
    const dir = await copyWith('unlabelled', COMPETENCES_FILE, (csv) => csv.replace('"Tailler les arbres"', '""'));

    await expect(importRomeCompetences(orm.em.fork(), dir)).rejects.toThrow(`${COMPETENCES_FILE}, line ${index + 1}, field libelle_competence: empty`);
  }, 120_000);
});
