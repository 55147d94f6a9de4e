import { AccountRole } from '../../src/access/rules/account-role';
import { CompanySizeBand } from '../../src/network/rules/company-size-band';
import { StructureKind } from '../../src/network/rules/structure-kind';
import type { Clock } from './clock';
import { DAY_MS } from './clock';
import type { CompanyPlan } from './companies';
import { defineCopyTable, type CopyRow } from './copy-writer';
import { emailLocalPart, personName } from './names';
import type { Random } from './prng';
import type { StructurePlan } from './structures';

/**
 * Accounts, as the hub keeps them: one network admin; for every structure an admin and its counsellors or
 * animators (more for the big ones); a portal integration per CRÉPI; an admin for every company (plus staff in
 * medium and large ones); and accounts for some participants (the mobile app). Ids are given here, in that order.
 */
export interface AccountPlan {
  id: number;
  email: string;
  displayName: string;
  role: AccountRole;
  structureId: number | null;
  companyId: number | null;
  participantId: number | null;
  createdAt: Date;
}

export interface OrganisationAccounts {
  plans: AccountPlan[];
  networkAdminId: number;
  /** PARTNER_INTEGRATION accounts of the CRÉPI portals, by structure id. */
  portalByStructure: Map<number, number>;
  /** The next free account id (participants' accounts follow). */
  nextId: number;
}

export function planOrganisationAccounts(structures: StructurePlan[], companies: CompanyPlan[], clock: Clock, rng: Random): OrganisationAccounts {
  const plans: AccountPlan[] = [];
  let nextId = 1;
  const add = (plan: Omit<AccountPlan, 'id'>): number => {
    const id = nextId++;
    plans.push({ ...plan, id });
    return id;
  };
  const networkAdminId = add({
    email: 'admin@bench.relais.example.org', displayName: 'Équipe Relais (benchmark)', role: AccountRole.NETWORK_ADMIN,
    structureId: null, companyId: null, participantId: null, createdAt: new Date(clock.nowMs - 900 * DAY_MS),
  });
  for (const s of structures) {
    const domain = s.email.slice(s.email.indexOf('@') + 1);
    const person = (role: AccountRole) => {
      const { firstName, lastName } = personName(rng);
      const id = nextId;
      return add({
        email: `${emailLocalPart(firstName, lastName)}.${id}@${domain}`, displayName: `${firstName} ${lastName} (${s.name})`, role,
        structureId: s.id, companyId: null, participantId: null, createdAt: new Date(s.createdAt.getTime() + rng.int(0, 100) * DAY_MS),
      });
    };
    s.adminAccountId = person(AccountRole.STRUCTURE_ADMIN);
    const staff = Math.max(1, Math.min(12, Math.round(s.weight * rng.between(0.8, 1.6))));
    s.staffAccountIds = Array.from({ length: staff }, () => person(AccountRole.STRUCTURE_STAFF));
  }
  const portalByStructure = new Map<number, number>();
  for (const s of structures) {
    if (s.kind !== StructureKind.CREPI) continue;
    const domain = s.email.slice(s.email.indexOf('@') + 1);
    portalByStructure.set(s.id, add({
      email: `portail@${domain}`, displayName: `Portail du ${s.name}`, role: AccountRole.PARTNER_INTEGRATION,
      structureId: s.id, companyId: null, participantId: null, createdAt: s.createdAt,
    }));
  }
  for (const c of companies) {
    const domain = `company-${c.id}.example.com`;
    const person = (role: AccountRole) => {
      const { firstName, lastName } = personName(rng);
      const id = nextId;
      return add({
        email: `${emailLocalPart(firstName, lastName)}.${id}@${domain}`, displayName: `${firstName} ${lastName} (${c.name})`, role,
        structureId: null, companyId: c.id, participantId: null, createdAt: new Date(c.createdAt.getTime() + rng.int(0, 60) * DAY_MS),
      });
    };
    c.adminAccountId = person(AccountRole.COMPANY_ADMIN);
    if (c.sizeBand === CompanySizeBand.MEDIUM || c.sizeBand === CompanySizeBand.LARGE) c.staffAccountId = person(AccountRole.COMPANY_STAFF);
  }
  for (const p of plans) if (p.createdAt.getTime() > clock.nowMs) p.createdAt = new Date(clock.nowMs - DAY_MS);
  return { plans, networkAdminId, portalByStructure, nextId };
}

export const ACCOUNT_TABLE = defineCopyTable('account', [
  'id', 'email', 'display_name', 'role', 'structure_id', 'company_id', 'participant_id', 'created_at', 'disabled_at',
] as const);

export type AccountRow = CopyRow<(typeof ACCOUNT_TABLE.columns)[number]>;

export function* accountRows(plans: Iterable<AccountPlan>): Generator<AccountRow> {
  for (const a of plans) {
    yield {
      id: a.id, email: a.email, display_name: a.displayName, role: a.role, structure_id: a.structureId, company_id: a.companyId,
      participant_id: a.participantId, created_at: a.createdAt, disabled_at: null,
    };
  }
}
