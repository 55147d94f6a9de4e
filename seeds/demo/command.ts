import { UsageError, type CliCommand } from '../../src/common/cli-command';
import { DEMO_TOKENS, seedDemoNetwork } from './index';

/** `seed-demo`: seeds the demo network into the configured database, unless it is there already. */
export const seedDemoCommand: CliCommand = {
  name: 'seed-demo',
  summary: 'Seeds the demo network (structures, companies, sessions, offers, participants, referrals, demo tokens) once.',
  usage: 'seed-demo',
  async run(args, { em }) {
    if (args.length > 0) throw new UsageError(`seed-demo takes no arguments (got ${args.join(' ')})`);
    const { seeded } = await seedDemoNetwork(em);
    if (!seeded) {
      console.log('demo network already seeded: nothing done');
      return;
    }
    console.log('demo network seeded; demo tokens:');
    for (const token of DEMO_TOKENS) console.log(`  ${token.role.padEnd(20)} ${token.secret.padEnd(26)} ${token.email}`);
  },
};
