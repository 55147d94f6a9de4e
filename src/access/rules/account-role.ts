/** Role of an account. An account belongs to one structure, one company, one participant, or (admins) none. */
export enum AccountRole {
  NETWORK_ADMIN = 'NETWORK_ADMIN',
  STRUCTURE_ADMIN = 'STRUCTURE_ADMIN',
  STRUCTURE_STAFF = 'STRUCTURE_STAFF',
  COMPANY_ADMIN = 'COMPANY_ADMIN',
  COMPANY_STAFF = 'COMPANY_STAFF',
  PARTICIPANT = 'PARTICIPANT',
  PARTNER_INTEGRATION = 'PARTNER_INTEGRATION',
}
