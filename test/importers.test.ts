import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../src/common/cli-command';
import { createLogger } from '../src/server/logger';
import { initOrm, type Orm } from '../src/db/orm';
import { importNaf } from '../seeds/importers/naf';
import { importNafCommand } from '../seeds/importers/naf-command';
import { importRome } from '../seeds/importers/rome';
import { importRomeCommand } from '../seeds/importers/rome-command';
import { importTerritories } from '../seeds/importers/territories';
import { importTerritoriesCommand } from '../seeds/importers/territories-command';
import { createTestDatabase, type TestDatabase } from './support/database';

const ROME_DIR = path.resolve(__dirname, '../../shared/data/rome');
const POSTAL_CSV = path.resolve(__dirname, '../../shared/data/territories/laposte_hexasmal_2019.csv');
const FICHES_FILE = 'unix_referentiel_code_rome_v460_utf8.csv';
const APPELLATIONS_FILE = 'unix_referentiel_appellation_v460_utf8.csv';
const HIERARCHY_FILE = 'cr_gd_dp_v4_utf8.csv';

const ROME_TABLES = ['rome_grand_domaine', 'rome_domaine', 'metier', 'appellation', 'reference_import'];
const TERRITORY_TABLES = ['region', 'departement', 'commune', 'reference_import'];
const NAF_TABLES = ['naf_activity', 'reference_import'];

let db: TestDatabase;
let orm: Orm;
let scratch: string;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await initOrm(db.url);
  scratch = await mkdtemp(path.join(tmpdir(), 'relais-importers-'));
});

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

/** An md5 of every row of each table: equal checksums mean byte-identical contents. */
async function checksums(tables: readonly string[]): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await query<{ sum: string }>(
      `select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as sum from "${table}" t`,
    );
    sums[table] = row?.sum ?? '';
  }
  return sums;
}

