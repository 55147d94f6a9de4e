import type { EntityManager } from '@mikro-orm/postgresql';
import { ReferenceImport } from '../../src/db/entities';
import { DemoAccounts } from './accounts';
import { clockAt } from './calendar';
import { createCommitments } from './commitments';
import { createCompanies, DEMO_COMPANIES } from './companies';
import { createOffers } from './offers';
import { createParticipants } from './participants';
import { createProgrammes } from './programmes';
import { DemoReference, insertReferenceRows } from './reference';
import { createReferrals } from './referrals';
import { createSessions, DEMO_SESSIONS } from './sessions';
import { createStructures } from './structures';

export { DEMO_TOKENS, type DemoToken } from './tokens';

/** The ReferenceImport source that marks the demo network as seeded. */
export const DEMO_SOURCE = 'DEMO';
const DEMO_VERSION = '1';

/** Serialises concurrent seeders: several instances may start on an empty database at once. */
const SEED_LOCK_SQL = `select pg_advisory_xact_lock(hashtext('relais.seed-demo'))`;

export interface SeedDemoOptions {
  /** The seed time every date is relative to (default: now); tests move it to check any day works. */
  now?: Date;
}

/**
 * Seeds the demo network once: a CRÉPI in Seine-Saint-Denis, a PLIE, a mission locale and an MFR in Gironde, SIAE
 * near Valenciennes, their companies, sessions, immersion offers, participants, referrals and commitments, dated
 * from now. Does nothing if it was seeded before (a ReferenceImport row with source DEMO). One transaction.
 */
export async function seedDemoNetwork(em: EntityManager, options: SeedDemoOptions = {}): Promise<{ seeded: boolean }> {
  return em.transactional(async (tx) => {
    await tx.execute(SEED_LOCK_SQL);
    if ((await tx.count(ReferenceImport, { source: DEMO_SOURCE })) > 0) return { seeded: false };
    const counts = await buildDemoNetwork(tx, options.now ?? new Date());
    tx.create(ReferenceImport, { source: DEMO_SOURCE, version: DEMO_VERSION, counts });
    await tx.flush();
    return { seeded: true };
  });
}

/** Writes the network phase by phase (one flush each); returns the rows written per table. */
async function buildDemoNetwork(em: EntityManager, now: Date): Promise<Record<string, number>> {
  const clock = clockAt(now);
  const referenceCounts = await insertReferenceRows(em);
  const reference = await DemoReference.load(em);

  const structures = createStructures(em, reference);
  const companies = createCompanies(em, reference, structures);
  const accounts = new DemoAccounts();
  accounts.create(em, { structures, companies }, 'staff');
  await em.flush();

  const participants = createParticipants(em, clock, structures, accounts);
  accounts.create(em, { structures, companies, participants }, 'participants');
  await em.flush();

  const sessions = createSessions(em, clock, reference, structures, companies);
  const offers = createOffers(em, clock, reference, companies);
  const referrals = createReferrals(em, clock, { structures, participants, sessions, offers, accounts });
  const commitments = createCommitments(em, clock, companies, structures);
  const programmes = createProgrammes(em, clock, reference, structures, companies, sessions);
  await em.flush();

  const apiTokens = await accounts.issueDemoTokens(em);

  return {
    ...referenceCounts,
    structure: Object.keys(structures).length,
    company: Object.keys(companies).length,
    company_membership: Object.values(DEMO_COMPANIES).filter((c) => 'memberOf' in c).length,
    account: accounts.byEmail.size,
    participant: Object.keys(participants).length,
    participant_personal_data: Object.keys(participants).length,
    session: Object.keys(sessions).length + programmes.workshops,
    session_metier: Object.values(DEMO_SESSIONS).reduce((sum, s) => sum + s.metiers.length, 0) + programmes.workshopMetiers,
    immersion_offer: Object.keys(offers).length,
    referral: referrals.referrals,
    referral_transition: referrals.transitions,
    commitment: commitments,
    programme: programmes.programmes,
    session_series: programmes.series,
    multi_site_event: programmes.events,
    api_token: apiTokens,
  };
}
