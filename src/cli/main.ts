import 'reflect-metadata';
import { importNafCommand } from '../../seeds/importers/naf-command';
import { importRomeCommand } from '../../seeds/importers/rome-command';
import { importRomeCompetencesCommand } from '../../seeds/importers/rome-competences-command';
import { importTerritoriesCommand } from '../../seeds/importers/territories-command';
import { seedDemoCommand } from '../../seeds/demo/command';
import { loadConfig } from '../server/config';
import { openDatabase } from '../db/database';
import { createLogger } from '../server/logger';
import { initOrm, migrate } from '../db/orm';
import { UsageError, type CliCommand } from '../common/cli-command';
import { tokenCommands } from './token-commands';
import { importCompaniesCommand } from './import-companies-command';

const COMMANDS: CliCommand[] = [
  ...tokenCommands,
  importRomeCommand,
  importRomeCompetencesCommand,
  importTerritoriesCommand,
  importNafCommand,
  importCompaniesCommand,
  seedDemoCommand,
];

function help(): string {
  return ['Usage: npm run cli -- <command> [options]', '', ...COMMANDS.map((c) => `  ${c.usage}\n      ${c.summary}`)].join('\n');
}

/** `relais <command>`: runs one command against the configured database (migrated first). */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(name && name !== '--help' ? `Unknown command: ${name}\n\n${help()}` : help());
    return name && name !== '--help' ? 2 : 0;
  }
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config, logger);
  const orm = await initOrm(db.url);
  try {
    await migrate(orm);
    return (await command.run(args, { em: orm.em.fork(), logger })) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nUsage: ${command.usage}`);
      return 2;
    }
    throw error;
  } finally {
    await orm.close();
    await db.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
