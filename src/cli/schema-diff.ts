import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';

// src/cli from the sources (tests), dist/src/cli once built (npm run schema:check).
const ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../../..' : '../..');

/** Where the check reads, by default (the repository's files); `--released`, `--current`, `--changelog`, `--examples` override. */
export const DEFAULT_FILES = {
  released: path.join(ROOT, 'schema/released.graphql'),
  current: path.join(ROOT, 'schema/schema.graphql'),
  changelog: path.join(ROOT, 'CHANGELOG.md'),
  examples: path.join(ROOT, 'schema/examples'),
};

/** A dated section of CHANGELOG.md: `## 2026-12-02`. */
const SECTION = /^##\s+(\d{4}-\d{2}-\d{2})\s*$/;
/** A breaking change accepted in a section: `- BREAKING \`Type.field\`: why, and what clients do instead`. */
const BREAKING_LINE = /^[-*]\s+BREAKING\s+`([^`]+)`/;

export interface SchemaCheckReport {
  /** Breaking changes listed in a dated CHANGELOG.md section: accepted. */
  acceptedBreaking: Change[];
  /** Breaking changes listed nowhere: the check fails. */
  unlistedBreaking: Change[];
  /** May change what a client sees (an enum value added, a default changed): reported, never failing. */
  dangerous: Change[];
  safe: Change[];
  /** Example operations that do not validate against the current schema: the check fails. */
  invalidExamples: { file: string; errors: string[] }[];
  /** Lines of CHANGELOG.md that look like a breaking entry but are not under a valid date: the check fails. */
  changelogProblems: string[];
}

/** The key a change is listed by in CHANGELOG.md: its schema coordinate (`Type.field.argument`), or its type when it has none. */
export const changeKey = (change: Change): string => change.path ?? String(change.type);

/**
 * The paths of the breaking changes CHANGELOG.md accepts: each `- BREAKING \`path\`` line under a `## YYYY-MM-DD`
 * heading (a real date). A path also covers what lies under it (`Session` covers `Session.startsAt`).
 */
export function acceptedBreakingPaths(changelog: string): { paths: Set<string>; problems: string[] } {
  const paths = new Set<string>();
  const problems: string[] = [];
  let dated = false;
  for (const [index, line] of changelog.split('\n').entries()) {
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading) {
      const date = SECTION.exec(line)?.[1];
      dated = date !== undefined && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
      if (!dated) problems.push(`line ${index + 1}: "${line}" is not a "## YYYY-MM-DD" section`);
      continue;
    }
    const entry = BREAKING_LINE.exec(line);
    if (!entry) continue;
    if (dated) paths.add(entry[1]!);
    else problems.push(`line ${index + 1}: a BREAKING entry outside a dated section`);
  }
  return { paths, problems };
}

const listed = (paths: Set<string>, key: string) => [...paths].some((p) => key === p || key.startsWith(`${p}.`));

/** Compares the released schema with the current one and validates the examples against the current one. */
export async function checkSchema(input: { released: string; current: string; changelog: string; examples: { file: string; source: string }[] }): Promise<SchemaCheckReport> {
  const released = buildSchema(input.released);
  const current = buildSchema(input.current);
  const changes = await diff(released, current);
  const { paths, problems } = acceptedBreakingPaths(input.changelog);
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
  return {
    acceptedBreaking: breaking.filter((c) => listed(paths, changeKey(c))),
    unlistedBreaking: breaking.filter((c) => !listed(paths, changeKey(c))),
    dangerous: changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous),
    safe: changes.filter((c) => c.criticality.level === CriticalityLevel.NonBreaking),
    invalidExamples: input.examples.map(({ file, source }) => ({ file, errors: validateOperation(current, source) })).filter((e) => e.errors.length > 0),
    changelogProblems: problems,
  };
}

function validateOperation(schema: GraphQLSchema, source: string): string[] {
  try {
    return validate(schema, parse(source)).map((e) => e.message);
  } catch (error) {
    return [(error as Error).message];
  }
}

/** Whether the report lets CI pass. */
export const passes = (report: SchemaCheckReport): boolean => report.unlistedBreaking.length === 0 && report.invalidExamples.length === 0 && report.changelogProblems.length === 0;

/** Reads the files (defaults: the repository's) and checks them. */
export async function checkSchemaFiles(files: typeof DEFAULT_FILES): Promise<SchemaCheckReport> {
  const names = (await readdir(files.examples)).filter((f) => f.endsWith('.graphql')).sort();
  return checkSchema({
    released: await readFile(files.released, 'utf8'),
    current: await readFile(files.current, 'utf8'),
    changelog: await readFile(files.changelog, 'utf8').catch(() => ''),
    examples: await Promise.all(names.map(async (file) => ({ file, source: await readFile(path.join(files.examples, file), 'utf8') }))),
  });
}

/**
 * `npm run schema:diff` (and `schema:check`, in CI): fails on a breaking change of schema/schema.graphql since
 * schema/released.graphql that no dated CHANGELOG.md section lists, and on an example operation that does not
 * validate (CONTRIBUTING.md, "Changing the schema").
 */
async function main(): Promise<void> {
  const files = { ...DEFAULT_FILES };
  for (const key of Object.keys(files) as (keyof typeof files)[]) {
    const at = process.argv.indexOf(`--${key}`);
    if (at > 0 && process.argv[at + 1]) files[key] = path.resolve(process.argv[at + 1]!);
  }
  const report = await checkSchemaFiles(files);
  const line = (c: Change) => `  ${changeKey(c)}: ${c.message}`;
  if (report.safe.length) console.log(`${report.safe.length} safe change(s) since the released schema`);
  if (report.dangerous.length) console.log(`dangerous (clients may see new values or defaults):\n${report.dangerous.map(line).join('\n')}`);
  if (report.acceptedBreaking.length) console.log(`breaking, listed in CHANGELOG.md:\n${report.acceptedBreaking.map(line).join('\n')}`);
  if (report.unlistedBreaking.length) {
    console.error(
      `breaking change(s) not listed in CHANGELOG.md:\n${report.unlistedBreaking.map(line).join('\n')}\n` +
        'Keep the old element (deprecate it with @deprecated), or list each path under a dated section:\n' +
        `  ## ${new Date().toISOString().slice(0, 10)}\n  - BREAKING \`${changeKey(report.unlistedBreaking[0]!)}\`: why, and what clients use instead`,
    );
  }
  for (const problem of report.changelogProblems) console.error(`CHANGELOG.md ${problem}`);
  for (const example of report.invalidExamples) console.error(`schema/examples/${example.file} does not validate:\n  ${example.errors.join('\n  ')}`);
  if (!passes(report)) process.exit(1);
  console.log('schema changes: no unlisted breaking change; the examples validate');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
