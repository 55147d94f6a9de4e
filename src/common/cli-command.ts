import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from './logger';

/** A `relais` sub-command: parses its own arguments, works in one forked EntityManager. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the exit status (0 when it resolves to nothing): 1 for a command that did its job with rejects. */
  run(args: string[], ctx: { em: EntityManager; logger: Logger }): Promise<number | void>;
}

/** Thrown for bad arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