/** A copy of the ROME folder in which `file` went through `edit`. */
async function romeCopy(name: string, file: string, edit: (content: string) => string): Promise<string> {
  const dir = path.join(scratch, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  for (const original of [FICHES_FILE, APPELLATIONS_FILE, HIERARCHY_FILE]) {
    await copyFile(path.join(ROME_DIR, original), path.join(dir, original));
  }
  const target = path.join(dir, file);
  await writeFile(target, edit(await readFile(target, 'utf8')));
  return dir;
}

describe('importRome', () => {
  it('imports the ROME 4.0 référentiel', async () => {
    const result = await importRome(orm.em.fork(), ROME_DIR);

    expect(result).toMatchObject({
      source: 'ROME',
      version: 'v460',
      changed: true,
      counts: { rome_grand_domaine: 14, rome_domaine: 110, metier: 1584, appellation: 13120 },
    });
    expect(await count('rome_grand_domaine')).toBe(14);
    expect(await count('rome_domaine')).toBe(110);
    expect(await count('metier')).toBe(1584);
    expect(await count('appellation')).toBe(13120);
    const [coffreur] = await query<Record<string, unknown>>(`select * from metier where code = 'F1701'`);
    expect(coffreur).toMatchObject({
      label: 'Coffreur / Coffreuse',
      domaine_code: 'F17',
      ogr_code: 174,
      rome_v3code: 'F1701',
    });
    expect(coffreur?.search_text).toContain('coffreur bancheur');
    const [appellation] = await query<Record<string, unknown>>(`select * from appellation where code = 12679`);
    expect(appellation).toMatchObject({ metier_code: 'F1701', principal: true, rarely_used: false });
    const [recorded] = await query<{ version: string; counts: Record<string, number> }>(
      `select version, counts from reference_import where source = 'ROME' order by id desc limit 1`,
    );
    expect(recorded).toMatchObject({ version: 'v460', counts: { metier: 1584, appellation: 13120 } });
  });

  it('changes nothing when run again', async () => {
    const before = await checksums(ROME_TABLES);

    const result = await importRome(orm.em.fork(), ROME_DIR);

    expect(result.changed).toBe(false);
    expect(result.written).toEqual({ rome_grand_domaine: 0, rome_domaine: 0, metier: 0, appellation: 0 });
    expect(await checksums(ROME_TABLES)).toEqual(before);
  });

  it('updates only what the files changed', async () => {
    const dir = await romeCopy('relabelled', FICHES_FILE, (csv) =>
      csv.replace('"Coffreur / Coffreuse","Emploi', '"Coffreur / Coffreuse de chantier","Emploi'),
    );
    const importsBefore = await count('reference_import');

    const result = await importRome(orm.em.fork(), dir);

    expect(result.changed).toBe(true);
    expect(result.written).toEqual({ rome_grand_domaine: 0, rome_domaine: 0, metier: 1, appellation: 0 });
    expect(await count('metier', `label = 'Coffreur / Coffreuse de chantier'`)).toBe(1);
    expect(await count('reference_import')).toBe(importsBefore + 1);
    expect((await importRome(orm.em.fork(), ROME_DIR)).written.metier).toBe(1);
  });

  it('fails on a malformed record, naming file, line and field, and writes nothing', async () => {
    const badLine = '"12679","Coffreur / Coffreuse","Coffreur / Coffreuse","F1701"';
    const dir = await romeCopy('malformed', APPELLATIONS_FILE, (csv) =>
      csv.replace(badLine, badLine.replace('F1701', 'F17O1')),
    );
    const lineNumber = (await readFile(path.join(ROME_DIR, APPELLATIONS_FILE), 'utf8')).split('\n')
      .findIndex((line) => line.startsWith(badLine)) + 1;
    const before = await checksums(ROME_TABLES);

    await expect(importRome(orm.em.fork(), dir)).rejects.toThrow(
      `${APPELLATIONS_FILE}, line ${lineNumber}, field code_rome: "F17O1" does not match`,
    );
    expect(await checksums(ROME_TABLES)).toEqual(before);
  });

  it('fails naming a missing file', async () => {
    const dir = await romeCopy('incomplete', FICHES_FILE, (csv) => csv);
    await rm(path.join(dir, HIERARCHY_FILE));

    await expect(importRome(orm.em.fork(), dir)).rejects.toThrow('missing ROME file cr_gd_dp_v*_utf8.csv');
  });
});

describe('importTerritories', () => {
  it('imports régions, départements and communes with postal codes and centre points', async () => {
    const result = await importTerritories(orm.em.fork(), { postalCsv: POSTAL_CSV });

    expect(result).toMatchObject({
      source: 'TERRITORIES',
      version: '@etalab/decoupage-administratif@6.0.0+laposte_hexasmal_2019.csv',
      changed: true,
      counts: { region: 18, departement: 101, commune: 34875 },
    });
    expect(await count('region')).toBe(18);
    expect(await count('departement')).toBe(101);
    expect(await count('commune')).toBe(34875);
    const [libourne] = await query<Record<string, unknown>>(`select * from commune where code = '33243'`);
    expect(libourne).toMatchObject({ name: 'Libourne', departement_code: '33', postal_codes: ['33500'] });
    expect(libourne?.latitude).toBeCloseTo(44.913, 2);
    expect(libourne?.longitude).toBeCloseTo(-0.2347, 2);
    const [saintDenis] = await query<Record<string, unknown>>(`select * from commune where code = '93066'`);
    expect(saintDenis).toMatchObject({
      name: 'Saint-Denis',
      departement_code: '93',
      postal_codes: ['93200', '93210', '93380'],
    });
    // La Poste lists Paris, Marseille and Lyon by arrondissement only: their centre is the arrondissements' mean.
    const [paris] = await query<{ latitude: number; longitude: number }>(`select * from commune where code = '75056'`);
    expect(paris?.latitude).toBeCloseTo(48.86, 1);
    expect(paris?.longitude).toBeCloseTo(2.34, 1);
    expect(await count('commune', `code in ('13055', '69123') and latitude is not null`)).toBe(2);
    expect(await count('commune', 'latitude is null')).toBe(5);
  });

  it('changes nothing when run again', async () => {
    const before = await checksums(TERRITORY_TABLES);

    const result = await importTerritories(orm.em.fork(), { postalCsv: POSTAL_CSV });

    expect(result.changed).toBe(false);
    expect(await checksums(TERRITORY_TABLES)).toEqual(before);
  });

  it('keeps the stored centre points when run without the La Poste file', async () => {
    const result = await importTerritories(orm.em.fork());

    expect(result.written).toEqual({ region: 0, departement: 0, commune: 0 });
    expect(await count('commune', 'latitude is not null')).toBe(34870);
  });
});

describe('importNaf', () => {
  it('imports NAF rév. 2 with its sections', async () => {
    const result = await importNaf(orm.em.fork());

    expect(result).toMatchObject({ source: 'NAF', version: 'rev2+@socialgouv/codes-naf@1.1.1', changed: true });
    const levels = await query<{ level: string; n: string }>(
      'select level, count(*) as n from naf_activity group by level',
    );
    expect(Object.fromEntries(levels.map((l) => [l.level, Number(l.n)]))).toEqual({
      SECTION: 21,
      DIVISION: 88,
      GROUP: 272,
      CLASS: 615,
      SUBCLASS: 732,
    });
    const chain = await query<{ code: string; level: string; parent_code: string | null }>(
      `with recursive up as (
         select code, level, parent_code, 0 as depth from naf_activity where code = '88.99B'
         union all
         select n.code, n.level, n.parent_code, up.depth + 1 from naf_activity n join up on n.code = up.parent_code
       ) select code, level, parent_code from up order by depth`,
    );
    expect(chain).toEqual([
      { code: '88.99B', level: 'SUBCLASS', parent_code: '88.99' },
      { code: '88.99', level: 'CLASS', parent_code: '88.9' },
      { code: '88.9', level: 'GROUP', parent_code: '88' },
      { code: '88', level: 'DIVISION', parent_code: 'Q' },
      { code: 'Q', level: 'SECTION', parent_code: null },
    ]);
  });

  it('changes nothing when run again', async () => {
    const before = await checksums(NAF_TABLES);

    const result = await importNaf(orm.em.fork());

    expect(result.changed).toBe(false);
    expect(await checksums(NAF_TABLES)).toEqual(before);
  });
});

describe('import commands', () => {
  const ctx = () => ({ em: orm.em.fork(), logger: createLogger('silent') });

  it.each([
    ['import-rome with an unknown option', () => importRomeCommand.run(['--folder', ROME_DIR], ctx())],
    ['import-rome without --dir', () => importRomeCommand.run([], ctx())],
    ['import-territories with --postal-csv but no file', () => importTerritoriesCommand.run(['--postal-csv'], ctx())],
    ['import-naf with a stray argument', () => importNafCommand.run(['now'], ctx())],
  ])('rejects %s with a UsageError', async (_name, run) => {
    await expect(run()).rejects.toBeInstanceOf(UsageError);
  });

  it('prints one summary line', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await importNafCommand.run([], ctx());
      expect(log).toHaveBeenCalledTimes(1);
      expect(log.mock.calls[0]?.[0]).toBe(
        'NAF rev2+@socialgouv/codes-naf@1.1.1: unchanged (naf_activity 1728 read, 0 written)',
      );
    } finally {
      log.mockRestore();
    }
  });
});
