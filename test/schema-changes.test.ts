import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, print, visit, type ObjectTypeDefinitionNode, type EnumTypeDefinitionNode } from 'graphql';
import { acceptedBreakingPaths, changeKey, checkSchema, checkSchemaFiles, DEFAULT_FILES, passes } from '../src/cli/schema-diff';

/**
 * The schema check itself (`npm run schema:check`, in CI): a breaking change fails it unless a dated CHANGELOG.md
 * section lists it; additions and dangerous changes pass; every example operation must validate. Here rather than
 * beside src/cli (unit tests take milliseconds): each diff of the whole schema takes about a second, and the last case
 * runs the command as CI does.
 */

const ROOT = path.resolve(__dirname, '..');
const released = readFileSync(path.join(ROOT, 'schema/released.graphql'), 'utf8');
// The schema of the code: the examples are written against it, which may hold more than the last release.
const current = readFileSync(path.join(ROOT, 'schema/schema.graphql'), 'utf8');
const CHANGELOG = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');

/** The released schema with `edit` applied to one object type. */
function editType(sdl: string, type: string, edit: (node: ObjectTypeDefinitionNode) => ObjectTypeDefinitionNode): string {
  return print(visit(parse(sdl), { ObjectTypeDefinition: (node) => (node.name.value === type ? edit(node) : undefined) }));
}
const withoutField = (sdl: string, type: string, field: string) =>
  editType(sdl, type, (node) => {
    expect(node.fields?.some((f) => f.name.value === field)).toBe(true);
    return { ...node, fields: node.fields?.filter((f) => f.name.value !== field) };
  });
const withNewField = (sdl: string, type: string) =>
  editType(sdl, type, (node) => ({ ...node, fields: [...(node.fields ?? []), { ...node.fields![0]!, name: { ...node.fields![0]!.name, value: 'addedInParallel' }, arguments: [] }] }));

const check = (current: string, changelog = CHANGELOG, examples: { file: string; source: string }[] = []) => checkSchema({ released, current, changelog, examples });

