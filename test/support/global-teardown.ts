import type { RunningDatabase } from '../../src/db/embedded-database';
import { dropDatabase } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.RELAIS_TEST_ADMIN_URL;
  const template = process.env.RELAIS_TEST_TEMPLATE;
  if (adminUrl && template) await dropDatabase(adminUrl, template);
  const embedded = (globalThis as Record<string, unknown>).__relaisEmbedded as RunningDatabase | undefined;
  if (embedded) await embedded.stop();
}
