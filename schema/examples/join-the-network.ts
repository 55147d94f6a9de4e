/**
 * A company joins the network, with graphql-request: a network admin registers it (SIRET checked), then the CRÉPI's
 * admin adds it to the club with the day it joined and a standing hosting agreement. Both carry an idempotency key,
 * so running the script again changes nothing and answers the same.
 *
 *   npm run build && node dist/schema/examples/join-the-network.js
 *
 * Against the demo network: the network admin registers "Serrurerie du Canal" in Saint-Denis, and the animator of the
 * CRÉPI Île-de-France makes it a member. With the NAF nomenclature imported (`npm run cli -- import-naf`), add a
 * `nafCode` (`25.72Z`) to the company: it is checked against it.
 * Options (environment): RELAIS_URL (default http://127.0.0.1:4000/graphql), ADMIN_TOKEN, CLUB_TOKEN.
 */
import { ClientError } from 'graphql-request';
import { refusals, relaisClient } from './client';

export interface Joined {
  companyId: string;
  memberOf: string[];
  joinedOn: string | null;
  hostingAgreement: boolean;
}

const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id siret name commune { name } memberOf { id } } }
}`;

const ADD_CLUB_MEMBER = `mutation($input: AddClubMemberInput!) {
  addClubMember(input: $input) { company { id memberOf { id name } } club { name } joinedOn hostingAgreement }
}`;

export async function joinTheNetwork(url: string, adminToken: string, clubToken: string, nafCode?: string): Promise<Joined> {
  const admin = relaisClient(url, adminToken);
  const club = relaisClient(url, clubToken);

  // 1. The network admin registers the company. A SIRET already registered answers CONFLICT naming that company.
  const { createCompany } = await admin.request<{ createCompany: { company: { id: string } } }>(CREATE_COMPANY, {
    input: {
      siret: '852 914 671 00015',
      name: 'Serrurerie du Canal',
      ...(nafCode ? { nafCode } : {}),
      sizeBand: 'MICRO',
      address: '8 quai du Canal',
      communeCode: '93066',
      idempotencyKey: 'example-join-serrurerie-du-canal',
    },
  });

  // 2. The CRÉPI's admin adds it to its club (its own structure), from the first of the month.
  const { viewer } = await club.request<{ viewer: { structure: { id: string } } }>('{ viewer { structure { id } } }');
  const firstOfMonth = `${new Date().toISOString().slice(0, 7)}-01`;
  const { addClubMember } = await club.request<{ addClubMember: { company: { memberOf: { id: string }[] }; joinedOn: string | null; hostingAgreement: boolean } }>(
    ADD_CLUB_MEMBER,
    { input: { companyId: createCompany.company.id, clubId: viewer.structure.id, joinedOn: firstOfMonth, hostingAgreement: true, idempotencyKey: 'example-join-serrurerie-du-canal' } },
  );
  return {
    companyId: createCompany.company.id,
    memberOf: addClubMember.company.memberOf.map((c) => c.id),
    joinedOn: addClubMember.joinedOn,
    hostingAgreement: addClubMember.hostingAgreement,
  };
}

if (require.main === module) {
  joinTheNetwork(
    process.env.RELAIS_URL ?? 'http://127.0.0.1:4000/graphql',
    process.env.ADMIN_TOKEN ?? 'rls_demo_network_admin',
    process.env.CLUB_TOKEN ?? 'rls_demo_crepi_animator',
    process.env.NAF_CODE,
  ).then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      if (error instanceof ClientError) console.error(`HTTP ${error.response.status}`, JSON.stringify(refusals(error), null, 2));
      else console.error(error);
      process.exit(1);
    },
  );
}
