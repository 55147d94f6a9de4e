import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { referAParticipant } from '../schema/examples/refer-a-participant';
import { TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

const EXAMPLES = path.resolve(__dirname, '../schema/examples');
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

/** Every example operation of schema/examples runs without error and returns data against the demo network. */
describe.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.graphql')))('schema/examples/%s', (file) => {
  it.each([
    ['the CRÉPI portal', TOKENS.portal],
    ['a PLIE counsellor', TOKENS.plie],
  ])('runs for %s', async (_who, token) => {
    const data = await t.client(token).request<Record<string, unknown>>(readFileSync(path.join(EXAMPLES, file), 'utf8'));
    const lists = Object.values(data).filter((v): v is { edges: unknown[] } => typeof v === 'object' && v !== null && 'edges' in v);
    expect(lists.length).toBeGreaterThan(0);
    // the demo network answers every example for the portal; a counsellor may see fewer referrals
    if (token === TOKENS.portal && file !== 'my-referrals.graphql') expect(lists.some((l) => l.edges.length > 0)).toBe(true);
  });
});

describe('schema/examples/refer-a-participant.ts', () => {
  it('refers a participant and gets the host to accept, against the demo network', async () => {
    const first = await referAParticipant(t.server.url, TOKENS.franceTravail, TOKENS.crepi);
    expect(first.statuses).toEqual(['PENDING', 'ACCEPTED']);
  });
});