describe('schema check', () => {
  it('passes on the repository as it is (the current schema against the released one, the examples)', async () => {
    const report = await checkSchemaFiles(DEFAULT_FILES);
    expect(report.unlistedBreaking.map(changeKey)).toEqual([]);
    expect(report.invalidExamples).toEqual([]);
    expect(report.changelogProblems).toEqual([]);
  });

  it('fails on a field removed, and names it', async () => {
    const report = await check(withoutField(released, 'Session', 'startsAt'));
    expect(report.unlistedBreaking.map(changeKey)).toEqual(['Session.startsAt']);
    expect(passes(report)).toBe(false);
  });

  it('passes the same change once a dated CHANGELOG.md section lists it', async () => {
    const changelog = `${CHANGELOG}\n## 2026-12-03\n\n- BREAKING \`Session.startsAt\`: removed; read \`Session.slot.startsAt\` instead.\n`;
    const report = await check(withoutField(released, 'Session', 'startsAt'), changelog);
    expect(report.unlistedBreaking).toEqual([]);
    expect(report.acceptedBreaking.map(changeKey)).toEqual(['Session.startsAt']);
    expect(passes(report)).toBe(true);
    // A type listed covers what lies under it.
    expect(passes(await check(withoutField(released, 'Session', 'startsAt'), `## 2026-12-03\n- BREAKING \`Session\`: reshaped\n`))).toBe(true);
  });

  it('does not accept an entry outside a dated section, or under a date that is not one', async () => {
    for (const changelog of ['- BREAKING `Session.startsAt`: removed\n', '## Unreleased\n- BREAKING `Session.startsAt`: removed\n', '## 2026-13-45\n- BREAKING `Session.startsAt`: removed\n']) {
      const report = await check(withoutField(released, 'Session', 'startsAt'), changelog);
      expect(report.unlistedBreaking.map(changeKey)).toEqual(['Session.startsAt']);
      expect(passes(report)).toBe(false);
    }
    expect(acceptedBreakingPaths('## 2026-12-03\n- BREAKING `A.b`: x\n* BREAKING `C`: y\n- `D.e` added\n').paths).toEqual(new Set(['A.b', 'C']));
  });

  it('passes additions (other engineers add types and fields) and dangerous changes, reporting the latter', async () => {
    const added = await check(withNewField(released, 'Session') + '\n"""A type added meanwhile."""\ntype AddedMeanwhile { """Its id."""\n id: ID! }\n');
    expect(added.safe.length).toBeGreaterThan(0);
    expect(added.unlistedBreaking).toEqual([]);
    expect(passes(added)).toBe(true);
    // A value added to an enum clients read is dangerous (a client's switch may not know it): reported, not failing.
    const enumName = (parse(released).definitions.find((d) => d.kind === 'EnumTypeDefinition') as EnumTypeDefinitionNode).name.value;
    const withValue = print(visit(parse(released), { EnumTypeDefinition: (node) => (node.name.value === enumName ? { ...node, values: [...(node.values ?? []), { ...node.values![0]!, name: { ...node.values![0]!.name, value: 'ADDED_MEANWHILE' } }] } : undefined) }));
    const dangerous = await check(withValue);
    expect(dangerous.dangerous.map(changeKey)).toEqual([`${enumName}.ADDED_MEANWHILE`]);
    expect(passes(dangerous)).toBe(true);
  });

  it('fails on an example operation that does not validate against the current schema', async () => {
    const report = await check(released, CHANGELOG, [
      { file: 'fine.graphql', source: 'query Fine { viewer { id } }' },
      { file: 'stale.graphql', source: 'query Stale { viewer { noSuchField } }' },
      { file: 'broken.graphql', source: 'query {' },
    ]);
    expect(report.invalidExamples.map((e) => e.file)).toEqual(['stale.graphql', 'broken.graphql']);
    expect(report.invalidExamples[0]!.errors[0]).toMatch(/noSuchField/);
    expect(passes(report)).toBe(false);
  });

  it('makes the command fail (exit 1) on the breaking change, and pass once listed: what CI runs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-schema-'));
    mkdirSync(path.join(dir, 'examples'));
    cpSync(path.join(ROOT, 'schema/examples'), path.join(dir, 'examples'), { recursive: true });
    const run = (current: string, changelog: string) => {
      writeFileSync(path.join(dir, 'current.graphql'), current);
      writeFileSync(path.join(dir, 'CHANGELOG.md'), changelog);
      return spawnSync(
        process.execPath,
        ['-r', path.join(ROOT, 'test/faults/support/register-ts.cjs'), path.join(ROOT, 'src/cli/schema-diff.ts'), '--current', path.join(dir, 'current.graphql'), '--changelog', path.join(dir, 'CHANGELOG.md'), '--examples', path.join(dir, 'examples')],
        { cwd: ROOT, encoding: 'utf8' },
      );
    };
    // Session.description: no example reads it.
    const failing = run(withoutField(current, 'Session', 'description'), CHANGELOG);
    expect(failing.status).toBe(1);
    expect(failing.stderr).toMatch(/not listed in CHANGELOG.md:\n  Session\.description: /);
    const listed = `${CHANGELOG}\n## 2026-12-03\n\n- BREAKING \`Session.description\`: removed.\n`;
    const passing = run(withoutField(current, 'Session', 'description'), listed);
    expect(passing.stderr).toBe('');
    expect(passing.status).toBe(0);
    // Listed or not, a field the examples read fails them: the examples are fixed with the change.
    const used = run(withoutField(current, 'Session', 'startsAt'), `${CHANGELOG}\n## 2026-12-03\n\n- BREAKING \`Session.startsAt\`: removed.\n`);
    expect(used.status).toBe(1);
    expect(used.stderr).toMatch(/schema\/examples\/.*\.graphql does not validate:\n  Cannot query field "startsAt" on type "Session"/);
  });
});
