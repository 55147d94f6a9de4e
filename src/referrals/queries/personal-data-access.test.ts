import type { EntityManager } from '@mikro-orm/postgresql';
import { PersonalDataAccess } from '../../access/personal-data-access';
import { AccountRole } from '../../access/rules/account-role';
import type { Viewer } from '../../access/rules/viewer';
import { ReferralStatus } from '../rules/referral-status';
import { personalDataAccess } from './personal-data-access';

const { NONE, HOST, HOST_CONTACT, FULL } = PersonalDataAccess;

function viewer(role: AccountRole, ids: Partial<Pick<Viewer, 'structureId' | 'companyId' | 'participantId'>> = {}): Viewer {
  return { accountId: 1, tokenId: 1, email: 'a@example.org', displayName: 'A', role, structureId: null, companyId: null, participantId: null, ...ids };
}

type Relation = { id: number; full: boolean; host: boolean; accepted: boolean };

/** An EntityManager whose one statement answers `rows`; records what it was asked. */
function fakeEm(rows: Relation[]): { em: EntityManager; calls: { sql: string; params: unknown[] }[] } {
  const calls: { sql: string; params: unknown[] }[] = [];
  const connection = {
    execute: async (sql: string, params: unknown[]) => {
      calls.push({ sql, params });
      return rows;
    },
  };
  return { em: { getConnection: () => connection } as unknown as EntityManager, calls };
}

describe('personalDataAccess', () => {
  it('gives a network admin full access without asking the database', async () => {
    const { em, calls } = fakeEm([]);
    const access = await personalDataAccess(em, viewer(AccountRole.NETWORK_ADMIN), [1, 2, 2]);
    expect([...access]).toEqual([
      [1, FULL],
      [2, FULL],
    ]);
    expect(calls).toEqual([]);
  });

  it('gives a participant their own data, and nobody else’s', async () => {
    const { em, calls } = fakeEm([]);
    const access = await personalDataAccess(em, viewer(AccountRole.PARTICIPANT, { participantId: 7 }), [7, 8]);
    expect(access.get(7)).toBe(FULL);
    expect(access.get(8)).toBe(NONE);
    expect(calls).toEqual([]);
  });

  it('never shows people to a read-only integration, even of a structure', async () => {
    const { em, calls } = fakeEm([{ id: 3, full: true, host: true, accepted: true }]);
    const access = await personalDataAccess(em, viewer(AccountRole.PARTNER_INTEGRATION, { structureId: 5 }), [3]);
    expect(access.get(3)).toBe(NONE);
    expect(calls).toEqual([]);
  });

  it('decides for structure and company staff from what the statement finds, NONE for a participant it does not find', async () => {
    const { em, calls } = fakeEm([
      { id: 1, full: true, host: false, accepted: false },
      { id: 2, full: false, host: true, accepted: true },
      { id: 3, full: false, host: true, accepted: false },
      { id: 4, full: false, host: false, accepted: false },
    ]);
    const access = await personalDataAccess(em, viewer(AccountRole.COMPANY_STAFF, { companyId: 9 }), [1, 2, 3, 4, 5]);
    expect(Object.fromEntries(access)).toEqual({ 1: FULL, 2: HOST_CONTACT, 3: HOST, 4: NONE, 5: NONE });
    expect(calls).toHaveLength(1);
  });

  it('counts as accepted by the host every referral it said yes to, a no-show included, and no other', async () => {
    const { em, calls } = fakeEm([]);
    await personalDataAccess(em, viewer(AccountRole.STRUCTURE_STAFF, { structureId: 4 }), [1]);
    const statuses = calls[0]!.params.filter((p): p is ReferralStatus => Object.values(ReferralStatus).includes(p as ReferralStatus));
    expect(statuses.sort()).toEqual([ReferralStatus.ACCEPTED, ReferralStatus.ATTENDED, ReferralStatus.NO_SHOW, ReferralStatus.COMPLETED].sort());
  });
});
